// Layer rules (docs/architecture.md): a wrong import fails lint, not a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*', 'fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url',
  'worker_threads', 'stream', 'events', 'util', 'zlib',
];
// Bare package names are matched exactly (so a local './ws' module is fine); globs as patterns.
const restrict = (list, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: list.filter((x) => !x.includes('*')).map((name) => ({ name, message })),
      patterns: [{ group: list.filter((x) => x.includes('*')), message }],
    },
  ],
});

const rendererLayer = [...nodeBuiltins, 'electron', 'better-sqlite3', 'ws', '**/src-main/**', '**/src-hq/**'];
const rendererLayerMessage = 'The renderer talks to main only through the typed contract in src-shared.';
const storeOnly = "Call the contract through the store's actions (src-renderer/features/<feature>/slice.ts), never the transport directly.";

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'dist-cli/', 'release/', 'var/', 'tests/.artifacts/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // CommonJS on purpose: scripts/cli-run.cjs runs beside the CJS bundle, on Electron's runtime too
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict(
      [...nodeBuiltins, 'electron', 'better-sqlite3', 'ws', 'react', 'react-dom', 'zustand', '**/src-main/**', '**/src-renderer/**', '**/src-hq/**'],
      'src-shared is pure TypeScript: no Node, DOM, Electron, SQLite or other layers.',
    ),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(rendererLayer, rendererLayerMessage),
  },
  {
    // every contract call goes through the store's actions (docs/architecture.md, "The renderer"):
    // features (screens and slices alike), components, hooks and libs never call the transport
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/store/**', 'src-renderer/transport/**', 'src-renderer/video/**'],
    rules: (() => {
      const r = restrict(rendererLayer, rendererLayerMessage);
      r['no-restricted-imports'][1].patterns.push(
        { regex: '(^|/)transport(/index)?$', importNames: ['invoke'], message: storeOnly },
        { regex: '(^|/)video/channels$', importNames: ['videoInvoke', 'videoEndpoint'], message: storeOnly },
      );
      return r;
    })(),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: restrict(['electron', '**/src-renderer/**'], 'Only src-main/electron/ may import electron; main never imports the renderer.'),
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: restrict(['**/src-renderer/**'], 'Main never imports the renderer.'),
  },
);
