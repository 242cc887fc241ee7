// The extension as the browser's web-worker extension host runs it: a copy of the built extension whose manifest
// has no `main`, so VS Code Server can only run it from its `browser` entry (dist/web/extension.js) in the browser's
// web worker, with the web test bundle (out/test/web/index.js) inside it as test/index.js. A test entry inside an
// extension's folder runs in the host that runs that extension. That host has no environment variables: what the
// tests need from the harness (the bridge's URL...) is written next to the entry as test/env.json.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths';

export interface WebCopy {
  extensionPath: string;
  testsEntry: string;
}

/** Makes the copy in `dir` (created); throws when the build is missing. */
export function makeWebCopy(dir: string): WebCopy {
  const bundle = join(projectRoot, 'out', 'test', 'web', 'index.js');
  for (const f of [join(projectRoot, 'dist', 'web', 'extension.js'), bundle]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  mkdirSync(join(dir, 'test'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.main;
  // `extensionKind: ["workspace", "ui"]` would send a development extension (and its tests) to VS Code Server's
  // Node extension host even without `main`; vscode.dev has no such host. Only the web worker host is left here.
  manifest.extensionKind = ['web'];
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  cpSync(join(projectRoot, 'dist'), join(dir, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  cpSync(join(projectRoot, 'media'), join(dir, 'media'), { recursive: true });
  cpSync(bundle, join(dir, 'test', 'index.js'));
  return { extensionPath: dir, testsEntry: join(dir, 'test', 'index.js') };
}

/** What the web test entry reads as its `process.env` (see test/web/env.ts). */
export function writeWebEnv(copy: WebCopy, env: Record<string, string>): void {
  writeFileSync(join(copy.extensionPath, 'test', 'env.json'), JSON.stringify(env, null, 2));
}
