// One build script for every bundle: the extension and its pooling worker for Node's extension host (CommonJS,
// `vscode` external), the same for the browser's web-worker extension host (dist/web/, no Node built-in allowed:
// scripts/nodeBuiltins.mjs fails the build otherwise), and the webview (browser, IIFE). Prints each bundle's size.
// Flags: --watch rebuilds on change, --production minifies and drops source maps.
// Integration tests are compiled too (not bundled), so the extension host can load them with mocha; the browser
// host's suite is one bundle (out/test/web/index.js), as that host loads a single file.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinImports, rejectNodeBuiltins } from './nodeBuiltins.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const withTests = !production;

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  target: 'es2022',
};

const configs = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts', worker: 'src/extension/worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { extension: 'src/extension/extensionWeb.ts' },
    outdir: 'dist/web',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    plugins: [rejectNodeBuiltins()],
    web: true,
  },
  {
    ...common,
    entryPoints: { worker: 'src/extension/webWorker.ts' },
    outdir: 'dist/web',
    platform: 'browser',
    format: 'iife',
    plugins: [rejectNodeBuiltins()],
    web: true,
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
  },
];

/**
 * The web test bundle's stand-ins for Node: `node:assert/strict` is test/web/assert.ts; any other built-in stays an
 * external import that would throw if called (only Node-host helpers such as `collectGarbage` use them). And
 * `mocha-browser-source`, mocha's browser build as text: bundled as a module, its UMD header would replace the
 * entry's own exports (VS Code would then call mocha's `run`); test/web/index.ts evaluates it on its own.
 */
const webTestShims = {
  name: 'web-test-shims',
  setup(build) {
    build.onResolve({ filter: /^mocha-browser-source$/ }, () => ({ path: join(process.cwd(), 'node_modules', 'mocha', 'mocha.js'), namespace: 'text' }));
    build.onLoad({ filter: /.*/, namespace: 'text' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
    build.onResolve({ filter: /^node:assert(\/strict)?$/ }, () => ({ path: join(process.cwd(), 'test', 'web', 'assert.ts') }));
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
  },
};

if (withTests) {
  configs.push({
    entryPoints: { index: 'test/web/index.ts' },
    outdir: 'out/test/web',
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'inline',
    external: ['vscode'],
    define: { 'process.env': 'globalThis.__poolingLensEnv' },
    plugins: [webTestShims],
    logLevel: 'warning',
  });
  configs.push({
    entryPoints: listTs('test/integration'),
    outdir: 'out/test/integration',
    outbase: 'test/integration',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'linked',
    external: ['vscode', 'mocha', 'playwright-core'],
    logLevel: 'warning',
  });
}

/** `web: true` marks a browser extension-host bundle (not an esbuild option): its metafile is checked too. */
function esbuildOptions({ web: _web, ...options }) {
  return { ...options, metafile: true };
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Prints each bundle's size and fails on a Node built-in in a web bundle. */
function report(config, result) {
  if (config.web) {
    const found = builtinImports(result.metafile);
    if (found.length > 0) throw new Error(`[build] Node built-ins in the web build:\n  ${found.join('\n  ')}`);
  }
  if (config.outdir?.startsWith('out/')) return;
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.map')) console.log(`[build] ${file.padEnd(24)} ${kib(out.bytes).padStart(11)}${config.web ? '  (browser extension host, no Node built-ins: checked)' : ''}`);
  }
}

if (watch) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(esbuildOptions(c))));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching for changes');
} else {
  const results = await Promise.all(configs.map((c) => esbuild.build(esbuildOptions(c))));
  configs.forEach((c, i) => report(c, results[i]));
}
