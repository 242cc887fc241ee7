// One build script, two bundles: the extension (Node, CommonJS, `vscode` external) and the webview
// (browser, IIFE). Flags: --watch rebuilds on change, --production minifies and drops source maps.
// Integration tests are compiled too (not bundled), so the extension host can load them with mocha.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
  },
];

if (withTests) {
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

if (watch) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching for changes');
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
