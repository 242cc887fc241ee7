// The WebAssembly kernels: reproducible from the committed .wat, and bit-identical to the TypeScript path.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type PoolSpec, type Tensor, planPool, pool } from '../../../src/core';
import { wasmAvailable } from '../../../src/core/wasmKernels';
import { WASM_BASE64 } from '../../../src/core/wasm/pool.generated';

const root = join(__dirname, '..', '..', '..');

describe('WebAssembly kernels', () => {
  it('assembling src/core/wasm/pool.wat with wabt gives exactly the committed bytes', async () => {
    const build = (await import(pathToFileURL(join(root, 'scripts', 'build-wasm.mjs')).href)) as {
      assemble(p: string): Promise<Buffer>; generatedSource(name: string, b: Buffer): string;
    };
    const bytes = await build.assemble(join(root, 'src', 'core', 'wasm', 'pool.wat'));
    assert.equal(bytes.toString('base64'), WASM_BASE64);
  });

  it('load in Node', () => {
    assert.equal(wasmAvailable(), true);
  });

  describe('bit-identical to the TypeScript path on 250 random float32 cases (NaN, ±inf, -0, ties)', () => {
    let seed = 99;
    const rand = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (let t = 0; t < 250; t++) {
      const rank = int(1, 2);
      const spatial = Array.from({ length: rank }, () => int(1, 9));
      const C = [4, 8, 12][int(0, 2)]!;
      const shape = [int(1, 2), ...spatial, C];
      const framework = rand() < 0.5 ? 'keras' : 'pytorch';
      const op = (['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg'] as const)[int(0, 5)]!;
      const spec: PoolSpec = { op, framework, spatialRank: rank as 1 | 2 };
      const k = spatial.map(() => int(1, 4));
      if (op === 'max' || op === 'avg') {
        spec.poolSize = k;
        spec.strides = spatial.map(() => int(1, 3));
        if (framework === 'keras') spec.padding = rand() < 0.5 ? 'same' : 'valid';
        else {
          spec.padding = k.map((kk) => int(0, Math.floor(kk / 2)));
          spec.ceilMode = rand() < 0.5;
          if (op === 'avg') spec.countIncludePad = rand() < 0.5;
          if (op === 'avg' && rand() < 0.2) spec.divisorOverride = int(1, 6);
        }
      } else if (op === 'adaptiveMax' || op === 'adaptiveAvg') {
        spec.outputSize = spatial.map((s) => int(1, s + 2));
      }
      try {
        if (planPool(shape, spec).empty) continue;
      } catch {
        continue;
      }
      const n = shape.reduce((a, b) => a * b, 1);
      const special = [NaN, Infinity, -Infinity, -0, 0, 1, 1];
      const data = Float32Array.from({ length: n }, () => (rand() < 0.15 ? special[int(0, 6)]! : int(-3, 3) + (rand() < 0.5 ? 0.1 : 0)));
      const x: Tensor = { dtype: 'float32', shape, data };
      it(`#${t} x=[${shape}] ${JSON.stringify(spec)}`, () => {
        const w = pool(x, spec);
        const s = pool(x, spec, { backend: 'ts' });
        assert.equal(w.backend, 'wasm');
        assert.equal(w.output.dtype, s.output.dtype);
        const a = w.output.data as Float32Array, b = s.output.data as Float32Array;
        assert.equal(a.length, b.length);
        for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `[${i}] wasm ${a[i]} ts ${b[i]}`);
        if (s.argmax !== undefined) assert.deepEqual(w.argmax, s.argmax);
      });
    }
  });
});

