// One flat config for every runtime. The pure layers (core, io, protocol) must stay importable from
// the extension host, a worker thread, the webview and plain Node tests, so they may not reach for
// `vscode`, the DOM or the file system.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pureLayerRestrictions = {
  'no-restricted-imports': ['error', {
    paths: [
      { name: 'vscode', message: 'src/core, src/io, src/protocol, src/view and src/debug are pure: no vscode imports.' },
      { name: 'fs', message: 'src/core, src/io, src/protocol, src/view and src/debug are pure: take bytes, not paths.' },
      { name: 'node:fs', message: 'src/core, src/io, src/protocol, src/view and src/debug are pure: take bytes, not paths.' },
      { name: 'fs/promises', message: 'src/core, src/io, src/protocol, src/view and src/debug are pure: take bytes, not paths.' },
      { name: 'node:fs/promises', message: 'src/core, src/io, src/protocol, src/view and src/debug are pure: take bytes, not paths.' },
    ],
  }],
  'no-restricted-globals': ['error',
    ...['window', 'document', 'navigator', 'HTMLElement', 'customElements', 'localStorage', 'acquireVsCodeApi']
      .map((name) => ({ name, message: 'src/core, src/io, src/protocol, src/view and src/debug are pure: no DOM.' })),
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'src/core/wasm/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Test-only fixture extensions and debuggees, and the examples' Node script, are plain CommonJS.
    files: ['test/fixtures/**/*.js', 'examples/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts', 'src/io/**/*.ts', 'src/protocol/**/*.ts', 'src/view/**/*.ts', 'src/debug/**/*.ts'],
    languageOptions: { globals: {} },
    rules: pureLayerRestrictions,
  },
  {
    // Messages quote text from the user's files; VS Code renders links in them. One chokepoint neutralises it.
    files: ['src/**/*.ts'],
    ignores: ['src/extension/notify.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: 'MemberExpression[property.name=/^(show(Error|Warning|Information)Message|setStatusBarMessage)$/]',
        message: 'Use showError/showWarning/showInfo/askModal/statusMessage from src/extension/notify.ts: they neutralise links in quoted text.',
      }],
    },
  },
);
