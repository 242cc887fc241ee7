// The framework rules, one hand-checkable case each: output dtypes, NaN and infinity rules, signed zeros and
// refusals, as measured with Keras 3.15 / TF 2.21 and PyTorch 2.13 (test/fixtures/pooling/generate.py covers them
// at random; these pin each rule on its own). Every case runs on both kernels where the WebAssembly one applies.
import assert from 'node:assert/strict';
import { type PoolSpec, PoolSpecError, type Tensor, nanRuleText, planPool, pool, residentArray, residentTensor } from '../../../src/core';
import { outputHasNaN } from '../../../src/core/wasmKernels';
import type { Backend } from '../../../src/core/pool';
import type { DType } from '../../../src/core/tensor';

const f32 = (shape: number[], xs: number[]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from(xs) });
const BACKENDS: Backend[] = ['auto', 'ts'];

function values(x: Tensor, spec: PoolSpec, backend: Backend = 'ts'): (number | bigint)[] {
  return Array.from(pool(x, spec, { backend }).output.data as ArrayLike<number | bigint>);
}

function refuses(x: Tensor, spec: PoolSpec, words: RegExp): void {
  assert.throws(() => pool(x, spec), (e: unknown) => e instanceof PoolSpecError && words.test(e.message));
}

describe('framework rules', () => {
  describe('output dtypes', () => {
    const ints = (dtype: DType, xs: number[]): Tensor => {
      const data = dtype === 'int64' ? BigInt64Array.from(xs.map(BigInt))
        : dtype === 'int32' ? Int32Array.from(xs) : dtype === 'uint8' || dtype === 'bool' ? Uint8Array.from(xs) : Int16Array.from(xs);
      return { dtype, shape: [1, xs.length, 1], data };
    };
    it('float16 in gives float16 out in both frameworks, the average rounded to float16', () => {
      // 1 + 2^-11 is halfway between float16 neighbours 1 and 1 + 2^-10: ties to even gives 1.
      const x: Tensor = { dtype: 'float16', shape: [1, 2, 1], data: Float32Array.of(1, 1 + 2 ** -10) };
      for (const framework of ['keras', 'pytorch'] as const) {
        for (const backend of BACKENDS) {
          const r = pool(x, { op: 'avg', poolSize: 2, spatialRank: 1, framework }, { backend });
          assert.equal(r.output.dtype, 'float16');
          assert.deepEqual(Array.from(r.output.data as Float32Array), [1]);
          assert.equal(pool(x, { op: 'max', poolSize: 2, spatialRank: 1, framework, returnIndices: true }, { backend }).output.dtype, 'float16');
        }
      }
    });
    it('Keras global average of integers gives float32', () => {
      const r = pool(ints('int32', [1, 2, 4]), { op: 'globalAvg', spatialRank: 1 });
      assert.equal(r.output.dtype, 'float32');
      assert.deepEqual(Array.from(r.output.data as Float32Array), [Math.fround(7 / 3)]);
    });
    it('PyTorch average of int64 stays int64, truncated toward zero', () => {
      const x = ints('int64', [-3, -4, 5, 2]);
      const r = pool(x, { op: 'avg', poolSize: 2, framework: 'pytorch', spatialRank: 1 });
      assert.equal(r.output.dtype, 'int64');
      // -7/2 = -3.5 -> -3 (not -4), 7/2 = 3.5 -> 3.
      assert.deepEqual(Array.from(r.output.data as BigInt64Array), [-3n, 3n]);
    });
    it('PyTorch LP of int64 gives float32; with an integer p the mean of x^p is truncated first', () => {
      // x^2 = 1, 4 -> mean 2.5 -> 2 (int64) -> * 2 = 4 -> sqrt = 2 (float: sqrt(5)).
      const r = pool(ints('int64', [1, 2]), { op: 'lp', p: 2, poolSize: 2, framework: 'pytorch', spatialRank: 1 });
      assert.equal(r.output.dtype, 'float32');
      assert.deepEqual(Array.from(r.output.data as Float32Array), [2]);
      const frac = pool(ints('int64', [1, 2]), { op: 'lp', p: 1.5, poolSize: 2, framework: 'pytorch', spatialRank: 1 });
      assert.deepEqual(Array.from(frac.output.data as Float32Array), [Math.fround((1 + 2 ** 1.5) ** (1 / 1.5))]);
    });
    it('max keeps the integer dtype in both frameworks', () => {
      assert.equal(pool(ints('int16', [3, -1]), { op: 'max', poolSize: 2, spatialRank: 1 }).output.dtype, 'int16');
      assert.equal(pool({ dtype: 'int16', shape: [2, 2], data: Int16Array.of(1, 2, 3, 4) },
        { op: 'max', poolSize: 2, framework: 'pytorch' }).output.dtype, 'int16');
    });
  });

  describe('NaN and infinity', () => {
    it("Keras max: a NaN never wins, an all-NaN or all -inf window gives the lowest finite value (TF's MaxPool)", () => {
      const x = f32([1, 8, 1], [NaN, 1, 1, NaN, NaN, NaN, -Infinity, -Infinity]);
      for (const backend of BACKENDS) {
        assert.deepEqual(values(x, { op: 'max', poolSize: 2, spatialRank: 1 }, backend), [1, 1, -3.4028234663852886e38, -3.4028234663852886e38]);
      }
      assert.equal(planPool(x.shape, { op: 'max', poolSize: 2, spatialRank: 1 }).nan, 'neverWins');
    });
    it("Keras 3-D max: each cell replaces the running max unless that is greater (TF's MaxPool3D)", () => {
      // Windows of 3 cells along D: [3, NaN, 2] -> 2, [1, 2, NaN] -> NaN, [-inf x3] -> -inf, [0, -0, -1] -> -0.
      const vol = (xs: number[]): Tensor => ({ dtype: 'float32', shape: [1, 3, 1, 1, 1], data: Float32Array.from(xs) });
      const spec: PoolSpec = { op: 'max', poolSize: [3, 1, 1], spatialRank: 3 };
      assert.equal(planPool([1, 3, 1, 1, 1], spec).nan, 'unlessGreater');
      for (const backend of BACKENDS) {
        assert.deepEqual(values(vol([3, NaN, 2]), spec, backend), [2]);
        assert.ok(Number.isNaN(values(vol([1, 2, NaN]), spec, backend)[0]));
        assert.deepEqual(values(vol([-Infinity, -Infinity, -Infinity]), spec, backend), [-Infinity]);
        assert.ok(Object.is(values(vol([0, -0, -1]), spec, backend)[0], -0));
      }
      // Channels in whole groups of 8 run in TF's vectors: a NaN never wins there, ties keep the first; channel 9
      // (the scalar tail) keeps the fold above.
      const wide: Tensor = { dtype: 'float32', shape: [1, 3, 1, 1, 9], data: new Float32Array(27) };
      [3, NaN, 2].forEach((v, d) => (wide.data as Float32Array).fill(v, d * 9, d * 9 + 9));
      assert.deepEqual(values(wide, spec), [3, 3, 3, 3, 3, 3, 3, 3, 2]);
      // Not separable once a NaN is in the window: rows [1, 2] then [NaN, 0] in row-major order end at 0.
      const hw: Tensor = { dtype: 'float32', shape: [1, 1, 2, 2, 1], data: Float32Array.of(1, 2, NaN, 0) };
      assert.deepEqual(values(hw, { op: 'max', poolSize: [1, 2, 2], spatialRank: 3 }), [0]);
    });
    it("Keras max runs in WebAssembly when no window holds a NaN, and falls back to TF's rule when one does", () => {
      const n = 16 * 16 * 4;
      const clean = f32([1, 16, 16, 4], Array.from({ length: n }, (_, i) => (i * 7) % 13));
      const spec: PoolSpec = { op: 'max', poolSize: 2 };
      assert.equal(pool(clean, spec).backend, 'wasm');
      const dirty = f32([1, 16, 16, 4], Array.from({ length: n }, (_, i) => (i === 5 ? NaN : (i * 7) % 13)));
      const want = values(dirty, spec, 'ts');
      assert.ok(!want.some((v) => Number.isNaN(v)), 'a NaN never wins');
      assert.deepEqual(values(dirty, spec, 'auto'), want);
      // Resident input and output (the kernels' own memory, checked by the SIMD hasnan kernel).
      const r = residentTensor(dirty);
      assert.ok(r !== null);
      const out = residentArray(r, 'float32', n / 4);
      assert.ok(out !== null);
      pool(r, spec, { out });
      assert.deepEqual(Array.from(out as Float32Array), want);
    });
    it('outputHasNaN finds a NaN anywhere and is not fooled by +inf beside -inf', () => {
      for (let at = 0; at < 9; at++) {
        const d = new Float32Array(9).fill(1);
        d[at] = NaN;
        assert.equal(outputHasNaN(d), true, `NaN at ${at}`);
      }
      assert.equal(outputHasNaN(Float32Array.of(Infinity, -Infinity, 1, 2, -Infinity)), false);
      assert.equal(outputHasNaN(Float64Array.of(Infinity, -Infinity, 0, -0)), false);
    });
    it('an explicit nan option overrides the framework rule', () => {
      const x = f32([1, 4, 1], [NaN, 1, NaN, NaN]);
      const spec: PoolSpec = { op: 'max', poolSize: 2, spatialRank: 1 };
      const got = values(x, { ...spec, nan: 'propagate' });
      assert.ok(Number.isNaN(got[0]) && Number.isNaN(got[1]));
      assert.deepEqual(values(x, { ...spec, nan: 'ignore' }), [1, -Infinity]);
    });
    it('PyTorch max propagates NaN by default', () => {
      const got = values(f32([2, 2], [NaN, 1, 2, 3]), { op: 'max', poolSize: 2, framework: 'pytorch' });
      assert.ok(Number.isNaN(got[0]));
      assert.equal(planPool([2, 2], { op: 'max', poolSize: 2, framework: 'pytorch' }).nan, 'propagate');
    });
    it('Keras average and global ops propagate NaN (TF AvgPool, reduce_mean, reduce_max)', () => {
      const x = f32([1, 2, 1], [NaN, 1]);
      for (const op of ['avg', 'globalAvg', 'globalMax'] as const) {
        const spec: PoolSpec = op === 'avg' ? { op, poolSize: 2, spatialRank: 1 } : { op, spatialRank: 1 };
        assert.equal(planPool(x.shape, spec).nan, 'propagate', op);
        assert.ok(Number.isNaN(values(x, spec)[0]), op);
      }
    });
    it('Keras global max of an all -inf slice is -inf (reduce_max), not the lowest finite value', () => {
      const x = f32([1, 3, 1], [-Infinity, -Infinity, -Infinity]);
      for (const backend of BACKENDS) assert.deepEqual(values(x, { op: 'globalMax', spatialRank: 1 }, backend), [-Infinity]);
    });
    it('the panel names the rule in force', () => {
      assert.match(nanRuleText(planPool([4, 4], { op: 'max', poolSize: 2 })), /Keras's own.*never wins/);
      assert.match(nanRuleText(planPool([4, 4], { op: 'max', poolSize: 2, nan: 'ignore' })), /'ignore' \(set instead of Keras's own\)/);
      assert.match(nanRuleText(planPool([4, 4], { op: 'avg', poolSize: 2, framework: 'pytorch' })), /PyTorch's own.*makes it NaN/);
    });
  });

  describe('signed zeros', () => {
    const sign = (v: number | bigint): string => (Object.is(v, -0) ? '-0' : String(v));
    it('Keras global max keeps the last of tied zeros (reduce_max); MaxPool and PyTorch the first', () => {
      for (const backend of BACKENDS) {
        const a = f32([1, 3, 1], [-0, 0, -1]), b = f32([1, 3, 1], [0, -0, -1]);
        assert.deepEqual(values(a, { op: 'globalMax', spatialRank: 1 }, backend).map(sign), ['0']);
        assert.deepEqual(values(b, { op: 'globalMax', spatialRank: 1 }, backend).map(sign), ['-0']);
        assert.deepEqual(values(a, { op: 'max', poolSize: 3, spatialRank: 1 }, backend).map(sign), ['-0']);
        assert.deepEqual(values(b, { op: 'max', poolSize: 3, spatialRank: 1 }, backend).map(sign), ['0']);
        assert.deepEqual(values(a, { op: 'globalMax', spatialRank: 1, framework: 'pytorch' }, backend).map(sign), ['-0']);
      }
    });
    it('Keras global max over a large plane keeps the last zero on the WebAssembly path too', () => {
      const d = new Float32Array(64 * 64).fill(-1);
      d[5] = 0;
      d[4000] = -0;
      const r = pool({ dtype: 'float32', shape: [64, 64], data: d }, { op: 'globalMax' });
      assert.ok(Object.is((r.output.data as Float32Array)[0], -0));
    });
  });

  describe('refusals', () => {
    const i32 = (shape: number[]): Tensor => ({ dtype: 'int32', shape, data: new Int32Array(shape.reduce((a, b) => a * b, 1)) });
    it("PyTorch AvgPool3d/LPPool3d refuse an input smaller than the window even when padding would fit", () => {
      const x = f32([1, 1, 2, 4, 4], new Array(32).fill(1));
      refuses(x, { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', dataFormat: 'channelsFirst' },
        /input image \(T: 2 H: 4 W: 4\) smaller than kernel size \(kT: 3 kH: 3 kW: 3\)/);
      refuses(x, { op: 'lp', p: 2, poolSize: 3, strides: 1, framework: 'pytorch', dataFormat: 'channelsFirst' }, /smaller than kernel size/);
      // MaxPool3d has no such rule: padding makes room.
      assert.deepEqual(pool(x, { op: 'max', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', dataFormat: 'channelsFirst' }).output.shape,
        [1, 1, 2, 4, 4]);
    });
    it('PyTorch MaxPool1d refuses integers unless return_indices; MaxPool2d takes them', () => {
      refuses(i32([1, 4, 1]), { op: 'max', poolSize: 2, spatialRank: 1, framework: 'pytorch' }, /max_pool1d_impl.*return_indices/);
      assert.equal(pool(i32([1, 4, 1]), { op: 'max', poolSize: 2, spatialRank: 1, framework: 'pytorch', returnIndices: true }).output.dtype, 'int32');
      assert.equal(pool(i32([4, 4]), { op: 'max', poolSize: 2, framework: 'pytorch' }).output.dtype, 'int32');
    });
    it('PyTorch refuses integer averages other than int64, and integer adaptive and global pooling', () => {
      refuses(i32([4, 4]), { op: 'avg', poolSize: 2, framework: 'pytorch' }, /avg_pool2d is not implemented for int32/);
      refuses(i32([4, 4]), { op: 'globalMax', framework: 'pytorch' }, /adaptive_max_pool2d takes float16, float32 and float64 only/);
      refuses(i32([4, 4]), { op: 'adaptiveAvg', outputSize: 2, framework: 'pytorch' }, /adaptive_avg_pool2d/);
    });
    it('Keras refuses integer average pooling and anything but float32 in 3-D pooling', () => {
      refuses(i32([4, 4]), { op: 'avg', poolSize: 2 }, /AvgPool takes float16, float32 and float64 only/);
      const v: Tensor = { dtype: 'float64', shape: [2, 2, 2], data: new Float64Array(8) };
      refuses(v, { op: 'max', poolSize: 2, spatialRank: 3 }, /MaxPool3D kernel on CPU takes float32 only/);
      refuses({ dtype: 'uint32', shape: [2, 2], data: new Uint32Array(4) }, { op: 'max', poolSize: 2 }, /no uint32 kernel/);
      // reduce_max and reduce_mean take every dtype.
      assert.equal(pool(i32([4, 4]), { op: 'globalMax' }).output.dtype, 'int32');
    });
    it('planPool without a dtype checks geometry only (callers that plan before reading data)', () => {
      assert.doesNotThrow(() => planPool([4, 4], { op: 'avg', poolSize: 2 }));
      assert.throws(() => planPool([4, 4], { op: 'avg', poolSize: 2 }, 'int32'), PoolSpecError);
    });
  });
});
