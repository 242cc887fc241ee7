// The two arithmetics in the real panel: a float16 .npy (test/fixtures/arithmetic/overflow16.npy, made by
// generate.py) whose 2x2 average overflows in Keras's float16 sums (60000 + 30000 > 65504) shows the exact
// mean, marks that cell, and its explanation on hover gives both values and the step that overflowed.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { requireBridge, waitFor } from './bridge';
import { detailText, heatmapOf, hoverCell, sectionAttr, tableOf, type Outcome } from './panelHelpers';
import { closeAllEditors } from './util';

const fixtures = process.env.POOLING_LENS_FIXTURES ?? '';
const TITLE = 'overflow16.npy';

describe('two arithmetics: exact values, framework departures marked', function () {
  this.timeout(120_000);
  afterEach(closeAllEditors);

  it("marks the float16 average Keras overflows and explains both values when the cell is hovered", async function () {
    requireBridge(this);
    const uri = vscode.Uri.file(join(fixtures, 'arithmetic', TITLE));
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri);
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual(outcome.shape, [4, 4]);
    assert.equal(outcome.dtype, 'float16');
    // The exact mean, rounded once to the output's dtype, float16 (as Keras returns float16): (60000 + 30000 + 10 +
    // 20) / 4 = 22507.5, whose nearest float16 is 22512 (float16 steps by 16 there).
    const avg = await tableOf('output', 'avg', TITLE);
    assert.equal(Number(avg[0]?.[0]), 22512);
    await heatmapOf('output', 'avg', TITLE);
    const marked = await waitFor(() => sectionAttr('output', 'avg', 'data-arith-marked', TITLE), (v) => v !== null, 'the marks');
    assert.deepEqual(JSON.parse(marked ?? '[]'), [[0, 0]]);
    assert.equal(await sectionAttr('output', 'max', 'data-arith-marked', TITLE), '[]', 'max pooling has one arithmetic');

    await hoverCell('output', 'avg', 0, 0, TITLE);
    const detail = await waitFor(() => detailText(TITLE), (t) => t.includes('avg ='), 'the detail line');
    assert.match(detail, /avg = 90030 \/ 4 = 22507\.5, 22512 in float16\. Keras sums in float16: 60000 \+ 30000 overflows to inf; Keras gives inf, the exact mean in float16 is 22512/);

    await hoverCell('output', 'avg', 0, 1, TITLE);
    const other = await waitFor(() => detailText(TITLE), (t) => t.includes('avg = 10 / 4'), 'the next cell');
    assert.doesNotMatch(other, /Keras sums/);
  });
});
