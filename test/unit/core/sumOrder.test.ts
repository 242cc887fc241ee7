// Summation order: averages are each window's cells added in float64 in row-major order (as TF and PyTorch add
// them). The fast paths (axis by axis, running sums) run only where sumOrder.ts proves they give the same sums;
// these tests show them falling back where the orders differ, and check the proof against a brute-force
// row-major sum (windowOf's cells) on random data whose exponent spread straddles the condition.
import assert from 'node:assert/strict';
import { type PoolSpec, type Tensor, planPool, pool, residentTensor, windowOf } from '../../../src/core';
import { canonical } from '../../../src/core/kernels';
import { checkSumOrder } from '../../../src/core/sumOrder';
import { mulberry32 } from './seeded';

/** Every output of `spec` over `x` as a plain row-major float64 sum of its window's input cells / divisor. */
function rowMajor(x: Tensor, spec: PoolSpec): Float64Array {
  const plan = planPool(x.shape, spec);
  const out = new Float64Array(plan.outputLength);
  for (let o = 0; o < out.length; o++) {
    const w = windowOf(plan, o);
    let sum = 0;
    for (const c of w.cells) if (c.kind === 'input') sum += Number(x.data[c.index]!);
    out[o] = sum / w.divisor!;
  }
  return out;
}

function f32(shape: number[], values: ArrayLike<number>): Tensor {
  return { dtype: 'float32', shape, data: Float32Array.from(values) };
}

function assertRowMajor(x: Tensor, spec: PoolSpec, label: string): void {
  const want = rowMajor(x, spec);
  for (const backend of ['auto', 'ts'] as const) {
    const got = pool(x, spec, { backend }).output.data as Float32Array;
    for (let i = 0; i < want.length; i++) {
      if (!Object.is(got[i], Math.fround(want[i]!))) assert.fail(`${label} (${backend}) [${i}]: ${got[i]} vs row-major ${want[i]}`);
    }
  }
}

function orderOf(x: Tensor, spec: PoolSpec): string {
  const plan = planPool(x.shape, spec);
  return checkSumOrder(plan, x, canonical(plan, plan.countIncludePad)).kind;
}

