// Plan records, captions, code snippets, window lookup, explanations and stats, as the panel shows them.
import assert from 'node:assert/strict';
import { describePlan, explainValue, planPool, pool, stats, windowOf } from '../../../src/core';

const M3 = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);

describe('planPool', () => {
  it('x=[4,4] (matrix): read as (1, 4, 4, 1) and says so', () => {
    const p = planPool([4, 4], { op: 'max', poolSize: 2 });
    assert.deepEqual(p.readShape, [1, 4, 4, 1]);
    assert.equal(p.readAs, 'matrix');
    assert.equal(p.axesNote, 'a 4x4 matrix read as batch 1, 4x4, 1 channel');
    assert.deepEqual(p.outputShape, [1, 2, 2, 1]);
  });
  it('x=[5] (vector): read as (1, 5, 1)', () => {
    assert.deepEqual(planPool([5], { op: 'max', poolSize: 2 }).readShape, [1, 5, 1]);
  });
  it('is a plain serialisable record', () => {
    const p = planPool([1, 3, 3, 2], { op: 'avg', poolSize: 2, strides: 1, padding: 'same' });
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
    assert.deepEqual(p.axes.map((a) => [a.padBefore, a.padAfter]), [[0, 1], [0, 1]]);
  });
  it("x=[6] f=4 s=1 p=same: TF split puts the odd cell after (1 before, 2 after)", () => {
    const a = planPool([6], { op: 'max', poolSize: 4, strides: 1, padding: 'same' }).axes[0]!;
    assert.deepEqual([a.outSize, a.padBefore, a.padAfter], [6, 1, 2]);
  });
  it('x=[0,4] (zero-length axis): empty plan with a reason', () => {
    const p = planPool([0, 4], { op: 'max', poolSize: 2 });
    assert.equal(p.empty, true);
    assert.match(p.emptyReason!, /zero-length axis/);
  });
});

describe('describePlan', () => {
  it('caption in Keras words', () => {
    const d = describePlan(planPool([1, 4, 4, 1], { op: 'max', poolSize: 2 }));
    assert.equal(d.caption, "(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)");
    assert.equal(d.keras, 'keras.layers.MaxPooling2D(pool_size=2, strides=2)');
    assert.equal(d.pytorch, 'torch.nn.MaxPool2d(kernel_size=2, stride=2)');
  });
  it('PyTorch average with padding and ceil mode', () => {
    const d = describePlan(planPool([1, 1, 5, 5], {
      framework: 'pytorch', dataFormat: 'channelsFirst', op: 'avg', poolSize: 3, strides: 2, padding: 1, ceilMode: true, countIncludePad: false,
    }));
    assert.equal(d.title, 'AvgPool2d');
    assert.equal(d.pytorch, 'torch.nn.AvgPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)');
    assert.equal(d.keras, null);
    assert.match(d.kerasNote!, /ceil mode/);
  });
  it("Keras 'same' with asymmetric padding has no PyTorch snippet, and says why", () => {
    const d = describePlan(planPool([4, 4], { op: 'max', poolSize: 2, strides: 1, padding: 'same' }));
    assert.equal(d.keras, "keras.layers.MaxPooling2D(pool_size=2, strides=1, padding='same')");
    assert.equal(d.pytorch, null);
    assert.match(d.pytorchNote!, /symmetric/);
  });
  it('global average with keepdims and channels first', () => {
    const d = describePlan(planPool([2, 3, 4, 4], { op: 'globalAvg', keepdims: true, dataFormat: 'channelsFirst' }));
    assert.equal(d.keras, "keras.layers.GlobalAveragePooling2D(keepdims=True, data_format='channels_first')");
    assert.equal(d.pytorch, 'torch.nn.AdaptiveAvgPool2d(1)');
  });
});

describe('windowOf / explainValue', () => {
  it('x=[3,3] f=2 s=1 p=same, output (2, 2): one input cell and three padding cells', () => {
    const plan = planPool([3, 3], { op: 'avg', poolSize: 2, strides: 1, padding: 'same' });
    const w = windowOf(plan, [0, 2, 2, 0]);
    assert.equal(w.outputIndex, 8);
    assert.deepEqual(w.cells.map((c) => [c.coords, c.kind]), [[[2, 2], 'input'], [[2, 3], 'padding'], [[3, 2], 'padding'], [[3, 3], 'padding']]);
    assert.equal(w.divisor, 1);
  });
  it('explains a max: "max of 4 cells = 9 at (1, 2)"', () => {
    const x = { dtype: 'float32' as const, shape: [3, 3], data: M3 };
    const r = pool(x, { op: 'max', poolSize: 2, strides: 1 });
    assert.equal(explainValue(x, r, 3), 'max of 4 cells = 9 at (2, 2)');
    assert.equal(explainValue(x, r, 1), 'max of 4 cells = 6 at (1, 2)');
  });
  it('explains a Keras same average: padding not counted', () => {
    const x = { dtype: 'float32' as const, shape: [3, 3], data: M3 };
    const r = pool(x, { op: 'avg', poolSize: 2, strides: 1, padding: 'same' });
    assert.equal(explainValue(x, r, 2), 'avg = 9 / 2 = 4.5; 2 padding cells not counted');
  });
  it('explains a PyTorch average: padding counted as 0', () => {
    const x = { dtype: 'float32' as const, shape: [3, 3], data: M3 };
    const r = pool(x, { framework: 'pytorch', dataFormat: 'channelsFirst', op: 'avg', poolSize: 2, strides: 1, padding: 1 });
    assert.equal(explainValue(x, r, 0), 'avg = 1 / 4 = 0.25; 3 padding cells counted as 0');
  });
  it('rejects an output index outside the output', () => {
    assert.throws(() => windowOf(planPool([2, 2], { op: 'max', poolSize: 2 }), 1), RangeError);
  });
});

describe('stats', () => {
  it('min, max, mean over non-NaN values, NaN and inf counts', () => {
    const s = stats({ dtype: 'float32', shape: [5], data: Float32Array.of(1, NaN, 3, Infinity, -Infinity) });
    assert.deepEqual([s.min, s.max, s.nanCount, s.posInfCount, s.negInfCount], [-Infinity, Infinity, 1, 1, 1]);
    assert.equal(stats({ dtype: 'float32', shape: [2], data: Float32Array.of(1, 4) }).mean, 2.5);
  });
  it('int64 min/max stay exact bigints', () => {
    const s = stats({ dtype: 'int64', shape: [2], data: BigInt64Array.of(2n ** 62n + 1n, 5n) });
    assert.equal(s.max, 2n ** 62n + 1n);
  });
});
