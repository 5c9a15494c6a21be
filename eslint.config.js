import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which code world may import which: shared and renderer never reach Node or Electron, nor another
 * process's code. The renderer may take *types* from main (the preload's Api type): they vanish at build.
 */
const what = (forbidden) =>
  forbidden.includes('electron')
    ? "Node, Electron or another process's code"
    : forbidden.includes('node:*')
      ? "Node built-ins or another process's code"
      : "another process's code";
const boundaries = (world, forbidden, typesFrom = []) => ({
  files: [`${world}/**/*.ts`, `${world}/**/*.svelte`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        // Exact names: a pattern "domain" would also match a folder called domain/.
        paths: forbidden.includes('node:*')
          ? BARE_NODE.map((name) => ({ name, message: `${world} may not import Node built-ins.` }))
          : [],
        patterns: [
          { group: forbidden, message: `${world} may not import ${what(forbidden)}.` },
          ...typesFrom.map((group) => ({
            group: [group],
            allowTypeImports: true,
            message: `${world} may import only types from ${group}.`,
          })),
        ],
      },
    ],
  },
});

/** Node's built-ins under both names: `node:fs`, and the bare `fs` or `fs/promises` (matched exactly). */
const NODE = ['node:*'];
const BARE_NODE = builtinModules.filter((name) => !name.startsWith('_'));

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
  boundaries('src-shared', [...NODE, 'electron', '**/src-main/**', '**/src-renderer/**']),
  boundaries('src-renderer', [...NODE, 'electron'], ['**/src-main/**']),
  boundaries('src-main', ['**/src-renderer/**']),
  // The preload runs sandboxed: Electron's renderer modules only, no Node built-ins.
  boundaries('src-main/preload', [...NODE, '**/src-renderer/**']),
  // libphonenumber-js generates the phone rule's data and checks its answers in tests; the app runs
  // src-shared/request/phone-rule.ts instead, so that the library's code stays out of the bundles.
  {
    files: ['src-*/**/*.ts', 'src-*/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['libphonenumber-js', 'libphonenumber-js/*'],
              message: 'The app reads phone numbers with src-shared/request/phone-rule.ts.',
            },
          ],
        },
      ],
    },
  },
);
