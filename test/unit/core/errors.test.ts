// One test per error path: each names the parameter, the value and the rule.
import assert from 'node:assert/strict';
import { type PoolSpec, PoolSpecError, planPool, pool } from '../../../src/core';

function rejects(shape: number[], spec: PoolSpec, param: string, message: RegExp): void {
  assert.throws(() => planPool(shape, spec), (e: unknown) => {
    assert.ok(e instanceof PoolSpecError, `expected PoolSpecError, got ${String(e)}`);
    assert.equal(e.param, param);
    assert.match(e.message, message);
    return true;
  });
}

const torch = { framework: 'pytorch', dataFormat: 'channelsFirst' } as const;

describe('PoolSpecError', () => {
  it('poolSize 0', () => rejects([4, 4], { op: 'max', poolSize: 0 }, 'poolSize', /^poolSize = 0: each pool size must be a positive integer/));
  it('poolSize missing for max', () => rejects([4, 4], { op: 'max' }, 'poolSize', /is required for op 'max'/));
  it('poolSize with the wrong number of axes', () =>
    rejects([4, 4], { op: 'max', poolSize: [2, 2, 2], spatialRank: 2 }, 'poolSize', /one value per spatial axis \(2\), got 3/));
  it('negative strides', () => rejects([4, 4], { op: 'max', poolSize: 2, strides: -1 }, 'strides', /strides = -1: each stride must be a positive integer/));
  it('dilation 0', () => rejects([4, 4], { ...torch, op: 'max', poolSize: 2, dilation: 0 }, 'dilation', /positive integer/));
  it('dilation on average pooling', () => rejects([4, 4], { ...torch, op: 'avg', poolSize: 2, dilation: 2 }, 'dilation', /only max pooling/));
  it('PyTorch padding over the limit floor(k/2)', () =>
    rejects([1, 1, 5, 5], { ...torch, op: 'max', poolSize: 3, padding: 2 }, 'padding', /at most half the window \(floor\(3 \/ 2\) = 1\) on axis H, got 2/));
  it('PyTorch negative padding', () => rejects([1, 1, 5, 5], { ...torch, op: 'max', poolSize: 3, padding: -1 }, 'padding', /integer >= 0/));
  it("PyTorch padding 'same'", () => rejects([1, 1, 5, 5], { ...torch, op: 'max', poolSize: 3, padding: 'same' }, 'padding', /no 'same'/));
  it('Keras explicit padding', () => rejects([1, 5, 5, 1], { op: 'max', poolSize: 3, padding: 1 }, 'padding', /'valid' or 'same'/));
  it('PyTorch output too small (window longer than input)', () =>
    rejects([1, 1, 1, 1], { ...torch, op: 'max', poolSize: 2 }, 'poolSize', /output size is too small/));
  it('rank mismatch', () =>
    rejects([1, 4, 4], { op: 'max', poolSize: 2, spatialRank: 2 }, 'input shape', /2-D pooling takes a rank-4 input .* got rank 3/));
  it('spatialRank 4', () => rejects([1, 2, 2, 2, 2, 1], { op: 'max', poolSize: 2 }, 'spatialRank', /must be 1, 2 or 3/));
  it('outputSize 0', () => rejects([4, 4], { op: 'adaptiveAvg', outputSize: 0 }, 'outputSize', /positive integer/));
  it('outputSize missing', () => rejects([4, 4], { op: 'adaptiveAvg' }, 'outputSize', /is required/));
  it('LP without p', () => rejects([4, 4], { ...torch, op: 'lp', poolSize: 2 }, 'p', /p > 0/));
  it('LP with padding', () => rejects([1, 1, 4, 4], { ...torch, op: 'lp', p: 2, poolSize: 2, padding: 1 }, 'padding', /no padding/));
  it('ceilMode in Keras mode', () => rejects([4, 4], { op: 'max', poolSize: 2, ceilMode: true }, 'ceilMode', /PyTorch option/));
  it('countIncludePad in Keras mode', () => rejects([4, 4], { op: 'avg', poolSize: 2, countIncludePad: true }, 'countIncludePad', /never counts padding/));
  it('divisorOverride in Keras mode', () => rejects([4, 4], { op: 'avg', poolSize: 2, divisorOverride: 3 }, 'divisorOverride', /PyTorch option/));
  it('divisorOverride 0', () => rejects([4, 4], { ...torch, op: 'avg', poolSize: 2, divisorOverride: 0 }, 'divisorOverride', /non-zero/));
  it('unknown op', () => rejects([4, 4], { op: 'median' as never, poolSize: 2 }, 'op', /must be one of/));
  it('unknown dataFormat', () => rejects([4, 4], { op: 'max', poolSize: 2, dataFormat: 'nhwc' as never }, 'dataFormat', /channelsLast/));
  it('unknown nan policy', () => rejects([4, 4], { op: 'max', poolSize: 2, nan: 'drop' as never }, 'nan', /propagate/));
  it('unknown framework', () => rejects([4, 4], { op: 'max', poolSize: 2, framework: 'jax' as never }, 'framework', /keras/));
  it('negative dimension in the shape', () => rejects([4, -1], { op: 'max', poolSize: 2 }, 'input shape', /integers >= 0/));
  it('data length that does not match the shape', () => {
    assert.throws(() => pool({ dtype: 'float32', shape: [2, 2], data: new Float32Array(3) }, { op: 'max', poolSize: 2 }),
      /input data = 3: shape \(2, 2\) holds 4 elements but the data has 3/);
  });
});
