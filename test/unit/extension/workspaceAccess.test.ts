// What makes Restricted Mode and virtual workspaces safe to declare (package.json `capabilities`), kept true by a
// scan of the shipped sources: nothing runs workspace content (no child processes, `vm`, `eval` or `new
// Function`), and the only direct file-system access is platform/nodeFiles.ts's read of large *local* files, behind its
// `file:` scheme check; every other read and write goes through `vscode.workspace.fs`, which virtual file systems
// serve. A new module that reaches for Node's `fs` fails here with the file named.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const files = [...sources(join(root, 'src')), ...sources(join(root, 'webview'))].map((path) => ({
  name: relative(root, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

const NODE_FILES = 'src/extension/platform/nodeFiles.ts';
const FS_IMPORT = /\bfrom\s+'(?:node:)?fs(?:\/promises)?'|require\(\s*'(?:node:)?fs(?:\/promises)?'\s*\)/;
const RUNS_CODE = /\bfrom\s+'(?:node:)?(?:child_process|vm)'|require\(\s*'(?:node:)?(?:child_process|vm)'\s*\)|\beval\s*\(|\bnew\s+Function\s*\(/;

describe('workspace access (Restricted Mode and virtual workspaces)', () => {
  it('scans the shipped sources', () => {
    assert.ok(files.length > 50, `only ${files.length} source files found under src/ and webview/`);
    assert.ok(files.some((f) => f.name === NODE_FILES));
  });

  it('nothing can run code: no child_process, vm, eval or new Function', () => {
    assert.deepEqual(files.filter((f) => RUNS_CODE.test(f.text)).map((f) => f.name), []);
  });

  it("only the Node host's file reading (platform/nodeFiles.ts) imports Node's fs", () => {
    assert.deepEqual(files.filter((f) => FS_IMPORT.test(f.text)).map((f) => f.name), [NODE_FILES]);
  });

  it('nodeFiles.ts opens a file directly only after checking it is a file: URI, else reads through workspace.fs', () => {
    const text = files.find((f) => f.name === NODE_FILES)?.text ?? '';
    // The direct open lives in readShared, called once: after the scheme check and the workspace.fs fallback.
    assert.equal(text.split('open(uri.fsPath').length - 1, 1, 'one direct open');
    const opener = text.lastIndexOf('function ', text.indexOf('open(uri.fsPath'));
    const name = /function (\w+)/.exec(text.slice(opener))?.[1] ?? '';
    const calls = [...text.matchAll(new RegExp(`\\b${name}\\(uri`, 'g'))].map((m) => m.index ?? -1);
    assert.equal(calls.length, 2, `${name} is defined and called once`);
    const guard = text.indexOf("uri.scheme !== 'file'");
    const fallback = text.indexOf('workspaceFiles.readWholeFile(uri');
    assert.ok(guard >= 0 && fallback > guard && calls[1]! > fallback, 'the scheme check, the workspace.fs read and the direct open are no longer in that order');
    const web = files.find((f) => f.name === 'src/extension/platform/files.ts')?.text ?? '';
    assert.match(web, /workspace\.fs\.readFile\(uri\)/, 'files.ts reads through workspace.fs');
  });

  it('the panel saves through the save dialog and workspace.fs', () => {
    const text = files.find((f) => f.name === 'src/extension/panel.ts')?.text ?? '';
    assert.match(text, /showSaveDialog\(/);
    assert.match(text, /vscode\.workspace\.fs\.writeFile\(uri, /);
  });
});
