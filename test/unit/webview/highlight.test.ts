import { strict as assert } from 'node:assert';
import { planPool, pool, type PoolSpec, type Tensor } from '../../../src/core';
import { inputLayout, outputLayout, planeIndex, type PlaneSelection } from '../../../src/view/planes';
import { coordText, coveringCells, depthNote, explainHere, windowHighlight, windowInputs } from '../../../webview/highlight';

const sel0: PlaneSelection = { batch: 0, channel: 0, depth: 0 };

/** `shape` filled with 1, 2, 3, ... row-major. */
function ramp(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'float64', shape, data: Float64Array.from({ length: n }, (_, i) => i + 1) };
}

/** Explains output plane cell (r, c) of `sel` as the panel does when both tensors are here. */
function explainCell(input: Tensor, spec: PoolSpec, r: number, c: number, sel = sel0) {
  const result = pool(input, spec, { backend: 'ts' });
  const plan = result.plan;
  const outIndex = planeIndex(outputLayout(plan), sel).index(r, c);
  return { plan, e: explainHere(plan, input, result.output, result.argmax, outIndex, inputLayout(plan)) };
}

const cellsOf = (cells: { r: number; c: number }[] | undefined): string[] => (cells ?? []).map((x) => `${x.r},${x.c}`).sort();

describe('linked highlighting: output cell to input window and back', () => {
  it('4x4 input, 2x2 max pool stride 2: output (1, 0) outlines input rows 2-3, columns 0-1, winner (3, 1)', () => {
    const { plan, e } = explainCell(ramp([1, 4, 4, 1]), { op: 'max', poolSize: 2 }, 1, 0);
    const h = windowHighlight(inputLayout(plan), sel0, e);
    assert.deepEqual(cellsOf(h.window?.cells), ['2,0', '2,1', '3,0', '3,1']);
    assert.ok(h.window?.cells.every((x) => x.kind === 'input'));
    assert.deepEqual(h.winner, { r: 3, c: 1 });
    assert.match(e.text, /max of 4 cells = 14 at \(3, 1\)/);
    assert.deepEqual(windowInputs(e), [[2, 0], [2, 1], [3, 0], [3, 1]]);
  });

  it("'same' padding: the corner window of a 3x3 input keeps one input cell, the rest is padding outside the grid", () => {
    const { plan, e } = explainCell(ramp([1, 3, 3, 1]), { op: 'max', poolSize: 2, padding: 'same' }, 1, 1);
    const h = windowHighlight(inputLayout(plan), sel0, e);
    assert.deepEqual(windowInputs(e), [[2, 2]]);
    assert.deepEqual(cellsOf(h.window?.cells.filter((x) => x.kind === 'input')), ['2,2']);
    assert.deepEqual(cellsOf(h.window?.cells.filter((x) => x.kind === 'padding')), ['2,3', '3,2', '3,3']);
    assert.deepEqual(h.winner, { r: 2, c: 2 });
  });

  it('stride 1: an inner input cell lies in four windows, a corner in one', () => {
    const plan = planPool([1, 4, 4, 1], { op: 'max', poolSize: 2, strides: 1 });
    const out = outputLayout(plan);
    assert.deepEqual(cellsOf(coveringCells(plan, out, sel0, [1, 1])), ['0,0', '0,1', '1,0', '1,1']);
    assert.deepEqual(cellsOf(coveringCells(plan, out, sel0, [0, 0])), ['0,0']);
    assert.deepEqual(cellsOf(coveringCells(plan, out, sel0, [3, 3])), ['2,2']);
    assert.deepEqual(cellsOf(coveringCells(plan, out, sel0, [1, 3])), ['0,2', '1,2']);
  });

  it('stride 2 without padding: an input cell past the last window is in none', () => {
    const plan = planPool([1, 5, 5, 1], { op: 'max', poolSize: 2 });
    assert.deepEqual(coveringCells(plan, outputLayout(plan), sel0, [4, 0]), []);
  });

  it('a winner in another channel than the one shown is not outlined; the window still is', () => {
    // Two channels, channels last: channel 1 holds the larger values, so its winner is at another flat index.
    const input = ramp([1, 2, 2, 2]);
    const { plan, e } = explainCell(input, { op: 'max', poolSize: 2 }, 0, 0, { batch: 0, channel: 1, depth: 0 });
    assert.equal(e.winner?.channel, 1);
    assert.match(e.text, /= 8\b/);
    const h = windowHighlight(inputLayout(plan), sel0, e);
    assert.equal(h.winner, undefined);
    assert.equal(h.window?.cells.length, 4);
    assert.deepEqual(windowHighlight(inputLayout(plan), { ...sel0, channel: 1 }, e).winner, { r: 1, c: 1 });
  });

  it('3-D: the plane shows the window cells at its depth, and the note says which depths the window spans', () => {
    // float32: TF's 3-D pooling kernels take nothing else.
    const vol = ramp([1, 4, 2, 2, 1]);
    const { plan, e } = explainCell({ ...vol, dtype: 'float32', data: Float32Array.from(vol.data as Float64Array) },
      { op: 'avg', poolSize: 2, spatialRank: 3 }, 0, 0, { ...sel0, depth: 1 });
    const atDepth = (depth: number): string[] => cellsOf(windowHighlight(inputLayout(plan), { ...sel0, depth }, e).window?.cells);
    assert.deepEqual(atDepth(2), ['0,0', '0,1', '1,0', '1,1']);
    assert.deepEqual(atDepth(0), [], 'output depth 1 pools input depths 2-3');
    assert.equal(depthNote(plan, e, 0), ' (the window spans depth 2–3; the input shows depth 0)');
    assert.equal(depthNote(planPool([1, 4, 4, 1], { op: 'max', poolSize: 2 }), e, 0), '', 'no note below 3-D');
  });

  it('coordinates are written as a tuple', () => assert.equal(coordText([2, 3]), '(2, 3)'));
});
