import { defineConfig } from 'vite';

/** The preload runs sandboxed, where only CommonJS and a few modules load: bundle it into one .cjs file. */
export default defineConfig({
  build: {
    outDir: 'out/node/preload',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    lib: { entry: 'src-main/preload/index.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rolldownOptions: { external: ['electron'] },
    reportCompressedSize: false,
  },
});
