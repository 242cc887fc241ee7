// Hostile inputs in the real VS Code: each case once crashed, froze or overloaded the extension host. After each,
// the host must still answer (this suite keeps running in it, and the extension's own command still works) and
// the panel must say what was refused. A host that dies fails the whole run (the launcher watches for it).
import * as assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import * as vscode from 'vscode';
import { writeNpy } from '../../src/io';
import { pageEvaluate, pageKeys, panelClick, panelEvaluate, panelFill, panelTitles, requireBridge, waitFor } from './bridge';
import type { Outcome } from './panelHelpers';
import { closeAllEditors, workspaceFile } from './util';
import { withEventLoopGap } from '../shared/eventLoop';

/** A .npy header for any shape, with no data (only valid for zero-size shapes). */
function npyHeaderOnly(descr: string, shape: string): Uint8Array {
  const header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const padded = header.padEnd(128 - 10 - 1, ' ') + '\n';
  const bytes = new Uint8Array(128);
  bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, padded.length & 0xff, padded.length >> 8]);
  bytes.set(new TextEncoder().encode(padded), 10);
  return bytes;
}

/** The extension still answers: it opens a small literal and reports its shape. */
async function hostAnswers(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = [[1, 2], [3, 4]]\n' });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(doc.positionAt(4), doc.positionAt(20));
  const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.inspectSelection');
  assert.equal(outcome.ok, true, outcome.message);
  assert.deepEqual(outcome.shape, [2, 2]);
}

const notifications = (): Promise<string> =>
  pageEvaluate<string>(`[...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].map((e) => e.textContent).join('\\n')`);

const fieldError = (field: string): Promise<string> =>
  panelEvaluate<string>(`document.querySelector('[data-field="${field}"] .field-error')?.textContent ?? ''`);

