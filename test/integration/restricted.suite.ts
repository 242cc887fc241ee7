// Restricted Mode: the examples folder opened with workspace trust on and the folder not trusted (the harness's
// `--mode restricted`), as a freshly cloned repository opens. VS Code enables Pooling Lens there because the
// manifest declares `untrustedWorkspaces` support; these tests prove VS Code really considers the workspace
// untrusted and that the commands, the hover, the custom editor and the panel (Save .npy included) work in it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pageKeys, requireBridge } from './bridge';
import { hoverExampleLiteral, inspectExampleLiteral, openCameraInCustomEditor, saveMaxOutput } from './everywhere';
import { activeExtension, closeAllEditors, workspaceFile } from './util';

describe('Restricted Mode (workspace not trusted)', function () {
  this.timeout(120_000);
  beforeEach(function () {
    requireBridge(this);
  });
  afterEach(async () => {
    await pageKeys(['Escape']).catch(() => undefined);
    await closeAllEditors();
  });

  it('VS Code considers the workspace untrusted, and Pooling Lens is active with its commands', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.workspace.workspaceFolders?.[0]?.uri.scheme, 'file');
    const ext = await activeExtension();
    assert.equal(ext.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['poolingLens.inspectSelection', 'poolingLens.openNumpyFile', 'poolingLens.poolWith', 'poolingLens.inspectRange']) {
      assert.ok(commands.includes(id), `${id} is not registered in Restricted Mode`);
    }
  });

  it('the workspace cannot lift a size limit (restricted setting) but its other settings apply', async () => {
    const file = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.vscode/settings.json')));
    const written = JSON.parse(file) as Record<string, unknown>;
    assert.equal(written['poolingLens.fileSizeLimitMB'], 1, 'the harness wrote the workspace setting');
    const config = vscode.workspace.getConfiguration('poolingLens');
    assert.equal(config.get('fileSizeLimitMB'), 256, 'the workspace value of a restricted setting is ignored');
    assert.equal(written['poolingLens.debug.follow'], false, 'the harness wrote the workspace setting');
    assert.equal(config.get('debug.follow'), false, 'an ordinary workspace setting applies');
  });

  it('Inspect Selection opens the panel on a literal of an untrusted file', async () => {
    await inspectExampleLiteral();
  });

  it('the hover previews a literal of an untrusted file', async () => {
    await hoverExampleLiteral();
  });

  it('the custom editor opens a .npy of the untrusted folder', async () => {
    const uri = await openCameraInCustomEditor();
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('the panel saves an output as .npy into the untrusted folder', async () => {
    const target = workspaceFile('saved_max.npy');
    await saveMaxOutput({ uri: target, text: target.fsPath });
    await vscode.workspace.fs.delete(target);
  });
});
