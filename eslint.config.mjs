// One flat config for every runtime. The pure layers (core, io, protocol) must stay importable from
// the extension host, a worker thread, the webview and plain Node tests, so they may not reach for
// `vscode`, the DOM or the file system.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pureLayerRestrictions = {
  'no-restricted-imports': ['error', {
    paths: [
      { name: 'vscode', message: 'src/core, src/io, src/protocol, src/view, src/analysis and src/debug are pure: no vscode imports.' },
      { name: 'fs', message: 'src/core, src/io, src/protocol, src/view, src/analysis and src/debug are pure: take bytes, not paths.' },
      { name: 'node:fs', message: 'src/core, src/io, src/protocol, src/view, src/analysis and src/debug are pure: take bytes, not paths.' },
      { name: 'fs/promises', message: 'src/core, src/io, src/protocol, src/view, src/analysis and src/debug are pure: take bytes, not paths.' },
      { name: 'node:fs/promises', message: 'src/core, src/io, src/protocol, src/view, src/analysis and src/debug are pure: take bytes, not paths.' },
    ],
  }],
  'no-restricted-globals': ['error',
    ...['window', 'document', 'navigator', 'HTMLElement', 'customElements', 'localStorage', 'acquireVsCodeApi']
      .map((name) => ({ name, message: 'src/core, src/io, src/protocol, src/view, src/analysis and src/debug are pure: no DOM.' })),
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
    // A function past 25 independent paths is more than a reader holds at once: split it, or say on the line
    // before it why it must stay whole (`// eslint-disable-next-line complexity -- <reason>`).
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: { complexity: ['error', 25] },
  },
  {
    // Test suites, the harness, benchmarks and scripts are mostly straight-line drivers (one branch per option,
    // case or report line) that nothing else calls; a higher limit still catches a god-function there.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs'],
    rules: { complexity: ['error', 50] },
  },
  {
    // Test-only fixture extensions and the example programs are plain CommonJS, run by Node as they are.
    files: ['test/fixtures/**/*.js', 'examples/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts', 'src/io/**/*.ts', 'src/protocol/**/*.ts', 'src/view/**/*.ts', 'src/analysis/**/*.ts',
      'src/debug/**/*.ts'],
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
