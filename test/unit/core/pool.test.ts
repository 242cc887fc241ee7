// Spec-like tests: one per rule, values checkable by hand. Every case runs on both kernels (auto and forced TS).
import assert from 'node:assert/strict';
import { type PoolSpec, type Tensor, pool, planPool, toPlaneIndex } from '../../../src/core';
import type { Backend } from '../../../src/core/pool';

function f32(shape: number[], values: number[]): Tensor {
  return { dtype: 'float32', shape, data: Float32Array.from(values) };
}

function range(n: number, from = 1): number[] {
  return Array.from({ length: n }, (_, i) => i + from);
}

const M3 = [1, 2, 3, 4, 5, 6, 7, 8, 9];

for (const backend of ['auto', 'ts'] as Backend[]) {
  const run = (x: Tensor, spec: PoolSpec) => pool(x, spec, { backend });
  const values = (x: Tensor, spec: PoolSpec) => Array.from(run(x, spec).output.data as Float32Array);

  describe(`pool (${backend} backend)`, () => {
    describe('Keras max', () => {
      it('x=[1,4,4,1] f=[2,2] s=2 p=valid: max of each 2x2 block', () => {
        const r = run(f32([1, 4, 4, 1], range(16)), { op: 'max', poolSize: 2 });
        assert.deepEqual(r.output.shape, [1, 2, 2, 1]);
        assert.deepEqual(Array.from(r.output.data as Float32Array), [6, 8, 14, 16]);
        assert.deepEqual(Array.from(r.argmax!), [5, 7, 13, 15]);
      });
      it('x=[3,3] (matrix) f=[2,2] s=1 p=valid: the article example', () => {
        const r = run(f32([3, 3], M3), { op: 'max', poolSize: 2, strides: 1 });
        assert.deepEqual(r.output.shape, [1, 2, 2, 1]);
        assert.deepEqual(Array.from(r.output.data as Float32Array), [5, 6, 8, 9]);
      });
      it('x=[3,3] f=[2,2] s=1 p=same: padding never wins, odd extra cell after', () => {
        assert.deepEqual(values(f32([3, 3], M3), { op: 'max', poolSize: 2, strides: 1, padding: 'same' }), [5, 6, 6, 8, 9, 9, 8, 9, 9]);
      });
      it('x=[1,4,1] f=2 (1-D vector) ties keep the first index', () => {
        const r = run(f32([4], [3, 3, 1, 1]), { op: 'max', poolSize: 2 });
        assert.deepEqual(Array.from(r.argmax!), [0, 2]);
      });
      it('x=[1,2,2,2] channelsFirst: each channel pooled alone', () => {
        const r = run(f32([1, 2, 2, 2], [1, 5, 2, 3, 9, 8, 7, 6]), { op: 'max', poolSize: 2, dataFormat: 'channelsFirst' });
        assert.deepEqual(r.output.shape, [1, 2, 1, 1]);
        assert.deepEqual(Array.from(r.output.data as Float32Array), [5, 9]);
        assert.deepEqual(Array.from(r.argmax!), [1, 4]);
      });
      it('x=[1,2,2,2] channelsLast: channels interleave', () => {
        const r = run(f32([1, 2, 2, 2], [1, 5, 2, 3, 9, 8, 7, 6]), { op: 'max', poolSize: 2 });
        assert.deepEqual(Array.from(r.output.data as Float32Array), [9, 8]);
        assert.deepEqual(Array.from(r.argmax!), [4, 5]);
      });
      it('x=[2,2,2] spatialRank=3 (a plain volume) f=2: 3-D max', () => {
        assert.deepEqual(values(f32([2, 2, 2], [1, 2, 3, 4, 8, 5, 6, 7]), { op: 'max', poolSize: 2, spatialRank: 3 }), [8]);
      });
      it('x=[1,1] f=2 p=valid: empty output with a reason, no crash', () => {
        const r = run(f32([1, 1], [1]), { op: 'max', poolSize: 2 });
        assert.deepEqual(r.output.shape, [1, 0, 0, 1]);
        assert.equal(r.output.data.length, 0);
        assert.match(r.plan.emptyReason!, /window is longer than the input's 1 cells on axis H/);
      });
    });

    describe('Keras average', () => {
      it('x=[3,3] f=2 s=1 p=same: the Keras doc example (padding excluded)', () => {
        assert.deepEqual(values(f32([3, 3], M3), { op: 'avg', poolSize: 2, strides: 1, padding: 'same' }),
          [3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9]);
      });
      it('float32 in -> float32 out; int32 refused (TF AvgPool is float only); int32 global average -> float32', () => {
        assert.equal(run(f32([2, 2], [1, 2, 3, 4]), { op: 'avg', poolSize: 2 }).output.dtype, 'float32');
        const xi: Tensor = { dtype: 'int32', shape: [2, 2], data: Int32Array.of(1, 2, 3, 5) };
        assert.throws(() => run(xi, { op: 'avg', poolSize: 2 }), /AvgPool takes float16, float32 and float64 only/);
        const r = run(xi, { op: 'globalAvg' });
        assert.equal(r.output.dtype, 'float32');
        assert.deepEqual(Array.from(r.output.data as Float32Array), [2.75]);
      });
    });

    describe('global pooling', () => {
      it('globalAvg x=[1,2,2,2] -> (1, 2); keepdims -> (1, 1, 1, 2)', () => {
        const x = f32([1, 2, 2, 2], [1, 10, 2, 20, 3, 30, 4, 40]);
        const r = run(x, { op: 'globalAvg' });
        assert.deepEqual(r.output.shape, [1, 2]);
        assert.deepEqual(Array.from(r.output.data as Float32Array), [2.5, 25]);
        assert.deepEqual(run(x, { op: 'globalAvg', keepdims: true }).output.shape, [1, 1, 1, 2]);
      });
      it('globalMax channelsFirst x=[2,1,3] (1-D): per batch', () => {
        const r = run(f32([2, 1, 3], [1, 3, 2, 6, 5, 4]), { op: 'globalMax', dataFormat: 'channelsFirst' });
        assert.deepEqual(r.output.shape, [2, 1]);
        assert.deepEqual(Array.from(r.output.data as Float32Array), [3, 6]);
        assert.deepEqual(Array.from(r.argmax!), [1, 3]);
      });
    });

    describe('PyTorch rules', () => {
      const torch = { framework: 'pytorch', dataFormat: 'channelsFirst' } as const;
      it('avg x=[3,3] f=2 s=1 p=1: countIncludePad divides by 4 everywhere', () => {
        // Output 4x4: windows start at -1, 0, 1, 2 on each axis; window sums, all divided by 4.
        assert.deepEqual(values(f32([3, 3], M3), { ...torch, op: 'avg', poolSize: 2, strides: 1, padding: 1 }),
          [1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9].map((s) => s / 4));
      });
      it('avg x=[3,3] f=2 s=1 p=1 countIncludePad=false: in-bounds divisor', () => {
        assert.deepEqual(values(f32([3, 3], M3), { ...torch, op: 'avg', poolSize: 2, strides: 1, padding: 1, countIncludePad: false }),
          [1, 1.5, 2.5, 3, 2.5, 3, 4, 4.5, 5.5, 6, 7, 7.5, 7, 7.5, 8.5, 9]);
      });
      it('avg x=[5] f=2 s=2 ceilMode: the partial last window divides by its in-range cells', () => {
        assert.deepEqual(values(f32([5], [1, 2, 3, 4, 5]), { ...torch, op: 'avg', poolSize: 2, ceilMode: true }), [1.5, 3.5, 5]);
      });
      it('max x=[5] f=2 s=2 p=1 ceilMode: the last window must start inside (out 3, not 4)', () => {
        const spec = { ...torch, op: 'max', poolSize: 2, padding: 1, ceilMode: true } as const;
        assert.equal(planPool([5], spec).axes[0]!.outSize, 3);
        assert.deepEqual(values(f32([5], [1, 2, 3, 4, 5]), spec), [1, 3, 5]);
      });
      it('avg x=[4] f=2 s=2 p=1 ceilMode: overhang past the padding not counted', () => {
        // Windows [-1,0], [1,2], [3,4]: 4 is the right padding (counted), so /2 each.
        assert.deepEqual(values(f32([4], [1, 2, 3, 4]), { ...torch, op: 'avg', poolSize: 2, padding: 1, ceilMode: true }), [0.5, 2.5, 2]);
      });
      it('avg x=[5] f=3 s=2 p=1 ceilMode divisor counts only [-p, in+p)', () => {
        // out = floor((5+2-3+1)/2)+1 = 3; windows [-1..1], [1..3], [3..5]: 5 is padding -> /3 each
        assert.deepEqual(values(f32([5], [1, 2, 3, 4, 5]), { ...torch, op: 'avg', poolSize: 3, strides: 2, padding: 1, ceilMode: true }),
          [1, 3, 3]);
      });
      it('avg x=[6] f=3 s=2 p=1 ceilMode: the overhang past the right padding is not counted', () => {
        // Windows [-1..1], [1..3], [3..5], [5..7]: cell 6 is padding (counted), 7 is past it (not counted).
        assert.deepEqual(values(f32([6], range(6)), { ...torch, op: 'avg', poolSize: 3, strides: 2, padding: 1, ceilMode: true }),
          [1, 3, 5, 3]);
      });
      it('avg divisorOverride=2 x=[4] f=2 (given divisor, whatever the window)', () => {
        assert.deepEqual(values(f32([4], [1, 2, 3, 4]), { ...torch, op: 'avg', poolSize: 2, divisorOverride: 2 }), [1.5, 3.5]);
      });
      it('max dilation=2 x=[5] f=2 s=1: cells two apart', () => {
        const r = run(f32([5], [1, 5, 2, 0, 3]), { ...torch, op: 'max', poolSize: 2, strides: 1, dilation: 2 });
        assert.deepEqual(Array.from(r.output.data as Float32Array), [2, 5, 3]);
        assert.deepEqual(Array.from(r.argmax!), [2, 1, 4]);
      });
      it('adaptiveAvg x=[5] outputSize=3: windows [0,2) [1,4) [3,5)', () => {
        assert.deepEqual(values(f32([5], [1, 2, 3, 4, 6]), { ...torch, op: 'adaptiveAvg', outputSize: 3 }), [1.5, 3, 5]);
      });
      it('adaptiveMax x=[3,3] outputSize=[2,null]: null keeps the axis', () => {
        const r = run(f32([3, 3], M3), { ...torch, op: 'adaptiveMax', outputSize: [2, null] });
        assert.deepEqual(r.output.shape, [1, 1, 2, 3]);
        assert.deepEqual(Array.from(r.output.data as Float32Array), [4, 5, 6, 7, 8, 9]);
      });
      it('lp p=2 x=[4] f=2: sqrt of sums of squares', () => {
        assert.deepEqual(values(f32([4], [3, 4, 6, 8]), { ...torch, op: 'lp', p: 2, poolSize: 2 }), [5, 10]);
      });
      it('lp p=1 x=[3] f=2 ceilMode: the partial window scales by k/count', () => {
        // windows [0,1] and [2]: (3/1 * 2)^1 = 6
        assert.deepEqual(values(f32([3], [1, 2, 3]), { ...torch, op: 'lp', p: 1, poolSize: 2, ceilMode: true }), [3, 6]);
      });
      it('lp p=3 with a negative sum gives NaN', () => {
        assert.ok(Number.isNaN(values(f32([2], [-2, 1]), { ...torch, op: 'lp', p: 3, poolSize: 2 })[0]));
      });
      it('toPlaneIndex gives PyTorch return_indices (h*W + w within each plane)', () => {
        const x = f32([1, 2, 2, 2], [1, 5, 2, 3, 9, 8, 7, 6]);
        const r = run(x, { ...torch, op: 'max', poolSize: 2 });
        assert.deepEqual(Array.from(toPlaneIndex(r.plan, r.argmax!)), [1, 0]);
      });
    });

    describe('NaN policy', () => {
      const x = f32([4], [1, NaN, 3, NaN]);
      it("max nan='propagate': NaN wins, argmax is the last NaN", () => {
        const r = run(x, { op: 'max', poolSize: 4, nan: 'propagate' });
        assert.ok(Number.isNaN(r.output.data[0] as number));
        assert.deepEqual(Array.from(r.argmax!), [3]);
      });
      it("max nan='propagate' does not depend on where the NaN sits", () => {
        for (let pos = 0; pos < 9; pos++) {
          const v = range(9);
          v[pos] = NaN;
          assert.ok(Number.isNaN(values(f32([3, 3], v), { op: 'max', poolSize: 3, nan: 'propagate' })[0]));
        }
      });
      it("max nan='ignore': NaN skipped; all-NaN window gives -inf and argmax -1", () => {
        const r = run(f32([4], [NaN, 2, NaN, NaN]), { op: 'max', poolSize: 2, nan: 'ignore' });
        assert.deepEqual(Array.from(r.output.data as Float32Array), [2, -Infinity]);
        assert.deepEqual(Array.from(r.argmax!), [1, -1]);
      });
      it("avg nan='propagate' gives NaN; 'ignore' divides by the non-NaN count", () => {
        assert.ok(Number.isNaN(values(x, { op: 'avg', poolSize: 2 })[0]));
        assert.deepEqual(values(x, { op: 'avg', poolSize: 2, nan: 'ignore' }), [1, 3]);
      });
      it('keras max of an all -inf window gives the lowest finite float (TF starts at lowest())', () => {
        const r = run(f32([4], [-Infinity, -Infinity, 1, 2]), { op: 'max', poolSize: 2 });
        assert.deepEqual(Array.from(r.output.data as Float32Array), [-3.4028234663852886e38, 2]);
        assert.deepEqual(Array.from(r.argmax!), [0, 3]);
      });
      it('pytorch max of ±inf and -0: ties keep the first (-0 before +0 stays -0); all -inf gives -inf', () => {
        const r = run(f32([4], [-0, 0, -Infinity, -Infinity]), { framework: 'pytorch', op: 'max', poolSize: 2 });
        assert.ok(Object.is(r.output.data[0], -0));
        assert.deepEqual(Array.from(r.argmax!), [0, 2]);
        assert.equal(r.output.data[1], -Infinity);
      });
    });

    describe('dtypes', () => {
      it('int64 beyond 2^53: max exact, dtype kept', () => {
        const big = 2n ** 60n;
        const r = run({ dtype: 'int64', shape: [3], data: BigInt64Array.of(big + 1n, big + 3n, big + 2n) }, { op: 'max', poolSize: 3 });
        assert.equal(r.output.dtype, 'int64');
        assert.equal(r.output.data[0], big + 3n);
      });
      it('uint8 max keeps uint8; bool global max is OR (reduce_max takes bool, MaxPool does not)', () => {
        const r = run({ dtype: 'uint8', shape: [2], data: Uint8Array.of(255, 3) }, { op: 'max', poolSize: 2 });
        assert.equal(r.output.dtype, 'uint8');
        assert.equal(r.output.data[0], 255);
        const bools: Tensor = { dtype: 'bool', shape: [4], data: Uint8Array.of(0, 1, 0, 0) };
        const b = run(bools, { op: 'globalMax', spatialRank: 1 });
        assert.equal(b.output.dtype, 'bool');
        assert.deepEqual(Array.from(b.output.data as Uint8Array), [1]);
        assert.throws(() => run(bools, { op: 'max', poolSize: 2 }), /no bool kernel/);
      });
      it('float64 avg keeps float64; float16 avg gives float16', () => {
        const r = run({ dtype: 'float64', shape: [2], data: Float64Array.of(0.1, 0.2) }, { op: 'avg', poolSize: 2 });
        assert.equal(r.output.dtype, 'float64');
        assert.equal(r.output.data[0], (0.1 + 0.2) / 2);
        assert.equal(run({ dtype: 'float16', shape: [2], data: Float32Array.of(1, 2) }, { op: 'avg', poolSize: 2 }).output.dtype, 'float16');
      });
      it('PyTorch int64 avg gives int64, truncated toward zero', () => {
        const r = run({ dtype: 'int64', shape: [2], data: BigInt64Array.of(1n, 2n) }, { op: 'avg', poolSize: 2, framework: 'pytorch', spatialRank: 1 });
        assert.equal(r.output.dtype, 'int64');
        assert.equal(r.output.data[0], 1n);
      });
    });
      describe('out (write into the caller\'s array)', () => {
      const x = f32([1, 4, 4, 1], range(16));
      it('writes the output into out and returns it as output.data', () => {
        const out = new Float32Array(4).fill(-7);
        const r = pool(x, { op: 'max', poolSize: 2 }, { backend, out });
        assert.equal(r.output.data, out);
        assert.deepEqual(Array.from(out), [6, 8, 14, 16]);
        assert.deepEqual(Array.from(r.argmax ?? []), [5, 7, 13, 15]);
      });
      it('gives the same values as a new output on 3x3 same averages, reused twice', () => {
        const big = f32([2, 9, 7, 4], Array.from({ length: 2 * 9 * 7 * 4 }, (_, i) => Math.sin(i) * 10));
        const spec: PoolSpec = { op: 'avg', poolSize: 3, strides: 1, padding: 'same' };
        const want = Array.from(run(big, spec).output.data as Float32Array);
        const out = new Float32Array(want.length);
        pool(big, spec, { backend, out });
        pool(big, spec, { backend, out });
        assert.deepEqual(Array.from(out), want);
      });
      it('rejects the wrong class, the wrong length and memory shared with the input', () => {
        assert.throws(() => pool(x, { op: 'max', poolSize: 2 }, { backend, out: new Float64Array(4) }),
          /out.*Float64Array\(4\).*must be a Float32Array of exactly 4 elements/);
        assert.throws(() => pool(x, { op: 'max', poolSize: 2 }, { backend, out: new Float32Array(5) }), /exactly 4 elements/);
        const shared = new Float32Array(20);
        shared.set(range(16));
        const y = { ...x, data: shared.subarray(0, 16) };
        assert.throws(() => pool(y, { op: 'max', poolSize: 2 }, { backend, out: shared.subarray(14, 18) }), /must not share memory with the input/);
        assert.deepEqual(Array.from(pool(y, { op: 'max', poolSize: 2 }, { backend, out: shared.subarray(16, 20) }).output.data as Float32Array), [6, 8, 14, 16]);
      });
      it("integer averages need an array of the framework's output dtype (Keras global average: float32)", () => {
        const xi = { dtype: 'int32' as const, shape: [1, 4, 2], data: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 9) };
        assert.throws(() => pool(xi, { op: 'globalAvg' }, { backend, out: new Float64Array(2) }), /Float32Array/);
        const out = new Float32Array(2);
        pool(xi, { op: 'globalAvg' }, { backend, out });
        assert.deepEqual(Array.from(out), [4, 5.25]); // (1+3+5+7)/4, (2+4+6+9)/4
      });
    });
  });
}

describe('PyTorch AvgPool3d: D windows reaching into the padding, count_include_pad', () => {
  // PyTorch refuses an input smaller than the window on any axis, so the edge windows hold two input cells of three.
  it('x=[1,1,3,1,2] d-rows [3,30] [6,60] [9,90], pool (3,1,1), padding (1,0,0): [3,30] [6,60] [5,50] on both backends (sums / 3)', () => {
    const x: Tensor = { dtype: 'float32', shape: [1, 1, 3, 1, 2], data: Float32Array.of(3, 30, 6, 60, 9, 90) };
    const spec: PoolSpec = { op: 'avg', framework: 'pytorch', poolSize: [3, 1, 1], padding: [1, 0, 0], strides: 1, dataFormat: 'channelsFirst' };
    for (const backend of ['auto', 'ts'] as const) {
      assert.deepEqual(Array.from(pool(x, spec, { backend }).output.data as Float32Array), [3, 30, 6, 60, 5, 50], backend);
    }
  });
});
