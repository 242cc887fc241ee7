// The extension in the browser's web-worker extension host (what vscode.dev and github.dev run): loaded from its
// `browser` entry with no Node at all, the panel from a literal, the custom editor on a .npy, pooling a big input
// off the host's thread in a Web Worker, and the figures of opening a 4096x4096 file (printed, not asserted).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pool, type Tensor } from '../../src/core';
import { writeNpy } from '../../src/io';
import { benchOpen } from '../integration/benchOpen';
import { pageWorkers, panelEvaluate, panelFill, requireBridge, screenshot, waitFor } from '../integration/bridge';
import { hoverCell, detailText, tableOf, type Outcome } from '../integration/panelHelpers';
import { EXTENSION_ID, activeExtension, closeAllEditors, openEditor, workspaceFile } from '../integration/util';

const caption = (title?: string): Promise<string> => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`, title);

/** A float32 image whose values are easy to check by hand at any cell: 1000 * row + column. */
function ramp(side: number): Tensor {
  const data = new Float32Array(side * side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) data[r * side + c] = 1000 * r + c;
  return { dtype: 'float32', shape: [side, side], data };
}

describe('in the browser web-worker extension host', function () {
  this.timeout(300_000);
  before(async function () {
    requireBridge(this);
    await activeExtension();
  });
  afterEach(closeAllEditors);

  it('runs from the browser entry, without Node', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive);
    const manifest = ext.packageJSON as { main?: string; browser?: string };
    assert.equal(manifest.main, undefined);
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  it('Inspect Selection of a literal opens the panel with the max and average pools', async () => {
    const editor = await openEditor('article_example.py');
    const text = editor.document.getText();
    const start = text.indexOf('np.array([[1, 2, 3, 4],');
    const end = text.indexOf('.reshape(1, 4, 4, 1)', start) + '.reshape(1, 4, 4, 1)'.length;
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.inspectSelection');
    assert.equal(outcome.ok, true, outcome.message);
    await waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('section.tensor[data-id="max"] canvas.heatmap-base')`), Boolean, 'the panel');
    assert.equal(await caption(), "(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)");
    // 2x2 windows of 1..16 row by row: max is each window's bottom-right, average its mean.
    assert.deepEqual(await tableOf('output', 'max'), [['6', '8'], ['14', '16']]);
    assert.deepEqual(await tableOf('output', 'avg'), [['3.5', '5.5'], ['11.5', '13.5']]);
    await panelEvaluate(`document.querySelectorAll('section.tensor button[data-action="toggle-table"]').forEach((b) => b.closest('section').querySelector('table.grid') && b.click())`);
    await hoverCell('output', 'max', 1, 0);
    await waitFor(() => detailText(), (t) => t.includes('max of'), 'the detail line');
    await screenshot('web-panel.png');
  });

  it('opens a .npy in the custom editor', async () => {
    const uri = workspaceFile('web_small.npy');
    // 3x4 int32, 0..11: 2x2 max pooling (valid) keeps one row of two windows, [[5, 7]].
    await vscode.workspace.fs.writeFile(uri, writeNpy({ dtype: 'int32', shape: [3, 4], data: Int32Array.from({ length: 12 }, (_, i) => i) }));
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
      await waitFor(() => caption('web_small.npy'), (c) => c.includes('MaxPooling2D'), 'the editor\'s panel');
      assert.equal(await caption('web_small.npy'), "(1, 3, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 1, 2, 1)");
      assert.deepEqual(await tableOf('output', 'max', 'web_small.npy'), [['5', '7']]);
      assert.deepEqual(await tableOf('input', 'input', 'web_small.npy'), [['0', '1', '2', '3'], ['4', '5', '6', '7'], ['8', '9', '10', '11']]);
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('re-pools a 2048x2048 input off the host\'s thread, in a Web Worker, and the host keeps answering', async () => {
    const name = 'web_big_2048.npy';
    const uri = workspaceFile(name);
    const input = ramp(2048);
    await vscode.workspace.fs.writeFile(uri, writeNpy(input));
    try {
      const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri);
      assert.equal(outcome.ok, true, outcome.message);
      await waitFor(() => caption(name), (c) => c.includes('pool_size=(2, 2)'), 'the first pooling', 180_000);
      // 3x3 windows at stride 1: 4 million windows, 37 million cell visits, far above what runs inline.
      let ticks = 0;
      let maxGapMs = 0;
      let last = Date.now();
      const timer = setInterval(() => {
        const now = Date.now();
        maxGapMs = Math.max(maxGapMs, now - last);
        last = now;
        ticks++;
      }, 20);
      const t0 = Date.now();
      try {
        await panelFill('[data-field="poolSize"] input', '3', name);
        await panelFill('[data-field="strides"] input', '1', name);
        await waitFor(() => caption(name), (c) => c.includes('pool_size=(3, 3), strides=(1, 1)'), 'the 3x3 stride-1 pooling', 180_000);
      } finally {
        clearInterval(timer);
      }
      const workers = await pageWorkers();
      console.log(`    [web] 2048x2048 re-pooled (3x3, stride 1) in ${Date.now() - t0} ms; the host's timer ticked ${ticks} times, longest gap ${maxGapMs} ms; page workers: ${workers.join(' | ')}`);
      assert.ok(workers.some((w) => w.includes('pooling-lens-worker')), `no pooling worker among the page's workers: ${workers.join(', ')}`);
      // The value under the cursor: the max of the 3x3 window at (r, c) of 1000 row + column is its bottom-right
      // cell, 1000 (r + 2) + c + 2, as the core says too.
      const want = pool(input, { op: 'max', poolSize: 3, strides: 1 });
      await hoverCell('output', 'max', 0, 0, name);
      const detail = await waitFor(() => detailText(name), (t) => t.includes('max of'), 'the detail line');
      const m = /\((\d+), (\d+)\): max of 9 cells = (\d+)/.exec(detail);
      assert.ok(m, detail);
      const [r, c, value] = [Number(m[1]), Number(m[2]), Number(m[3])];
      assert.equal(value, 1000 * (r + 2) + c + 2, detail);
      assert.equal(want.output.data[r * 2046 + c], value);
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('benchmark: opening a 4096x4096 float32 .npy, command to painted (figures printed)', async () => {
    const name = 'web_bench_4096.npy';
    const uri = workspaceFile(name);
    await vscode.workspace.fs.writeFile(uri, writeNpy(ramp(4096)));
    try {
      const figures = await benchOpen('web worker host: 4096x4096 float32 (67.1 MB)', async () => {
        const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri);
        assert.equal(outcome.ok, true, outcome.message);
      }, name);
      assert.ok(figures.paintedMs > 0);
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(uri);
    }
  });
});
