// A virtual workspace: poolmem:/ws, a copy of examples/ served from memory by the test-only FileSystemProvider
// of test/fixtures/virtual (the harness's `--mode virtual`). No `file:` URI exists for these files, so every read
// and write must go through workspace.fs; the provider's log of writes proves a save reached it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pageKeys, requireBridge } from './bridge';
import { assertMaxOfTwoByTwo, hoverExampleLiteral, inspectExampleLiteral, openCameraInCustomEditor, saveMaxOutput } from './everywhere';
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
    const target = workspaceFile('saved_max.npy');
    const before = provider().writes().length;
    const bytes = await saveMaxOutput(target, target.path);
    const writes = provider().writes().slice(before).filter((w) => w.path === '/ws/saved_max.npy');
    assert.equal(writes.length, 1, 'the provider received the save once');
    assertMaxOfTwoByTwo(writes[0]?.bytes ?? new Uint8Array());
    assert.deepEqual([...(writes[0]?.bytes ?? [])], [...bytes]);
  });
});