describe('summation order: each window in row-major order', () => {
  const cancel = f32([1, 2, 2, 1], [1e30, 1, -1e30, 1]);
  const spec: PoolSpec = { op: 'avg', poolSize: 2 };

  it('x=[[1e30, 1], [-1e30, 1]] 2x2 avg = ((1e30 + 1) - 1e30 + 1) / 4 = 0.25, on both backends', () => {
    assert.notEqual(orderOf(cancel, spec), 'free');
    for (const backend of ['auto', 'ts'] as const) assert.equal(pool(cancel, spec, { backend }).output.data[0], 0.25);
  });

  it('the same window summed axis by axis (row sums 1e30, -1e30) gives 0: the orders differ here', () => {
    assert.equal(pool(cancel, spec, { backend: 'ts', sumOrder: 'separable' }).output.data[0], 0);
  });

  it('PyTorch AvgPool2d and adaptive and global averages follow the same order', () => {
    const x = f32([1, 1, 2, 2], [1e30, 1, -1e30, 1]);
    for (const s of [
      { op: 'avg', framework: 'pytorch', poolSize: 2, dataFormat: 'channelsFirst' },
      { op: 'adaptiveAvg', framework: 'pytorch', outputSize: 1, dataFormat: 'channelsFirst' },
      { op: 'globalAvg', framework: 'pytorch', dataFormat: 'channelsFirst' },
    ] as PoolSpec[]) {
      for (const backend of ['auto', 'ts'] as const) assert.equal(pool(x, s, { backend }).output.data[0], 0.25, s.op);
    }
  });

  it('an image with a few cells far below the rest re-sums only their windows, and equals the row-major sums', () => {
    const rand = mulberry32(7);
    const n = 96 * 80 * 3; // above 2^14 elements: the exponent ranges come from the WebAssembly kernel
    const v = Array.from({ length: n }, () => rand() * 255);
    v[100] = 1e-30;
    v[2000] = -3e-25;
    v[20000] = 1e-20;
    const x = f32([1, 96, 80, 3], v);
    const r = residentTensor(x); // read in place by the kernels (when WebAssembly is here)
    for (const s of [
      { op: 'avg', poolSize: 3, strides: 1, padding: 'same' },
      { op: 'avg', poolSize: 7, strides: 1, padding: 'same' },
      { op: 'avg', poolSize: 2 },
      { op: 'adaptiveAvg', framework: 'pytorch', outputSize: [5, 7] },
    ] as PoolSpec[]) {
      assert.equal(orderOf(x, s), 'patch', JSON.stringify(s));
      assertRowMajor(x, s, JSON.stringify(s));
      if (r !== null) assertRowMajor(r, s, `resident ${JSON.stringify(s)}`);
    }
  });

  it('real images keep the fast path: uint8 photos, float32 photos scaled to [0, 1] or [0, 255]', () => {
    const rand = mulberry32(3);
    const bytes = Uint8Array.from({ length: 64 * 64 * 3 }, () => Math.floor(rand() * 256));
    const u8: Tensor = { dtype: 'uint8', shape: [1, 64, 64, 3], data: bytes };
    const unit = f32([1, 64, 64, 3], Array.from(bytes, (b) => b / 255));
    const raw = f32([1, 64, 64, 3], bytes);
    for (const s of [{ op: 'avg', poolSize: 2 }, { op: 'avg', poolSize: 7, strides: 1, padding: 'same' }] as PoolSpec[]) {
      for (const x of [u8, unit, raw]) assert.equal(orderOf(x, s), 'free', `${x.dtype} ${JSON.stringify(s)}`);
    }
    // A global average of 4096 cells: integers (as uint8 or held in float32) are exact whatever the order, and k/255
    // (8 binades of 24-bit significands) still fits in 53 bits with 13 to spare for the count; at 2^24 cells it
    // would not (measured in bench/arithmetic.bench.ts).
    for (const x of [u8, raw, unit]) assert.equal(orderOf(x, { op: 'globalAvg' }), 'free', x.dtype);
    const big = f32([1, 4096, 4096, 1], new Float32Array(4096 * 4096).map((_, i) => (i % 256) / 255));
    assert.notEqual(orderOf(big, { op: 'globalAvg' }), 'free');
    assertRowMajor(raw, { op: 'globalAvg' }, 'integers as float32, global');
  });

  it('float64 data and LP powers are always summed directly (no bits to spare in 53)', () => {
    const x: Tensor = { dtype: 'float64', shape: [1, 4, 4, 1], data: Float64Array.from({ length: 16 }, (_, i) => i) };
    assert.equal(orderOf(x, { op: 'avg', poolSize: 2 }), 'direct');
    assert.equal(orderOf(f32([1, 4, 4, 1], x.data as Float64Array), { op: 'lp', framework: 'pytorch', p: 2, poolSize: 2 }), 'direct');
  });

  describe('randomized: the fast path equals the row-major sum whenever the condition holds, and pool() always does', () => {
    const rand = mulberry32(20261203);
    const specs: PoolSpec[] = [
      { op: 'avg', poolSize: 2 }, { op: 'avg', poolSize: 3, strides: 1, padding: 'same' },
      { op: 'avg', poolSize: [4, 5], strides: 1 }, { op: 'globalAvg' },
      { op: 'avg', framework: 'pytorch', poolSize: 3, strides: 2, padding: 1 },
      { op: 'adaptiveAvg', framework: 'pytorch', outputSize: [3, 2] },
    ];
    let free = 0, other = 0;
    for (let k = 0; k < 240; k++) {
      const H = 3 + Math.floor(rand() * 12), W = 3 + Math.floor(rand() * 12), C = 1 + Math.floor(rand() * 3);
      // Magnitudes 2^e with e spread over `spread` binades, random signs: the spread decides the condition.
      const spread = Math.floor(rand() * 40);
      const v = Array.from({ length: H * W * C }, () =>
        (rand() < 0.5 ? -1 : 1) * (1 + rand()) * 2 ** Math.floor(rand() * spread - spread / 2));
      const x = f32([1, H, W, C], v);
      const s = specs[k % specs.length]!;
      const label = `#${k} x=[1,${H},${W},${C}] spread 2^${spread} ${JSON.stringify(s)}`;
      const kind = orderOf(x, s);
      it(label, () => {
        if (kind === 'free') {
          const want = rowMajor(x, s);
          const got = pool(x, s, { backend: 'ts', sumOrder: 'separable' }).output.data;
          for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], Math.fround(want[i]!)), `${label} [${i}]`);
        }
        assertRowMajor(x, s, label);
      });
      if (kind === 'free') free++;
      else other++;
    }
    it('the random cases hold both kinds (the condition is exercised both ways)', () => {
      assert.ok(free > 40 && other > 40, `free ${free}, other ${other}`);
    });
  });
});
