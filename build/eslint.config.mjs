// ESLint for the whole repo (TypeScript via typescript-eslint). Import layering lives in
// dependency-cruiser.cjs; this file covers code-level rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Renderer layering (architecture.md §3.6): a browser app that imports only the contract and browser
// libraries; components ← features ← store ← transport, one way; only the transport knows its host.
const RENDERER_FORBIDDEN = [
  { group: ['node:*', 'electron', 'electron/*', '**/node-runtime/src/**', '**/electron/**'], message: 'The renderer imports only node-runtime/contract and browser libraries.' },
];
const rendererImports = (...layers) => [
  'error',
  {
    patterns: [
      ...RENDERER_FORBIDDEN,
      ...layers.map((layer) => ({ group: [`**/${layer}/**`, `../${layer}`, `./${layer}`], message: `This renderer layer must not import ${layer}/ (components ← features ← store ← transport).` })),
    ],
  },
];
const rendererSource = (folder) => ({ files: [`renderer/src/${folder}**/*.{ts,tsx}`], ignores: ['**/*.test.ts', '**/*.test.tsx'] });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.tsbuild/**', '**/dist/**', '**/out/**', '**/release/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // Library code logs through an injected Logger; only entry points and the terminal client print.
    files: ['node-runtime/cli/**', 'node-runtime/src/client/terminal/**', 'build/**', 'bench/**', '**/*.test.ts', 'node-runtime/test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'node-runtime/test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { ...rendererSource(''), rules: { 'no-restricted-imports': rendererImports() } },
  { ...rendererSource('components/'), rules: { 'no-restricted-imports': rendererImports('store', 'transport', 'features') } },
  { ...rendererSource('store/'), rules: { 'no-restricted-imports': rendererImports('features', 'components') } },
  { ...rendererSource('transport/'), rules: { 'no-restricted-imports': rendererImports('store', 'features', 'components') } },
  {
    ...rendererSource(''),
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'renderer/src/transport/ipcTransport.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='chatConsole']", message: 'Only transport/ipcTransport.ts looks for window.chatConsole.' }] },
  },
  {
    files: ['renderer/**/*.test.tsx', 'renderer/test/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
