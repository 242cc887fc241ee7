// A virtual workspace: poolmem:/ws, a copy of examples/ served from memory by the test-only FileSystemProvider
// of test/fixtures/virtual (the harness's `--mode virtual`). No `file:` URI exists for these files, so every read
// and write must go through workspace.fs; the provider's log of writes proves a save reached it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { writeNpy } from '../../src/io';
import { pageKeys, requireBridge, waitFor } from './bridge';
import { assertMaxOfTwoByTwo, hoverExampleLiteral, inspectExampleLiteral, openCameraInCustomEditor, saveMaxOutput } from './everywhere';
import { tableOf, type Outcome } from './panelHelpers';
import { activeExtension, closeAllEditors, workspaceFile } from './util';

const PROVIDER_ID = 'pooling-lens.pooling-lens-poolmem-fixture';

interface ProviderApi { writes(): { path: string; bytes: Uint8Array }[] }

function provider(): ProviderApi {
  const ext = vscode.extensions.getExtension<ProviderApi>(PROVIDER_ID);
  assert.ok(ext?.isActive, `the fixture file system ${PROVIDER_ID} is not active`);
  return ext.exports;
}

describe('virtual workspace (poolmem: file system)', function () {
  this.timeout(120_000);
  before(activeExtension);
  beforeEach(function () {
    requireBridge(this);
  });
  afterEach(async () => {
    await pageKeys(['Escape']).catch(() => undefined);
    await closeAllEditors();
  });

  it('the workspace is virtual: its only folder is poolmem:/ws', () => {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.uri.toString()), ['poolmem:/ws']);
    assert.equal(workspaceFile('article_example.py').scheme, 'poolmem');
  });

  it('the custom editor opens poolmem:/ws/camera_64.npy', async () => {
    const uri = await openCameraInCustomEditor();
    assert.equal(uri.toString(), 'poolmem:/ws/camera_64.npy');
  });

  it('Inspect Selection opens the panel on a literal of a poolmem: Python file', async () => {
    const doc = await inspectExampleLiteral();
    assert.equal(doc.uri.scheme, 'poolmem');
  });

  it('the hover previews a literal of a poolmem: Python file', async () => {
    await hoverExampleLiteral();
  });

  it('the panel saves an output through workspace.fs to the poolmem: provider', async () => {
    const before = provider().writes().length;
    // The dialog proposes the panel's default, a file in the workspace folder: accepted as it is.
    const { uri, bytes, proposed } = await saveMaxOutput();
    assert.match(proposed, /^\/ws\/[^/]+_MaxPooling2D\.npy$/, 'the dialog proposes a file in the virtual folder');
    assert.equal(uri.scheme, 'poolmem');
    const writes = provider().writes().slice(before).filter((w) => w.path === uri.path);
    assert.equal(writes.length, 1, 'the provider received the save once');
    assertMaxOfTwoByTwo(writes[0]?.bytes ?? new Uint8Array());
    assert.deepEqual([...(writes[0]?.bytes ?? [])], [...bytes]);
    await vscode.workspace.fs.delete(uri);
  });

  it('the custom editor re-reads a poolmem: .npy when the provider reports a change', async () => {
    const uri = workspaceFile('changing.npy');
    const write = (values: number[]): Thenable<void> =>
      vscode.workspace.fs.writeFile(uri, writeNpy({ dtype: 'float32', shape: [2, 2], data: Float32Array.from(values) }));
    await write([1, 2, 3, 4]);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
    assert.deepEqual(await tableOf('input', 'input'), [['1', '2'], ['3', '4']]);
    await write([10, 20, 30, 40]);
    const changed = await waitFor(() => tableOf('input', 'input'), (g) => g[0]?.[0] === '10', 'the re-read file');
    assert.deepEqual(changed, [['10', '20'], ['30', '40']]);
    assert.deepEqual(await tableOf('output', 'max'), [['40']]);
  });

  it('"Open NumPy File…" on a poolmem: file that does not exist says so, naming it', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', workspaceFile('missing.npy'));
    assert.equal(outcome.ok, false);
    assert.match(outcome.message ?? '', /missing\.npy/);
  });
});
