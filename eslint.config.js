import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Which code world may import which: renderer and shared never reach Node or Electron. */
const boundaries = (world, forbidden) => ({
  files: [`${world}/**/*.ts`, `${world}/**/*.svelte`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((group) => ({
          group: [group],
          message: `${world} must not import ${group}.`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/', 'node_modules/', 'docs/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.test.json'],
        extraFileExtensions: ['.svelte'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: false }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { project: null } },
  },
  boundaries('src-shared', ['node:*', 'electron', '**/src-main/**', '**/src-renderer/**']),
  boundaries('src-renderer', ['node:*', 'electron', '**/src-main/**', '!**/src-main/preload/api']),
);
