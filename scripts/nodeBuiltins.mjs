// The web build's guard: nothing in a bundle for the browser may import a Node built-in (`node:fs`, `os`,
// `worker_threads`...), which would fail at load time in vscode.dev's web-worker extension host. Two checks, both
// used by scripts/build.mjs and unit-tested (test/unit/scripts/nodeBuiltins.test.ts): a plugin that refuses to
// resolve such an import (the build fails naming the file that imports it), and a scan of the build's metafile for
// any that got through as an external import.
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Whether `path` names a Node built-in: `node:anything`, or a bare built-in name (`fs`, `fs/promises`). */
export function isNodeBuiltin(path) {
  return path.startsWith('node:') || BUILTINS.has(path) || BUILTINS.has(path.split('/')[0]);
}

/** An esbuild plugin that fails the build at the first import of a Node built-in, naming the importer. */
export function rejectNodeBuiltins() {
  return {
    name: 'reject-node-builtins',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || !isNodeBuiltin(args.path)) return undefined;
        return {
          errors: [{ text: `Node built-in '${args.path}' imported by ${args.importer}: the web build runs in the browser, which has no Node built-ins (put the Node-only code behind src/extension/platform)` }],
        };
      });
    },
  };
}

/** Every import of a Node built-in recorded in an esbuild metafile, as "importer -> path". */
export function builtinImports(metafile) {
  const found = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) if (isNodeBuiltin(imp.path)) found.push(`${file} -> ${imp.path}`);
  }
  return found;
}