// Stride-1 average windows of many rows take running sums along H (vrun) where every sum involved is exact,
// and restart or sum directly where not; row interiors divide by one number, the edges by their own divisors.
describe('stride-1 average: running vertical sums and interior divisors, bit-identical to the TypeScript path', () => {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  /** One row of n values of a kind: exact sums (narrow exponents), inexact ones, or special values. */
  const rowKinds: Record<string, (n: number) => number[]> = {
    uniform: (n) => Array.from({ length: n }, () => rand() - 0.5),
    ints: (n) => Array.from({ length: n }, () => Math.floor(rand() * 9) - 4),
    wide: (n) => Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (1 + rand()) * 2 ** Math.floor(rand() * 100 - 50)),
    oneTiny: (n) => Array.from({ length: n }, (_, i) => (i === Math.floor(n / 2) ? 1e-30 : rand() - 0.5)),
    cancel: (n) => Array.from({ length: n }, () => pick([2 ** 30, -(2 ** 30), 1e-10, -3e-10, 1, 0.1])),
    subnormalNeg: (n) => Array.from({ length: n }, () => pick([-1e-45, -3e-45, -0, 0])),
    negZero: (n) => new Array<number>(n).fill(-0),
    zero: (n) => new Array<number>(n).fill(0),
    inf: (n) => Array.from({ length: n }, () => (rand() < 0.1 ? pick([Infinity, -Infinity]) : rand() - 0.5)),
    nan: (n) => Array.from({ length: n }, () => (rand() < 0.05 ? NaN : rand() - 0.5)),
    huge: (n) => Array.from({ length: n }, () => pick([3e38, -3e38, 1e38])),
  };
  /** An image [N, H, W, C] whose rows are of random kinds, mostly exact ones, so exactness flips mid-image. */
  function image(shape: number[], kinds: string[], dtype: 'float32' | 'float64'): Tensor {
    const [N, H, W, C] = shape as [number, number, number, number];
    const data = dtype === 'float32' ? new Float32Array(N * H * W * C) : new Float64Array(N * H * W * C);
    for (let r = 0; r < N * H; r++) {
      const kind = rand() < 0.6 ? pick(['uniform', 'ints']) : pick(kinds);
      data.set(rowKinds[kind]!(W * C), r * W * C);
    }
    return { dtype, shape, data };
  }
  function sameBits(x: Tensor, spec: PoolSpec, label: string): void {
    const w = pool(x, spec), s = pool(x, spec, { backend: 'ts' });
    assert.equal(w.backend, 'wasm', label);
    const a = w.output.data as Float32Array, b = s.output.data as Float32Array;
    assert.equal(a.length, b.length, label);
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`${label} [${i}] wasm ${a[i]} ts ${b[i]}`);
  }
  const kinds = Object.keys(rowKinds);
  const specsFor = (k: number): PoolSpec[] => [
    { op: 'avg', poolSize: k, strides: 1, padding: 'same' },
    { op: 'avg', poolSize: [k, 3], strides: 1, padding: 'same' },
    { op: 'avg', poolSize: [k, k + 1], strides: 1, padding: 'valid' },
    { op: 'avg', poolSize: k, strides: 1, padding: Math.floor(k / 2), framework: 'pytorch', countIncludePad: false },
    { op: 'avg', poolSize: k, strides: 1, padding: Math.floor(k / 2), framework: 'pytorch', countIncludePad: true },
    { op: 'avg', poolSize: k, strides: 1, padding: Math.floor(k / 2), framework: 'pytorch', divisorOverride: 7 },
  ];
  for (const C of [1, 3, 4, 64]) {
    for (const k of [3, 4, 5, 7]) {
      for (const dtype of ['float32', 'float64'] as const) {
        const shape = C === 64 ? [2, 23, 11, 64] : [3, 31, 17, C];
        for (const spec of specsFor(k)) {
          const x = image(shape, kinds, dtype);
          const label = `${dtype} x=[${shape}] ${JSON.stringify(spec)}`;
          it(label, () => sameBits(x, spec, label));
        }
      }
    }
  }
  it('rows of one kind each (exact, inexact, ±inf, NaN, -0, 0, tiny negatives that round to -0) at every place', () => {
    for (const kind of kinds) {
      for (const k of [3, 5, 7]) {
        for (const at of [0, 3, 6, 9, 12]) {
          const shape = [1, 13, 9, 4];
          const x = image(shape, ['uniform'], 'float32');
          (x.data as Float32Array).set(rowKinds[kind]!(9 * 4), at * 9 * 4);
          (x.data as Float32Array).set(rowKinds[kind]!(9 * 4), ((at + k) % 13) * 9 * 4);
          sameBits(x, { op: 'avg', poolSize: k, strides: 1, padding: 'same' }, `${kind} k=${k} row ${at}`);
        }
      }
    }
  });
  it('an all -0 image averages to +0 and tiny negative cells to -0, as in the TypeScript path', () => {
    const x: Tensor = { dtype: 'float32', shape: [1, 12, 12, 4], data: new Float32Array(576).fill(-0) };
    for (const k of [3, 7]) {
      const out = pool(x, { op: 'avg', poolSize: k, strides: 1, padding: 'same' }).output.data as Float32Array;
      assert.ok(out.every((v) => Object.is(v, 0)));
    }
    // One cell of -2^-149 among +0s: the windows over it average to a negative number below half the least
    // subnormal, which rounds to -0 (so a +0 added after the division would be wrong).
    (x.data as Float32Array).fill(0);
    (x.data as Float32Array).set([-1e-45, -1e-45, 0, -1e-45], (6 * 12 + 6) * 4);
    for (const k of [3, 7]) {
      const out = pool(x, { op: 'avg', poolSize: k, strides: 1, padding: 'same' }).output.data as Float32Array;
      assert.equal(out.filter((v) => Object.is(v, -0)).length, 3 * k * k);
      sameBits(x, { op: 'avg', poolSize: k, strides: 1, padding: 'same' }, `tiny k=${k}`);
    }
  });
  it('a 512-wide image with C = 64 (the benchmark shape, reduced in height), uniform data', () => {
    const shape = [1, 12, 512, 64];
    const x = image(shape, ['uniform'], 'float32');
    for (const k of [3, 7]) sameBits(x, { op: 'avg', poolSize: k, strides: 1, padding: 'same' }, `wide k=${k}`);
  });
});
