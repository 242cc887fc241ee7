// The web build's guard (scripts/nodeBuiltins.mjs): a bundle for the browser that would import a Node built-in fails
// to build, naming the importer; one that does not builds. Real esbuild builds of small in-memory entries.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

/** What scripts/nodeBuiltins.mjs exports. */
interface Guard {
  isNodeBuiltin(path: string): boolean;
  rejectNodeBuiltins(): esbuild.Plugin;
  builtinImports(metafile: esbuild.Metafile): string[];
}

let guard: Guard;
const isNodeBuiltin = (p: string): boolean => guard.isNodeBuiltin(p);
const builtinImports = (m: esbuild.Metafile): string[] => guard.builtinImports(m);
const rejectNodeBuiltins = (): esbuild.Plugin => guard.rejectNodeBuiltins();

function buildWeb(contents: string, withPlugin = true): Promise<esbuild.BuildResult & { metafile: esbuild.Metafile }> {
  return esbuild.build({
    stdin: { contents, loader: 'ts', resolveDir: process.cwd(), sourcefile: 'entry.ts' },
    bundle: true, write: false, platform: 'browser', format: 'cjs', logLevel: 'silent', metafile: true,
    external: withPlugin ? ['vscode'] : ['vscode', 'node:*', 'os'],
    plugins: withPlugin ? [rejectNodeBuiltins()] : [],
  });
}

describe('the web build refuses Node built-ins (scripts/nodeBuiltins.mjs)', () => {
  before(async () => {
    guard = (await import(pathToFileURL(join(__dirname, '..', '..', '..', 'scripts', 'nodeBuiltins.mjs')).href)) as Guard;
  });

  it('names node: imports, bare built-ins and their subpaths, not packages or relative files', () => {
    for (const p of ['node:fs', 'node:worker_threads', 'fs', 'fs/promises', 'os', 'crypto', 'path']) assert.equal(isNodeBuiltin(p), true, p);
    for (const p of ['vscode', 'fflate', './fs', '../core/os', 'd3-scale-chromatic']) assert.equal(isNodeBuiltin(p), false, p);
  });

  it('fails a build importing node:os, naming the importer and the module', async () => {
    await assert.rejects(buildWeb("import { cpus } from 'node:os'; export const n = cpus().length;"),
      (e: { errors?: { text: string }[] }) => (e.errors ?? []).some((x) => /Node built-in 'node:os' imported by .*entry\.ts/.test(x.text)));
  });

  it('fails a build importing a bare built-in through another module', async () => {
    await assert.rejects(buildWeb("export { nodeThreads } from './src/extension/platform/nodeThreads';"),
      (e: { errors?: { text: string }[] }) => (e.errors ?? []).some((x) => /'node:(os|worker_threads)' imported by .*nodeThreads\.ts/.test(x.text)));
  });

  it('passes the browser entry and worker of the extension', async () => {
    for (const entry of ['./src/extension/extensionWeb', './src/extension/webWorker']) {
      const r = await buildWeb(`import '${entry}';`);
      assert.deepEqual(r.errors, []);
      assert.deepEqual(builtinImports(r.metafile), []);
    }
  });

  it('finds built-ins left external in a metafile (the check after the build)', async () => {
    const r = await buildWeb("import { cpus } from 'node:os'; import * as o from 'os'; export const n = cpus().length + o.EOL.length;", false);
    assert.deepEqual(builtinImports(r.metafile).sort(), ['entry.ts -> node:os', 'entry.ts -> os']);
  });
});
