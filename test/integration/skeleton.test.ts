import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bridgeUrl, pageEvaluate, requireBridge, screenshot, waitFor } from './bridge';
import { inspectRange, tableOf, type Outcome } from './panelHelpers';
import { activeExtension, closeAllEditors, openEditor } from './util';

describe('walking skeleton: the extension in a real VS Code', () => {
  after(closeAllEditors);

  it('activates', async () => {
    const ext = await activeExtension();
    assert.equal(ext.isActive, true);
  });

  it('registers every contributed command', async () => {
    const ext = await activeExtension();
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no command');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('Inspect Selection on the article 4x4 array shows its 2x2 max and average pools', async function () {
    requireBridge(this);
    const editor = await openEditor('article_example.py');
    const outcome = await inspectRange(editor, 'np.array([[1, 2, 3, 4],', '.reshape(1, 4, 4, 1)');
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual(outcome.shape, [1, 4, 4, 1]);

    await screenshot('skeleton-panel.png');
    assert.deepEqual(await tableOf('input', 'input'), [['1', '2', '3', '4'], ['5', '6', '7', '8'], ['9', '10', '11', '12'], ['13', '14', '15', '16']]);
    assert.deepEqual(await tableOf('output', 'max'), [['6', '8'], ['14', '16']]);
    assert.deepEqual(await tableOf('output', 'avg'), [['3.5', '5.5'], ['11.5', '13.5']]);
  });

  it('Inspect Selection with no array reports a message instead of throwing', async () => {
    const editor = await openEditor('article_example.py');
    const at = editor.document.getText().indexOf('import numpy as np');
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));

    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.inspectSelection');
    assert.equal(outcome.ok, false);
    assert.match(outcome.message ?? '', /no array literal here/);

    // The notification itself is only visible through the server launcher's bridge.
    if (!bridgeUrl) return;
    const toasts = await waitFor(
      () => pageEvaluate<string>(`[...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].map((e) => e.textContent).join('\\n')`),
      (t) => t.includes('no array literal here'),
      'the error notification',
    );
    assert.match(toasts, /Pooling Lens: no array literal here/);
  });
});
