// More of the panel as a person uses it: N-d inputs (batch/channel selectors, all channels, squeeze),
// keyboard navigation with announcements, exports to the clipboard and to a .npy file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pageKeys, panelClick, panelEvaluate, panelFill, panelTitles, requireBridge, waitFor } from './bridge';
import { tableOf, type Outcome } from './panelHelpers';
import { saveMaxOutput } from './everywhere';
import { closeAllEditors, workspaceFile } from './util';

/** A (2, 4, 4, 3) channels-last batch: value = 1000*b + 100*c + 4*h + w. */
const BATCH_LITERAL = `np.array([${[0, 1].map((b) => `[${[0, 1, 2, 3].map((h) => `[${[0, 1, 2, 3].map((w) => `[${[0, 1, 2].map((c) => 1000 * b + 100 * c + 4 * h + w).join(', ')}]`).join(', ')}]`).join(', ')}]`).join(', ')}])`;

async function inspectLiteral(content: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `x = ${content}\n` });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(doc.positionAt(4), doc.positionAt(4 + content.length));
  const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.inspectSelection');
  assert.equal(outcome.ok, true, outcome.message);
}

describe('inspector panel: N-d inputs, keyboard, exports', function () {
  this.timeout(120_000);
  beforeEach(function () {
    requireBridge(this);
  });
  afterEach(async () => {
    await pageKeys(['Escape']).catch(() => undefined);
    await closeAllEditors();
  });

  it('selects batch and channel of an (N, H, W, C) input and shows all channels side by side', async () => {
    await inspectLiteral(BATCH_LITERAL);
    const first = await tableOf('input', 'input');
    assert.deepEqual(first[1], ['4', '5', '6', '7']);
    await panelFill('[data-field="channel"] input', '2');
    await panelFill('[data-field="batch"] input', '1');
    const picked = await waitFor(() => tableOf('input', 'input'), (g) => g[0]?.[0] === '1200', 'batch 1, channel 2');
    assert.deepEqual(picked[3], ['1212', '1213', '1214', '1215']);
    // The outputs follow: 2x2 max of batch 1, channel 2.
    assert.deepEqual(await tableOf('output', 'max'), [['1205', '1207'], ['1213', '1215']]);
    await panelClick('[data-field="allChannels"] vscode-checkbox');
    const multiples = await waitFor(() => panelEvaluate<number>(`document.querySelectorAll('section.tensor[data-id="input"] .multiples canvas').length`), (n) => n > 0, 'the channel grid');
    assert.equal(multiples, 3);
  });

  it('squeeze shows shapes without their size-1 axes', async () => {
    await inspectLiteral('np.array([[1., 2., 3., 4.], [5., 6., 7., 8.]]).reshape(1, 2, 4, 1)');
    const shape = (): Promise<string> => panelEvaluate<string>(`document.querySelector('section.tensor[data-id="max"] .shape')?.textContent ?? ''`);
    assert.equal(await waitFor(shape, (s) => s !== '', 'the output shape'), 'float64 (1, 1, 2, 1)');
    await panelClick('[data-field="squeeze"] vscode-checkbox');
    assert.equal(await waitFor(shape, (s) => s.includes('squeezed'), 'the squeezed shape'), 'float64 (2,) squeezed');
  });

  it('moves a focus cell with the arrow keys and announces its value and window', async () => {
    await inspectLiteral('[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]');
    await waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('section.tensor[data-id="max"] canvas.heatmap-base')`), Boolean, 'the heatmap');
    await panelClick('section.tensor[data-id="max"] canvas.heatmap-base');
    await pageKeys(['ArrowDown', 'ArrowRight']);
    const spoken = await waitFor(
      () => panelEvaluate<string>(`document.querySelector('section.tensor[data-id="max"] [aria-live]').textContent`),
      (t) => t.includes('row 1, column 1'), 'the announcement');
    assert.match(spoken, /max row 1, column 1: 16/);
    assert.match(spoken, /max of 4 cells = 16 at \(3, 3\)/);
  });

  it('copies an output to the clipboard as a NumPy literal and as JSON', async () => {
    await inspectLiteral('[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]');
    await vscode.env.clipboard.writeText('');
    await panelClick('section.tensor[data-id="avg"] button[data-action="copy-numpy"]');
    const numpy = await waitFor(() => Promise.resolve(vscode.env.clipboard.readText()), (t) => t !== '', 'the clipboard');
    // Integers (int64, as NumPy reads this list): Keras refuses integer average pooling, so the panel pools the
    // input cast to float32, as `tf.cast(x, tf.float32)` would, and its caption says so.
    assert.equal(numpy.replace(/\s+/g, ' '), 'np.array([[[[3.5], [5.5]], [[11.5], [13.5]]]], dtype=np.float32)');
    const note = await panelEvaluate<string>(`document.querySelector('section.tensor[data-id="avg"] .note')?.textContent ?? ''`);
    assert.match(note, /^Pooled as float32: TF's AvgPool takes float16, float32 and float64 only \(Keras average pooling raises for int64\)/);
    await vscode.env.clipboard.writeText('');
    await panelClick('section.tensor[data-id="max"] button[data-action="copy-json"]');
    const json = await waitFor(() => Promise.resolve(vscode.env.clipboard.readText()), (t) => t !== '', 'the clipboard');
    assert.deepEqual(JSON.parse(json), [[[[6], [8]], [[14], [16]]]]);
  });

  it('saves an output as .npy through the save dialog', async () => {
    // VS Code Server's save dialog is the workbench's own file dialog: the path is typed, then Enter.
    const target = workspaceFile('saved_max.npy');
    await saveMaxOutput({ uri: target, text: target.fsPath });
    await vscode.workspace.fs.delete(target);
  });

  it('a precision error clears once a valid precision is typed, and stays cleared', async () => {
    await inspectLiteral('[[1.23456, 2], [3, 4]]');
    const error = (): Promise<string> => panelEvaluate<string>(`document.querySelector('[data-field="precision"] .field-error')?.textContent ?? ''`);
    await panelFill('[data-field="precision"] input', '99');
    assert.match(await waitFor(error, (t) => t !== '', 'the precision error'), /1 to 17/);
    await panelFill('[data-field="precision"] input', '3');
    const table = await waitFor(() => tableOf('input', 'input'), (g) => g[0]?.[0] === '1.23', 'the values at 3 digits');
    assert.equal(table[0]?.[0], '1.23');
    assert.equal(await error(), '', 'the error is gone after the re-render');
  });

  it('asks before opening a file above the size limit, and opens nothing when declined', async () => {
    const config = vscode.workspace.getConfiguration('poolingLens');
    await config.update('fileSizeLimitMB', 1, vscode.ConfigurationTarget.Global);
    try {
      const big = workspaceFile('big.npy');
      const header = '{\'descr\': \'<f4\', \'fortran_order\': False, \'shape\': (512, 1024), }';
      const padded = header.padEnd(128 - 10 - 1, ' ') + '\n';
      const bytes = new Uint8Array(128 + 512 * 1024 * 4);
      bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, padded.length & 0xff, padded.length >> 8]);
      bytes.set(new TextEncoder().encode(padded), 10);
      await vscode.workspace.fs.writeFile(big, bytes);
      // VS Code refuses modal dialogs while extension tests run, so the question itself cannot be
      // answered here: its refusal proves it was asked, and the file must stay unopened.
      const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', big);
      assert.equal(outcome.ok, false);
      assert.match(outcome.message ?? '', /big\.npy: .*dialog/i);
      assert.ok(!(await panelTitles()).some((t) => t.includes('big.npy')), 'no panel opened for big.npy');
      await vscode.workspace.fs.delete(big);
    } finally {
      await config.update('fileSizeLimitMB', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