describe('hostile inputs leave the extension host alive and say what was refused', function () {
  this.timeout(180_000);
  beforeEach(function () {
    requireBridge(this);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await closeAllEditors();
  });

  it('pool size 256, stride 1 on a 2 MB 1-D signal (once a V8 fatal error) re-pools off the host thread', async () => {
    const n = 1 << 21;
    const data = new Uint8Array(n).map((_, i) => (i * 2654435761) >>> 24);
    const uri = workspaceFile('signal_2mb.npy');
    await vscode.workspace.fs.writeFile(uri, writeNpy({ dtype: 'uint8', shape: [n], data }));
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri);
    assert.equal(outcome.ok, true, outcome.message);
    await waitFor(() => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`), (c) => c.includes('(1, 1048576, 1)'), 'the first output', 60_000);
    await panelFill('[data-field="poolSize"] input', '256');
    await panelFill('[data-field="strides"] input', '1');
    const caption = await waitFor(
      () => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`),
      (c) => c.includes(`(1, ${n - 255}, 1)`), 'the 256-cell stride-1 output', 120_000);
    assert.match(caption, /MaxPooling1D\(pool_size=\(256,\), strides=\(1,\), padding='valid'\)/);
    // The output (2,096,897 cells) stays with the host: a cell reached with the keyboard (Home: the first) is
    // explained there, and its value is the max of its 256 input cells.
    await panelEvaluate(`document.querySelector('section.tensor[data-id="max"] canvas.heatmap-base').focus()`);
    await pageKeys(['End', 'Home']);
    const said = await waitFor(() => panelEvaluate<string>(`document.getElementById('detail')?.textContent ?? ''`),
      (t) => /^MaxPooling1D \(0\): max of 256 cells = /.test(t), 'the explanation of the first output cell', 30_000);
    const m = /^MaxPooling1D \((\d+)\): max of 256 cells = (\d+) at \((\d+)\)/.exec(said);
    assert.ok(m, said);
    const o = Number(m[1]);
    let want = 0;
    for (let i = o; i < o + 256; i++) want = Math.max(want, data[i]!);
    assert.equal(Number(m[2]), want, said);
    assert.equal(data[Number(m[3])], want);
    await hostAnswers();
    await vscode.workspace.fs.delete(uri);
  });

  it('Copy as NumPy of a zero-size (2^52, 0) array (once a 30 s freeze, then a crash) is refused with the reason', async () => {
    const uri = workspaceFile('zero_huge.npy');
    await vscode.workspace.fs.writeFile(uri, npyHeaderOnly('<f4', '(4503599627370496, 0)'));
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri);
    assert.equal(outcome.ok, true, outcome.message);
    const empty = await waitFor(
      () => panelEvaluate<string>(`document.querySelector('section.tensor[data-role="input"] .empty')?.textContent ?? ''`),
      (t) => t !== '', 'the empty input, drawn (it used to stay on "Loading…")');
    assert.match(empty, /empty array: shape \(4503599627370496, 0\) holds no values/);
    await vscode.env.clipboard.writeText('untouched');
    const started = Date.now();
    await panelClick('section.tensor[data-role="input"] button[data-action="copy-numpy"]');
    const said = await waitFor(notifications, (t) => /characters of text/.test(t), 'the refusal');
    assert.match(said, /input \(4503599627370496, 0\) would be .* characters of text .* Use "Save \.npy" instead/);
    assert.ok(Date.now() - started < 10_000, 'refused at once');
    assert.equal(await vscode.env.clipboard.readText(), 'untouched');
    await hostAnswers();
    await vscode.workspace.fs.delete(uri);
  });

  it('an adaptive 30000x30000 output of a 64x64 input (7 GB, once computed on the host thread) is refused under the control', async () => {
    const uri = workspaceFile('small_64.npy');
    await vscode.workspace.fs.writeFile(uri, writeNpy({ dtype: 'float32', shape: [64, 64], data: new Float32Array(4096).map((_, i) => i % 97) }));
    await vscode.commands.executeCommand('poolingLens.openNumpyFile', uri);
    await waitFor(() => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`), (c) => c !== '', 'the panel');
    // Adaptive pooling is PyTorch's.
    await panelClick('[data-field="framework"] vscode-single-select');
    await panelClick('[data-field="framework"] vscode-single-select li[role="option"]:has-text("PyTorch")');
    await waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('[data-field="op"] vscode-option[value="adaptiveAvg"]')`), Boolean, 'the PyTorch operations');
    await panelClick('[data-field="op"] vscode-single-select');
    await panelClick('[data-field="op"] vscode-single-select li[role="option"]:has-text("Adaptive average")');
    // The new operation's result re-renders the controls: type only after it has arrived.
    await waitFor(() => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`), (c) => c.includes('AdaptiveAvgPool2d'), 'the adaptive output');
    await panelFill('[data-field="outputSize"] input', '30000');
    const error = await waitFor(() => fieldError('outputSize'), (t) => t !== '', 'the refusal under the output size', 30_000);
    assert.match(error, /900,000,000 elements, over the limit of 268,435,456 \(2\^28\)/);
    assert.equal(await panelEvaluate<boolean>(`document.querySelector('section.tensor[data-role="output"]').classList.contains('stale')`), true);
    await hostAnswers();
    await vscode.workspace.fs.delete(uri);
  });

  it('a 70 KB .npz whose array inflates to 64 MiB asks first (by its inflated size) and opens nothing when declined', async () => {
    const npy = writeNpy({ dtype: 'float32', shape: [4096, 4096], data: new Float32Array(4096 * 4096) });
    const archive = zipSync({ 'bomb.npy': npy }, { level: 9 });
    assert.ok(archive.length < 200_000, `${archive.length} bytes`);
    const uri = workspaceFile('bomb.npz');
    await vscode.workspace.fs.writeFile(uri, archive);
    const config = vscode.workspace.getConfiguration('poolingLens');
    await config.update('fileSizeLimitMB', 16, vscode.ConfigurationTarget.Global);
    try {
      // VS Code refuses modal dialogs while extension tests run: the refusal proves the question was asked.
      const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri);
      assert.equal(outcome.ok, false);
      assert.match(outcome.message ?? '', /bomb\.npz: .*dialog.*The array 'bomb' of bomb\.npz \([\d.]+ KiB\) inflates to 64\.0 MiB, more than the 16\.0 MiB/);
      assert.ok(!(await panelTitles()).some((t) => t.includes('bomb.npz')), 'no panel opened');
    } finally {
      await config.update('fileSizeLimitMB', undefined, vscode.ConfigurationTarget.Global);
    }
    // Within the limit it opens, inflated on a worker: the host's event loop keeps ticking meanwhile.
    const t0 = performance.now();
    const { result: opened, maxGapMs } = await withEventLoopGap(5, async () => vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri));
    assert.equal(opened.ok, true, opened.message);
    assert.deepEqual(opened.shape, [4096, 4096]);
    console.log(`    [bench] 64 MiB .npz member (${archive.length} B archive) read on a worker in ${(performance.now() - t0).toFixed(0)} ms; longest host event-loop gap meanwhile ${maxGapMs.toFixed(1)} ms`);
    await hostAnswers();
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('an .npz of 250 arrays lists them a page at a time in the panel', async () => {
    const one = writeNpy({ dtype: 'uint8', shape: [2, 2], data: Uint8Array.of(1, 2, 3, 4) });
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 250; i++) files[`a${String(i).padStart(3, '0')}.npy`] = one;
    const uri = workspaceFile('many.npz');
    await vscode.workspace.fs.writeFile(uri, zipSync(files, { level: 0 }));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
    const label = (): Promise<string> => panelEvaluate<string>(`document.querySelector('[data-field="member"] label')?.textContent ?? ''`);
    assert.equal(await waitFor(label, (t) => t !== '', 'the member picker'), 'Array (1–100 of 250 in this archive)');
    assert.equal(await panelEvaluate<number>(`document.querySelectorAll('[data-field="member"] vscode-option').length`), 100);
    await panelClick('[data-field="member"] button[data-action="members-next"]');
    await waitFor(label, (t) => t.startsWith('Array (101–200'), 'the second page');
    await panelClick('[data-field="member"] button[data-action="members-next"]');
    await waitFor(label, (t) => t.startsWith('Array (201–250'), 'the last page');
    assert.equal(await panelEvaluate<boolean>(`document.querySelector('[data-field="member"] button[data-action="members-next"]').disabled`), true);
    await panelClick('[data-field="member"] vscode-single-select');
    await panelClick('[data-field="member"] vscode-single-select li[role="option"]:has-text("a249")');
    await waitFor(() => panelEvaluate<string>(`document.querySelector('header h1')?.textContent ?? ''`), (t) => t.endsWith('a249'), 'member a249 shown');
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });
});
