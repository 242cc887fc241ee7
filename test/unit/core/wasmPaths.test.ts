// The specialised WebAssembly paths (fused 2x2 stride 2, stride-1 row passes): bit-identical to the TypeScript
// path on shapes chosen to hit them, including chunk boundaries, odd widths, ties (-0/+0), ±inf and NaN at
// window edges, and Keras's lowest-finite rule.
import assert from 'node:assert/strict';
import { type PoolSpec, type Tensor, pool as corePool, residentArray, residentTensor } from '../../../src/core';

/** The kernels' own order (axis by axis): these tests compare the fast paths with the separable TypeScript path. */
const pool: typeof corePool = (x, spec, options = {}) => corePool(x, spec, { sumOrder: 'separable', ...options });
import { loadKernels } from '../../../src/core/wasmKernels';
import { kernelSpec } from './kernelSpec';

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
}

/** Random float32 data: small integers (many ties) with `special` cells drawn from NaN, ±inf, ±0. */
function data(n: number, rand: () => number, special: number): Float32Array {
  const sp = [NaN, Infinity, -Infinity, -0, 0, -Infinity, -0];
  return Float32Array.from({ length: n }, () =>
    rand() < special ? sp[Math.floor(rand() * sp.length)]! : Math.floor(rand() * 7) - 3 + (rand() < 0.3 ? 0.1 : 0));
}

function same(x: Tensor, spec0: PoolSpec, label: string): void {
  const spec = kernelSpec(spec0);
  const w = pool(x, spec);
  const s = pool(x, spec, { backend: 'ts' });
  assert.equal(w.backend, 'wasm', label);
  assert.equal(w.output.dtype, s.output.dtype, label);
  assert.equal(w.output.data.constructor, s.output.data.constructor, label);
  const a = w.output.data as Float32Array, b = s.output.data as Float32Array;
  assert.deepEqual(w.output.shape, s.output.shape);
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${label} [${i}] wasm ${a[i]} ts ${b[i]}`);
  }
  if (s.argmax !== undefined) assert.deepEqual(w.argmax, s.argmax);
  // The same input made resident (read in place by the kernels; 1 MiB of scratch, so big rows fall back to the
  // shared memory) gives the same values too.
  const r = residentTensor(x, { scratchBytes: 1 << 20 });
  assert.ok(r !== null, label);
  const wr = pool(r, spec);
  assert.equal(wr.backend, 'wasm', label);
  const c = wr.output.data as Float32Array;
  for (let i = 0; i < c.length; i++) {
    if (!Object.is(c[i], b[i])) assert.fail(`${label} [${i}] resident wasm ${c[i]} ts ${b[i]}`);
  }
  if (s.argmax !== undefined) assert.deepEqual(wr.argmax, s.argmax);
  // And written straight into an array of that memory (residentArray), twice, with a guard array above it
  // that the kernels' row overruns must not reach.
  const dtype = b instanceof Float64Array ? 'float64' : 'float32';
  const guard = residentArray(r, dtype, 64);
  const o = residentArray(r, dtype, b.length);
  if (guard !== null && o !== null && b instanceof Float32Array === o instanceof Float32Array) {
    guard.fill(7);
    for (let rep = 0; rep < 2; rep++) {
      const wo = pool(r, spec, { out: o });
      assert.equal(wo.output.data, o, label);
      for (let i = 0; i < b.length; i++) {
        if (!Object.is(o[i], b[i])) assert.fail(`${label} [${i}] resident out ${o[i]} ts ${b[i]} (rep ${rep})`);
      }
    }
    assert.ok(guard.every((v) => v === 7), `${label}: the array above the output was overwritten`);
  }
}

const SPECIAL = [0, 0.02, 0.3, 1];

describe('WebAssembly fast paths equal the TypeScript path', () => {
  /** A test comparing both paths, for random specs that are valid and give a non-empty output. */
  function itIfPoolable(x: Tensor, spec: PoolSpec, label: string): void {
    try {
      if (pool(x, spec, { backend: 'ts' }).output.data.length === 0) return;
    } catch {
      return;
    }
    it(label, () => same(x, spec, label));
  }

  /** One test per shape x special-value mix x framework x 2x2 spec (max, avg, PyTorch divisor overrides). */
  function fused2x2Cases(shapes: number[][], rand: () => number): void {
    for (const shape of shapes) {
      for (const special of SPECIAL) {
        for (const framework of ['keras', 'pytorch'] as const) {
          const specs: PoolSpec[] = [{ op: 'max', poolSize: 2, framework }, { op: 'avg', poolSize: 2, framework }];
          if (framework === 'pytorch') {
            specs.push({ op: 'avg', poolSize: 2, framework, divisorOverride: 3 }, { op: 'avg', poolSize: 2, framework, divisorOverride: 8 });
          }
          for (const spec of specs) {
            const n = shape.reduce((p, q) => p * q, 1);
            const x: Tensor = { dtype: 'float32', shape, data: data(n, rand, special) };
            const label = `x=[${shape}] special=${special} ${JSON.stringify(spec)}`;
            it(label, () => same(x, spec, label));
          }
        }
      }
    }
  }

  describe('fused 2x2 stride 2', () => {
    const rand = rng(2024);
    const shapes = [[1, 2, 2, 4], [2, 4, 6, 8], [1, 6, 7, 4], [3, 5, 9, 12], [1, 40, 64, 64], [2, 34, 18, 64], [1, 2, 1030, 4]];
    fused2x2Cases(shapes, rand);
    it('all -inf and all -0 / +0 windows: lowest finite (Keras), -inf (PyTorch), first zero wins, avg gives +0', () => {
      // C = 4: channel 0 all -inf, 1: -0 first, 2: +0 first, 3: NaN among numbers; right window all -0 and NaN/±inf.
      const x: Tensor = { dtype: 'float32', shape: [1, 2, 4, 4], data: Float32Array.from([
        -Infinity, -0, 0, NaN, -Infinity, 0, -0, 1, -0, -0, -0, 5, -0, -0, -0, NaN,
        -Infinity, 0, -0, 2, -Infinity, -0, -0, 3, -0, -0, -0, Infinity, -0, -0, -0, -Infinity]) };
      for (const framework of ['keras', 'pytorch'] as const) {
        const m = pool(x, { op: 'max', poolSize: 2, framework, nan: 'propagate' }).output.data as Float32Array;
        assert.ok(Object.is(m[0], framework === 'keras' ? -3.4028234663852886e38 : -Infinity));
        assert.ok(Object.is(m[1], -0) && Object.is(m[2], 0) && Number.isNaN(m[3]!) && Object.is(m[4], -0) && Number.isNaN(m[7]!));
        const a = pool(x, { op: 'avg', poolSize: 2, framework }).output.data as Float32Array;
        assert.ok(Object.is(a[0], -Infinity) && Object.is(a[1], 0) && Object.is(a[2], 0) && Object.is(a[4], 0));
        assert.ok(Number.isNaN(a[3]!) && Number.isNaN(a[7]!));
        same(x, { op: 'max', poolSize: 2, framework }, framework);
        same(x, { op: 'avg', poolSize: 2, framework }, framework);
      }
    });
  });

  describe('fused 2x2 stride 2 for one float per cell (max2x2c1/avg2x2c1: matrices, channels-first planes)', () => {
    const rand = rng(9001);
    // outW 4 (the least), not a multiple of 4 (overlapping last vector), odd W and H (unused last column/row),
    // and rows enough for several chunks.
    const shapes = [[1, 2, 8, 1], [1, 5, 9, 1], [2, 7, 11, 1], [1, 6, 16, 1], [3, 4, 14, 1], [1, 4, 30, 1],
      [1, 70, 2050, 1], [1, 3, 10, 1]];
    fused2x2Cases(shapes, rand);
    it('channels first (C planes of one float per cell) and a plain matrix', () => {
      const x: Tensor = { dtype: 'float32', shape: [2, 3, 9, 13], data: data(2 * 3 * 9 * 13, rand, 0.1) };
      same(x, { op: 'max', poolSize: 2, dataFormat: 'channelsFirst' }, 'cf max');
      same(x, { op: 'avg', poolSize: 2, dataFormat: 'channelsFirst' }, 'cf avg');
      const m: Tensor = { dtype: 'float32', shape: [41, 37], data: data(41 * 37, rand, 0.05) };
      same(m, { op: 'max', poolSize: 2 }, 'matrix max');
      same(m, { op: 'avg', poolSize: 2 }, 'matrix avg');
    });
    it('ties between the even and odd cells of a vector: first in row-major order wins (-0/+0), NaN anywhere wins', () => {
      // Row 0: -0 +0 | +0 -0 | 1 1 | NaN 2 | 5 NaN | -inf -inf | 3 -0 | 4 4 ; row 1 mirrors some of it.
      const x: Tensor = { dtype: 'float32', shape: [1, 2, 16, 1], data: Float32Array.from([
        -0, 0, 0, -0, 1, 1, NaN, 2, 5, NaN, -Infinity, -Infinity, 3, -0, 4, 4,
        0, -0, -0, 0, 1, 1, 1, 1, 1, 1, -Infinity, -Infinity, 3, 3, 4, 5]) };
      for (const framework of ['keras', 'pytorch'] as const) {
        const m = pool(x, { op: 'max', poolSize: 2, framework, nan: 'propagate' }).output.data as Float32Array;
        assert.ok(Object.is(m[0], -0) && Object.is(m[1], 0) && Number.isNaN(m[3]!) && Number.isNaN(m[4]!));
        assert.ok(Object.is(m[5], framework === 'keras' ? -3.4028234663852886e38 : -Infinity));
        same(x, { op: 'max', poolSize: 2, framework }, framework);
        same(x, { op: 'avg', poolSize: 2, framework }, framework);
      }
    });
  });

  describe('stride-1 windows along W (padded-row kernels, van Herk from 4 cells) and any windows along H', () => {
    const rand = rng(77);
    it('Keras lowest finite for windows of only -inf on every stride-1 max path (3x3 fused, 5x5 and 7x7 van Herk)', () => {
      // A 9x12 block of -inf in the corner of a 14x16 image, 4 channels: windows inside it hold nothing else.
      const H = 14, W = 16, C = 4;
      const d = new Float32Array(H * W * C);
      for (let i = 0; i < d.length; i++) d[i] = ((i * 7919) % 23) - 11;
      for (let y = 0; y < 9; y++) for (let x = 0; x < 12; x++) d.fill(-Infinity, (y * W + x) * C, (y * W + x + 1) * C);
      const x: Tensor = { dtype: 'float32', shape: [1, H, W, C], data: d };
      for (const k of [3, 5, 7]) {
        for (const framework of ['keras', 'pytorch'] as const) {
          const spec: PoolSpec = framework === 'keras' ? { op: 'max', poolSize: k, strides: 1, padding: 'same' }
            : { op: 'max', poolSize: k, strides: 1, padding: Math.floor(k / 2), framework };
          const m = pool(x, spec).output.data as Float32Array;
          assert.ok(Object.is(m[0], framework === 'keras' ? -3.4028234663852886e38 : -Infinity), `${k} ${framework}: ${m[0]}`);
          same(x, spec, `${k} ${framework}`);
        }
      }
    });
    const shapes = [[1, 5, 1, 4], [1, 6, 7, 4], [2, 9, 13, 8], [1, 11, 23, 12], [1, 12, 30, 64], [2, 3, 17, 4]];
    for (const shape of shapes) {
      for (const special of SPECIAL) {
        const specs: PoolSpec[] = [];
        for (const k of [1, 2, 3, 4, 5, 7, 9]) {
          specs.push({ op: 'max', poolSize: k, strides: 1, padding: 'same' });
          specs.push({ op: 'avg', poolSize: k, strides: 1, padding: 'same' });
          specs.push({ op: 'max', poolSize: [Math.max(1, k - 2), k], strides: [2, 1], padding: 'same' });
          if (k <= shape[2]! && k <= shape[1]!) specs.push({ op: 'max', poolSize: k, strides: 1, padding: 'valid', framework: 'pytorch' });
          if (k <= shape[2]! && k <= shape[1]!) specs.push({ op: 'avg', poolSize: k, strides: 1, padding: 'valid' });
          const p = Math.floor(k / 2);
          specs.push({ op: 'max', poolSize: k, strides: 1, padding: p, framework: 'pytorch' });
          specs.push({ op: 'avg', poolSize: k, strides: 1, padding: p, framework: 'pytorch', countIncludePad: k % 2 === 0 });
        }
        for (const spec of specs) {
          const n = shape.reduce((p, q) => p * q, 1);
          const x: Tensor = { dtype: 'float32', shape, data: data(n, rand, special) };
          let ok = true;
          try {
            ok = pool(x, spec, { backend: 'ts' }).output.data.length > 0;
          } catch {
            ok = false;
          }
          if (!ok) continue;
          const label = `x=[${shape}] special=${special} ${JSON.stringify(spec)}`;
          it(label, () => same(x, spec, label));
        }
      }
    }
    it('one NaN row among NaN-free rows: NaN reaches exactly the windows that hold it', () => {
      const rand2 = rng(5);
      const shape = [1, 15, 21, 8];
      const x: Tensor = { dtype: 'float32', shape, data: data(15 * 21 * 8, rand2, 0) };
      (x.data as Float32Array)[(7 * 21 + 20) * 8 + 3] = NaN; // row 7, last column
      (x.data as Float32Array)[(0 * 21 + 0) * 8 + 5] = NaN; // row 0, first column
      for (const k of [3, 4, 7]) {
        for (const framework of ['keras', 'pytorch'] as const) {
          const padding = framework === 'keras' ? 'same' : Math.floor(k / 2);
          same(x, { op: 'max', poolSize: k, strides: 1, padding, framework }, `k=${k} ${framework}`);
        }
      }
    });
    it('ties at van Herk block edges: -0 before +0 stays -0 and +0 before -0 stays +0', () => {
      // One channel group (C = 4): zeros of both signs everywhere, blocks of 4, 5 and 7 cut the windows on both axes.
      const rand3 = rng(11);
      for (const [H, W] of [[3, 16], [16, 16], [17, 9]] as const) {
        const x: Tensor = { dtype: 'float32', shape: [1, H, W, 4], data: Float32Array.from({ length: H * W * 4 }, () => (rand3() < 0.5 ? -0 : 0)) };
        for (const k of [4, 5, 7]) {
          same(x, { op: 'max', poolSize: k, strides: 1, padding: 'same' }, `k=${k}`);
          same(x, { op: 'max', poolSize: k, strides: 1, padding: Math.floor(k / 2), framework: 'pytorch' }, `k=${k}`);
        }
      }
    });
  });

  describe('float32 max, 4..7 cells by 4..7 rows, stride 1, C % 16 == 0 (hvmax7: both passes fused, 3-cell maxima)', () => {
    const rand = rng(707);
    /** Counts hvmax7 calls on the shared kernels while `f` runs (the path must be taken, not bypassed). */
    function hvmax7Calls(f: () => void): number {
      const k = loadKernels()!;
      const orig = k.hvmax7;
      let calls = 0;
      k.hvmax7 = (...args) => {
        calls++;
        return orig(...args);
      };
      try {
        f();
      } finally {
        k.hvmax7 = orig;
      }
      return calls;
    }
    const shapes = [[1, 9, 13, 16], [2, 8, 11, 64], [3, 5, 7, 16], [1, 3, 9, 16], [1, 14, 1, 16], [1, 12, 21, 32]];
    for (const shape of shapes) {
      SPECIAL.forEach((special, si) => {
        for (const kH of [4, 5, 6, 7]) {
          for (const kW of [4, 5, 6, 7]) {
            if ((kH + kW + si) % 2 !== 0 && !(kH === 7 && kW === 7)) continue; // half of the pairs per mix
            const keras: PoolSpec = { op: 'max', poolSize: [kH, kW], strides: 1, padding: 'same' };
            const torch: PoolSpec = { op: 'max', poolSize: [kH, kW], strides: 1, padding: [kH >> 1, kW >> 1], framework: 'pytorch' };
            for (const spec of [keras, torch]) {
              const n = shape.reduce((p, q) => p * q, 1);
              const x: Tensor = { dtype: 'float32', shape, data: data(n, rand, special) };
              const label = `x=[${shape}] special=${special} ${JSON.stringify(spec)}`;
              it(label, () => {
                const calls = hvmax7Calls(() => same(x, spec, label));
                assert.ok(calls > 0, `${label}: hvmax7 not used`);
              });
            }
          }
        }
      });
    }
    it('NaN, -inf and -0/+0 rows and columns reach exactly their windows, for every k along W and H', () => {
      const rand2 = rng(17);
      const H = 13, W = 11, C = 16;
      for (const kind of ['nan', '-inf', 'zeros'] as const) {
        const d = data(H * W * C, rand2, 0);
        for (let i = 0; i < d.length; i++) {
          const y = Math.floor(i / (W * C)), xx = Math.floor(i / C) % W;
          if (kind === 'nan' && ((y === 6 && xx === 10 && i % 3 === 0) || (y === 0 && xx === 0 && i % C === 5))) d[i] = NaN;
          if (kind === '-inf' && (y < 8 || xx === 3)) d[i] = -Infinity;
          if (kind === 'zeros') d[i] = rand2() < 0.5 ? -0 : 0;
        }
        const x: Tensor = { dtype: 'float32', shape: [1, H, W, C], data: d };
        for (const k of [4, 5, 6, 7]) {
          for (const framework of ['keras', 'pytorch'] as const) {
            const padding = framework === 'keras' ? 'same' : Math.floor(k / 2);
            const spec: PoolSpec = { op: 'max', poolSize: k, strides: 1, padding, framework };
            assert.ok(hvmax7Calls(() => same(x, spec, `${kind} k=${k} ${framework}`)) > 0);
          }
        }
      }
    });
    it('Keras: a window of only -inf gives the lowest finite float32, PyTorch -inf', () => {
      const H = 10, W = 9, C = 16;
      const d = data(H * W * C, rand, 0);
      for (let y = 0; y < 7; y++) d.fill(-Infinity, y * W * C, (y * W + 8) * C);
      const x: Tensor = { dtype: 'float32', shape: [1, H, W, C], data: d };
      const m = pool(x, { op: 'max', poolSize: 7, strides: 1, padding: 'same' }).output.data as Float32Array;
      assert.ok(Object.is(m[0], -3.4028234663852886e38));
      const t = pool(x, { op: 'max', poolSize: 7, strides: 1, padding: 3, framework: 'pytorch' }).output.data as Float32Array;
      assert.ok(Object.is(t[0], -Infinity));
    });
  });

  describe('3x3 stride-1 average with fused horizontal and vertical passes (hvsum3)', () => {
    const rand = rng(31337);
    /** Values over a wide exponent range, so the float64 sums round and their order matters. */
    const wide = (n: number): Float32Array => Float32Array.from({ length: n }, () =>
      (rand() < 0.5 ? -1 : 1) * (1 + rand()) * 2 ** Math.floor(rand() * 120 - 60));
    /** Large values that cancel and small ones that they swallow: sums that depend on the order of additions. */
    const cancel = (n: number): Float32Array => Float32Array.from({ length: n }, () =>
      [2 ** 30, -(2 ** 30), 1e-10, -3e-10, 1, 0.1][Math.floor(rand() * 6)]!);
    const shapes = [[1, 3, 3, 1], [1, 5, 9, 1], [2, 7, 6, 3], [1, 9, 13, 4], [1, 6, 11, 64], [2, 4, 3, 5], [1, 12, 12, 8]];
    const specs: PoolSpec[] = [
      { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', divisorOverride: 1 },
      { op: 'avg', poolSize: 3, strides: 1, padding: 'same' },
      { op: 'avg', poolSize: 3, strides: 1, padding: 'valid' },
      { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', countIncludePad: true },
      { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', countIncludePad: false },
      { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', divisorOverride: 5 },
      { op: 'avg', poolSize: 3, strides: 1, padding: 0, framework: 'pytorch', divisorOverride: 4 },
      { op: 'avg', poolSize: [3, 3], strides: [2, 1], padding: 'same' },
      { op: 'avg', poolSize: [2, 3], strides: 1, padding: 'same' },
    ];
    for (const shape of shapes) {
      for (const kind of ['special', 'wide', 'cancel'] as const) {
        for (const spec of specs) {
          const n = shape.reduce((p, q) => p * q, 1);
          const x: Tensor = { dtype: 'float32', shape, data: kind === 'wide' ? wide(n) : kind === 'cancel' ? cancel(n) : data(n, rand, 0.1) };
          const label = `x=[${shape}] ${kind} ${JSON.stringify(spec)}`;
          it(label, () => same(x, spec, label));
        }
      }
    }
    it('all -0 windows average to +0; ±inf and NaN rows reach exactly their windows', () => {
      const x: Tensor = { dtype: 'float32', shape: [1, 6, 5, 4], data: new Float32Array(120).fill(-0) };
      const d = x.data as Float32Array;
      d[50] = Infinity; d[51] = NaN; d[90] = -Infinity; d[91] = Infinity;
      same(x, { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }, 'zeros');
      const out = pool(x, { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }).output.data as Float32Array;
      assert.ok(Object.is(out[0], 0));
    });
  });

  describe('3x3 stride-1 average, two output rows per call (hvsum3x2: unstaged rows, masked edges)', () => {
    const rand = rng(4242);
    const wide = (n: number): Float32Array => Float32Array.from({ length: n }, () =>
      (rand() < 0.5 ? -1 : 1) * (1 + rand()) * 2 ** Math.floor(rand() * 120 - 60));
    // Odd and even heights (a single-row call left over or not), widths from 1 (no fast loop) to past a few
    // vectors of C = 1, C = 1/3/4/64 (cells across vectors or whole vectors), batches of several images.
    const shapes = [[3, 9, 7, 1], [2, 10, 5, 3], [1, 11, 9, 4], [2, 8, 33, 64], [1, 7, 2, 4], [2, 6, 1, 3],
      [1, 13, 17, 1], [1, 5, 130, 1], [2, 9, 31, 3], [3, 4, 6, 4], [1, 12, 3, 1], [2, 7, 10, 64]];
    const specs: PoolSpec[] = [
      { op: 'avg', poolSize: 3, strides: 1, padding: 'same' },
      { op: 'avg', poolSize: 3, strides: 1, padding: 'valid' },
      { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', countIncludePad: true },
      { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', divisorOverride: 7 },
      { op: 'avg', poolSize: 3, strides: 1, padding: [0, 1], framework: 'pytorch', countIncludePad: false },
    ];
    for (const shape of shapes) {
      for (const kind of ['special', 'wide'] as const) {
        for (const spec of specs) {
          if (spec.padding === 'valid' && shape[2]! < 3) continue; // no output
          const n = shape.reduce((p, q) => p * q, 1);
          const x: Tensor = { dtype: 'float32', shape, data: kind === 'wide' ? wide(n) : data(n, rand, 0.1) };
          const label = `x=[${shape}] ${kind} ${JSON.stringify(spec)}`;
          it(label, () => same(x, spec, label));
        }
      }
    }
    it('rows of -0, NaN, +inf and -inf reach exactly their windows, whichever row of a pair they are', () => {
      for (const [W, C] of [[5, 4], [9, 1], [7, 3], [4, 64]] as const) {
        for (let at = 0; at < 9; at++) {
          const H = 9, x: Tensor = { dtype: 'float32', shape: [2, H, W, C], data: new Float32Array(2 * H * W * C).fill(-0) };
          const d = x.data as Float32Array, row = W * C;
          d.fill(NaN, at * row, at * row + C); // first cell of row `at` of image 0
          d.fill(Infinity, (H + at) * row + row - C, (H + at + 1) * row); // last cell of that row of image 1
          d[((at + 3) % H) * row + Math.floor(W / 2) * C] = -Infinity;
          for (let r = 0; r < 2 * H; r += 4) d.fill(rand() < 0.5 ? 1.5 : -0, r * row, (r + 1) * row);
          same(x, { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }, `W=${W} C=${C} at=${at}`);
          same(x, { op: 'avg', poolSize: 3, strides: 1, padding: 1, framework: 'pytorch', countIncludePad: true }, `W=${W} C=${C} at=${at} pytorch`);
        }
      }
    });
    it('float64 data takes its own kernels and is unaffected', () => {
      for (const shape of [[2, 9, 7, 4], [1, 8, 5, 1], [1, 10, 6, 3]]) {
        const n = shape.reduce((p, q) => p * q, 1);
        const x: Tensor = { dtype: 'float64', shape, data: Float64Array.from({ length: n }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 30 - 15)) };
        same(x, { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }, `float64 [${shape}]`);
      }
    });
  });

  describe('global average of one float per cell (hsumrows1: eight row sums side by side)', () => {
    const rand = rng(555);
    const wide = (n: number): Float32Array => Float32Array.from({ length: n }, () =>
      (rand() < 0.5 ? -1 : 1) * (1 + rand()) * 2 ** Math.floor(rand() * 120 - 60));
    const cancel = (n: number): Float32Array => Float32Array.from({ length: n }, () =>
      [2 ** 30, -(2 ** 30), 1e-10, -3e-10, 1, 0.1][Math.floor(rand() * 6)]!);
    // Fewer than 8 rows, a multiple of 8, tails of 1..7 rows and of 1..3 columns, and rows over several chunks
    // (W = 2000: 32 rows a chunk).
    /**
     * Rows of 2^60, x, -2^60, y, ... from a random offset: left to right, 2^60 swallows x and -2^60 cancels it,
     * so the sum keeps only what follows; any other order of additions (within or across rows) keeps other
     * small terms and shows in the float32 average.
     */
    const swallow = (H: number, W: number): Float32Array => {
      const d = new Float32Array(H * W);
      for (let r = 0; r < H; r++) {
        const off = Math.floor(rand() * 4);
        for (let c = 0; c < W; c++) {
          const ph = (c + off) % 4;
          d[r * W + c] = ph === 0 ? 2 ** 60 : ph === 2 ? -(2 ** 60) : Math.fround((rand() - 0.5) * 2 ** Math.floor(rand() * 8));
        }
        if (rand() < 0.3) d[r * W + Math.floor(rand() * W)] = (rand() < 0.5 ? 1 : -1) * 2 ** 60;
      }
      return d;
    };
    const shapes = [[1, 3, 5], [1, 8, 4], [1, 13, 7], [1, 17, 1], [1, 9, 2], [1, 75, 2000], [2, 19, 6], [1, 1, 9],
      [1, 16, 11], [1, 23, 9], [3, 10, 13]];
    for (const shape of shapes) {
      for (const kind of ['special', 'wide', 'cancel', 'swallow'] as const) {
        const n = shape.reduce((p, q) => p * q, 1);
        const x: Tensor = { dtype: 'float32', shape: shape[0] === 1 ? shape.slice(1) : [...shape, 1],
          data: kind === 'wide' ? wide(n) : kind === 'cancel' ? cancel(n) : kind === 'swallow'
            ? swallow(shape[0]! * shape[1]!, shape[2]!) : data(n, rand, 0.05) };
        const label = `x=[${x.shape}] ${kind}`;
        it(`${label} globalAvg`, () => same(x, { op: 'globalAvg' }, label));
        it(`${label} adaptiveAvg to 1x1`, () => same(x, { op: 'adaptiveAvg', outputSize: 1, framework: 'pytorch' }, label));
      }
    }
    it('each row sums its own cells, tail columns included, in every lane and in the single-row tail', () => {
      // Row a: 2^60 ... -2^60 (sum 0); row b: 1, zeros (sum 1). Mixing their tail columns gives 2^60 and 1 - 2^60,
      // whose total is 0, not 1.
      for (const W of [5, 6, 7, 9]) {
        for (const a of [0, 2, 3, 4, 6, 8, 9]) {
          const H = 11, b = a + 1;
          const d = new Float32Array(H * W);
          d[a * W] = 2 ** 60;
          d[a * W + W - 1] = -(2 ** 60);
          d[b * W] = 1;
          const x: Tensor = { dtype: 'float32', shape: [H, W], data: d };
          same(x, { op: 'globalAvg' }, `W=${W} rows ${a},${b}`);
          assert.equal((pool(x, { op: 'globalAvg' }).output.data as Float32Array)[0], Math.fround(1 / (H * W)));
        }
      }
    });
    it('channels-first planes and a whole-input window', () => {
      const x: Tensor = { dtype: 'float32', shape: [2, 3, 21, 10], data: cancel(2 * 3 * 21 * 10) };
      same(x, { op: 'globalAvg', dataFormat: 'channelsFirst' }, 'cf global');
      same(x, { op: 'avg', poolSize: [21, 10], dataFormat: 'channelsFirst' }, 'cf whole window');
      const m: Tensor = { dtype: 'float32', shape: [12, 5], data: new Float32Array(60).fill(-0) };
      same(m, { op: 'globalAvg' }, 'all -0');
      assert.ok(Object.is((pool(m, { op: 'globalAvg' }).output.data as Float32Array)[0], 0));
    });
  });

  describe('global max of one float per cell (hmaxrows1: four row maxima side by side, NaN flags per row)', () => {
    const rand = rng(8080);
    const shapes = [[1, 1, 3], [1, 3, 5], [1, 4, 4], [1, 5, 7], [1, 6, 1], [1, 7, 9], [1, 75, 2000], [2, 19, 6], [3, 10, 13]];
    for (const shape of shapes) {
      for (const special of SPECIAL) {
        for (const framework of ['keras', 'pytorch'] as const) {
          const n = shape.reduce((p, q) => p * q, 1);
          const x: Tensor = { dtype: 'float32', shape: shape[0] === 1 ? shape.slice(1) : [...shape, 1], data: data(n, rand, special) };
          const label = `x=[${x.shape}] special=${special} ${framework}`;
          it(`${label} globalMax`, () => same(x, { op: 'globalMax', framework }, label));
          it(`${label} adaptiveMax to 1x1`, () => same(x, { op: 'adaptiveMax', outputSize: 1, framework }, label));
        }
      }
    }
    it('one NaN in any row and column, -0/+0 ties, all -inf: per-row results in every lane and tail', () => {
      for (const W of [4, 5, 7, 9]) {
        for (const H of [1, 2, 3, 5, 6, 9]) {
          for (let at = 0; at < H * W; at++) {
            const d = new Float32Array(H * W).fill(-Infinity);
            d[at] = NaN;
            const x: Tensor = { dtype: 'float32', shape: [H, W], data: d };
            same(x, { op: 'globalMax' }, `NaN at ${at} of ${H}x${W}`);
            assert.ok(Number.isNaN((pool(x, { op: 'globalMax' }).output.data as Float32Array)[0]!));
            for (const gap of [1, 2, 5]) {
              d.fill(-Infinity);
              d[at] = at % 2 === 0 ? -0 : 0;
              d[(at + gap) % (H * W)] = at % 2 === 0 ? 0 : -0;
              same(x, { op: 'globalMax' }, `zeros at ${at}, +${gap} of ${H}x${W}`);
              same(x, { op: 'globalMax', framework: 'pytorch' }, `zeros at ${at}, +${gap} of ${H}x${W}`);
            }
          }
          const m: Tensor = { dtype: 'float32', shape: [H, W], data: new Float32Array(H * W).fill(-Infinity) };
          // Keras global max is reduce_max: an all -inf plane stays -inf (TF 2.21).
          assert.ok(Object.is((pool(m, { op: 'globalMax' }).output.data as Float32Array)[0], -Infinity));
          same(m, { op: 'globalMax', framework: 'pytorch' }, `all -inf ${H}x${W}`);
        }
      }
    });
  });

  describe('running sums (avg, windows of 4+ cells along W): used only on rows where every sum is exact', () => {
    const rand = rng(31);
    // Exponent spreads around the exactness bound (29 bits minus log2(k + 1)), tiny and subnormal cells,
    // cancellations to zero, and the uniform [-0.5, 0.5) data of the benchmark.
    const gens: Record<string, () => number> = {
      uniform: () => Math.fround(rand() - 0.5),
      wide: () => (rand() < 0.5 ? 1e20 : 1e-20) * (rand() < 0.5 ? -1 : 1) * Math.floor(1 + rand() * 5),
      near: () => 2 ** Math.floor(rand() * 27 - 10) * (rand() < 0.5 ? -1 : 1) * (1 + Math.floor(rand() * 8) / 8),
      cancel: () => [1, -1, 2 ** -20, -(2 ** -20), 0, -0][Math.floor(rand() * 6)]!,
      subnormal: () => [1e-45, -1e-45, 3e-44, 1e-38, 0][Math.floor(rand() * 5)]!,
    };
    for (const [name, gen] of Object.entries(gens)) {
      for (const k of [4, 5, 7, 9]) {
        const shape = [1, 6, 29, 8];
        const x: Tensor = { dtype: 'float32', shape, data: Float32Array.from({ length: 6 * 29 * 8 }, gen) };
        it(`${name} k=${k}`, () => {
          same(x, { op: 'avg', poolSize: k, strides: 1, padding: 'same' }, `${name} k=${k}`);
          same(x, { op: 'avg', poolSize: [2, k], strides: 1, padding: Math.floor(k / 2) > 1 ? [1, Math.floor(k / 2)] : 0, framework: 'pytorch' }, `${name} k=${k} pytorch`);
        });
      }
    }
  });

  describe('cells that are not a multiple of 4 floats (C = 1, 2, 3, 5, ...; channels first; plain matrices)', () => {
    const rand = rng(4242);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (let t = 0; t < 160; t++) {
      const rank = int(1, 2) as 1 | 2;
      const C = [1, 1, 2, 3, 5, 6, 7, 4][int(0, 7)]!;
      const spatial = Array.from({ length: rank }, () => int(1, 19));
      const dataFormat = rand() < 0.3 ? 'channelsFirst' as const : 'channelsLast' as const;
      const shape = dataFormat === 'channelsLast' ? [int(1, 2), ...spatial, C] : [int(1, 2), C, ...spatial];
      const framework = rand() < 0.5 ? 'keras' as const : 'pytorch' as const;
      const op = (['max', 'avg', 'max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg'] as const)[int(0, 7)]!;
      const spec: PoolSpec = { op, framework, spatialRank: rank, dataFormat };
      if (op === 'max' || op === 'avg') {
        const k = spatial.map(() => [1, 2, 3, 4, 5, 7][int(0, 5)]!);
        spec.poolSize = k;
        spec.strides = spatial.map(() => (rand() < 0.6 ? 1 : int(1, 3)));
        if (framework === 'keras') spec.padding = rand() < 0.7 ? 'same' : 'valid';
        else {
          spec.padding = k.map((kk) => int(0, Math.floor(kk / 2)));
          spec.ceilMode = rand() < 0.3;
          if (op === 'avg') spec.countIncludePad = rand() < 0.5;
        }
      } else if (op === 'adaptiveMax' || op === 'adaptiveAvg') {
        spec.outputSize = spatial.map((s) => int(1, s + 2));
      }
      const n = shape.reduce((p, q) => p * q, 1);
      const x: Tensor = { dtype: 'float32', shape, data: data(n, rand, SPECIAL[int(0, 3)]!) };
      itIfPoolable(x, spec, `#${t} x=[${shape}] ${JSON.stringify(spec)}`);
    }
    it('3-D input whose depth window is 1 (depth becomes an outer axis), channels last and first', () => {
      const x: Tensor = { dtype: 'float32', shape: [2, 3, 6, 5, 4], data: data(2 * 3 * 6 * 5 * 4, rand, 0.05) };
      // Keras 3-D max is TF MaxPool3D's own fold (TypeScript only); PyTorch's runs in WebAssembly.
      same(x, { op: 'max', poolSize: [1, 2, 2], strides: [1, 2, 2], spatialRank: 3, framework: 'pytorch' }, '3-D max');
      same(x, { op: 'avg', poolSize: [1, 3, 3], strides: 1, padding: 'same', spatialRank: 3 }, '3-D avg');
      same(x, { op: 'max', poolSize: [1, 5, 5], strides: 1, padding: [0, 2, 2], spatialRank: 3, dataFormat: 'channelsFirst', framework: 'pytorch' }, '3-D cf');
    });
    it('a plain 3x3 matrix (the article example) and a 40x37 matrix run in WebAssembly', () => {
      same({ dtype: 'float32', shape: [3, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) }, { op: 'max', poolSize: 2, strides: 1 }, 'article');
      const x: Tensor = { dtype: 'float32', shape: [40, 37], data: data(40 * 37, rand, 0.05) };
      for (const k of [2, 3, 7]) {
        same(x, { op: 'max', poolSize: k, strides: 1, padding: 'same' }, `max ${k}`);
        same(x, { op: 'avg', poolSize: k, strides: 1, padding: 'same' }, `avg ${k}`);
        same(x, { op: 'max', poolSize: k }, `max ${k} stride ${k}`);
      }
    });
  });

  describe('float64 data (the _d kernels: f64x2 lanes, float64 sums without rounding)', () => {
    const rand = rng(64);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const sp = [NaN, Infinity, -Infinity, -0, 0, -Infinity, -0];
    for (let t = 0; t < 160; t++) {
      const rank = int(1, 2) as 1 | 2;
      const C = [1, 2, 3, 4, 6, 8][int(0, 5)]!;
      const spatial = Array.from({ length: rank }, () => int(1, 17));
      const shape = [int(1, 2), ...spatial, C];
      const framework = rand() < 0.5 ? 'keras' as const : 'pytorch' as const;
      const op = (['max', 'avg', 'max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg'] as const)[int(0, 7)]!;
      const spec: PoolSpec = { op, framework, spatialRank: rank };
      if (op === 'max' || op === 'avg') {
        const k = spatial.map(() => [1, 2, 2, 3, 4, 5, 7][int(0, 6)]!);
        spec.poolSize = k;
        spec.strides = rand() < 0.3 ? k : spatial.map(() => (rand() < 0.6 ? 1 : int(1, 3)));
        if (framework === 'keras') spec.padding = rand() < 0.6 ? 'same' : 'valid';
        else {
          spec.padding = k.map((kk) => int(0, Math.floor(kk / 2)));
          spec.ceilMode = rand() < 0.3;
          if (op === 'avg') spec.countIncludePad = rand() < 0.5;
          if (op === 'avg' && rand() < 0.2) spec.divisorOverride = [3, 4, 8][int(0, 2)]!;
        }
      } else if (op === 'adaptiveMax' || op === 'adaptiveAvg') {
        spec.outputSize = spatial.map((s) => int(1, s + 2));
      }
      const n = shape.reduce((p, q) => p * q, 1);
      const special = SPECIAL[int(0, 3)]!;
      // Doubles that float32 cannot hold, ties, and wide magnitudes (float64 sums round).
      const x: Tensor = { dtype: 'float64', shape, data: Float64Array.from({ length: n }, () =>
        rand() < special ? sp[int(0, 6)]! : rand() < 0.3 ? int(-3, 3) : (rand() - 0.5) * 10 ** int(-20, 20)) };
      itIfPoolable(x, spec, `#${t} x=[${shape}] ${JSON.stringify(spec)}`);
    }
    it('max over 5..7-row windows runs the vertical van Herk pass on f64x2 lanes (vmax2_d, unrolled), any C', () => {
      const k = loadKernels()!;
      const orig = k.vmax2_d;
      let calls = 0;
      k.vmax2_d = (...args) => {
        calls++;
        orig(...args);
      };
      try {
        for (const C of [1, 2, 3, 4, 6]) {
          for (const [kH, sp] of [[5, 0], [7, 0.05], [7, 0.3]] as const) {
            const shape = [2, 23, 9, C], n = shape.reduce((p, q) => p * q, 1);
            const x: Tensor = { dtype: 'float64', shape, data: Float64Array.from(data(n, rand, sp)) };
            for (const spec of [
              { op: 'max', poolSize: [kH, 3], strides: 1, padding: 'same' },
              { op: 'max', poolSize: [kH, 2], strides: 1, padding: [kH >> 1, 1], framework: 'pytorch' },
            ] as PoolSpec[]) same(x, spec, `C=${C} ${JSON.stringify(spec)} special=${sp}`);
          }
        }
      } finally {
        k.vmax2_d = orig;
      }
      assert.ok(calls > 0, 'vmax2_d not used');
    });
    it('Keras all -inf window gives the float64 lowest finite value; -0 first stays -0', () => {
      const x: Tensor = { dtype: 'float64', shape: [1, 2, 2, 2], data: Float64Array.of(-Infinity, -0, -Infinity, 0, -Infinity, 0, -Infinity, -0) };
      const r = pool(x, { op: 'max', poolSize: 2 });
      assert.equal(r.backend, 'wasm');
      assert.ok(Object.is(r.output.data[0], -Number.MAX_VALUE) && Object.is(r.output.data[1], -0));
      same(x, { op: 'max', poolSize: 2 }, 'lowest');
      same(x, { op: 'avg', poolSize: 2 }, 'avg');
    });
  });

  it('falls back to TypeScript (same result) when wasm memory cannot grow', () => {
    const memory = loadKernels()!.memory as unknown as { buffer: ArrayBuffer; grow: (n: number) => number };
    const have = memory.buffer.byteLength;
    const W = Math.ceil(have / 16) + 1024; // one row of 4 channels is larger than the memory now
    const x: Tensor = { dtype: 'float32', shape: [1, 2, W, 4], data: new Float32Array(2 * W * 4).fill(1.5) };
    Object.defineProperty(memory, 'grow', { configurable: true, value: () => { throw new RangeError('no'); } });
    try {
      const r = pool(x, { op: 'max', poolSize: 3, strides: 1, padding: 'same' });
      assert.equal(r.backend, 'ts');
      assert.equal(r.output.data[0], 1.5);
    } finally {
      delete (memory as { grow?: unknown }).grow;
    }
    assert.equal(pool({ dtype: 'float32', shape: [1, 2, 2, 4], data: new Float32Array(16) }, { op: 'max', poolSize: 2 }).backend, 'wasm');
  });

  describe('resident tensors (residentTensor: data in WebAssembly memory of its own, read in place)', () => {
    const rand = rng(4242);
    const x: Tensor = { dtype: 'float32', shape: [2, 12, 10, 8], data: data(2 * 12 * 10 * 8, rand, 0.05) };
    it('copies shape, dtype and values into a buffer of its own, leaving the input alone', () => {
      const r = residentTensor(x)!;
      assert.deepEqual(r.shape, x.shape);
      assert.equal(r.dtype, 'float32');
      assert.notEqual(r.data.buffer, x.data.buffer);
      assert.deepEqual(Array.from(r.data as Float32Array), Array.from(x.data as Float32Array));
      (r.data as Float32Array)[0] = 99;
      assert.notEqual((x.data as Float32Array)[0], 99);
    });
    it('gives the same values and argmax as the input on every kernel family, repeatedly, with or without out', () => {
      const r = residentTensor(x)!;
      const specs: PoolSpec[] = [
        { op: 'max', poolSize: 2 }, { op: 'avg', poolSize: 2 }, { op: 'max', poolSize: 3, strides: 1, padding: 'same' },
        { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }, { op: 'max', poolSize: 7, strides: 1, padding: 'same' },
        { op: 'avg', poolSize: 5, strides: 1, padding: 'same' }, { op: 'globalMax' }, { op: 'globalAvg' },
        { op: 'adaptiveAvg', outputSize: [5, 3] }, { op: 'max', poolSize: 3, framework: 'pytorch', dilation: 2 },
      ];
      for (const spec of specs) {
        const want = pool(x, spec, { backend: 'ts' });
        for (let rep = 0; rep < 2; rep++) {
          const got = pool(r, spec, rep === 0 ? {} : { out: new Float32Array(want.output.data.length) });
          assert.deepEqual(Array.from(got.output.data as Float32Array), Array.from(want.output.data as Float32Array), JSON.stringify(spec));
          if (want.argmax !== undefined) assert.deepEqual(got.argmax, want.argmax);
        }
      }
      assert.deepEqual(Array.from(r.data as Float32Array), Array.from(x.data as Float32Array), 'the resident data is unchanged');
    });
    it('a matrix (one float per cell) and a float64 tensor', () => {
      const m: Tensor = { dtype: 'float32', shape: [40, 36], data: data(40 * 36, rand, 0.1) };
      const d: Tensor = { dtype: 'float64', shape: [1, 8, 8, 2], data: Float64Array.from(data(128, rand, 0.1)) };
      for (const t of [m, d]) {
        const r = residentTensor(t)!;
        for (const spec of [{ op: 'max', poolSize: 2 }, { op: 'avg', poolSize: 2 }, { op: 'globalMax' }, { op: 'globalAvg' }] as PoolSpec[]) {
          const a = pool(r, spec).output.data, b = pool(t, spec, { backend: 'ts' }).output.data;
          assert.equal(a.constructor, b.constructor);
          for (let i = 0; i < b.length; i++) assert.ok(Object.is(a[i], b[i]), `${JSON.stringify(spec)} [${i}]`);
        }
      }
    });
    it('falls back to the shared memory when its scratch space is too small, with the same values', () => {
      const wide: Tensor = { dtype: 'float32', shape: [1, 6, 600, 16], data: data(6 * 600 * 16, rand, 0.02) };
      const r = residentTensor(wide, { scratchBytes: 0 })!;
      const spec: PoolSpec = { op: 'avg', poolSize: 3, strides: 1, padding: 'same' };
      const got = pool(r, spec);
      assert.equal(got.backend, 'wasm');
      assert.deepEqual(Array.from(got.output.data as Float32Array), Array.from(pool(wide, spec, { backend: 'ts' }).output.data as Float32Array));
    });
    it('residentArray: from the reserve until it runs out; usable as out by any input; null for a plain tensor', () => {
      const r = residentTensor(x, { outputBytes: 4096 })!;
      const spec: PoolSpec = { op: 'max', poolSize: 2 };
      const want = Array.from(pool(x, spec, { backend: 'ts' }).output.data as Float32Array); // 240 floats: 960 bytes
      const a = residentArray(r, 'float32', want.length)!, b = residentArray(r, 'float32', want.length)!;
      assert.ok(a !== null && b !== null && a.buffer === r.data.buffer);
      assert.equal(residentArray(r, 'float32', 2000), null, 'the 4 KiB reserve is used up');
      assert.deepEqual(Array.from(pool(r, spec, { out: a }).output.data as Float32Array), want);
      assert.deepEqual(Array.from(pool(x, spec, { out: b }).output.data as Float32Array), want, 'an ordinary input, copied out');
      assert.equal(residentArray(x, 'float32', 4), null);
      for (const bad of [-1, 2.5, NaN, Infinity]) assert.equal(residentArray(r, 'float32', bad), null, `length ${bad}`);
      assert.throws(() => pool(r, spec, { out: new Float32Array(r.data.buffer, 0, want.length) }), /other than an array from residentArray/);
    });
    it('is null for dtypes without WebAssembly kernels; out may not be resident memory', () => {
      assert.equal(residentTensor({ dtype: 'int32', shape: [4], data: new Int32Array(4) }), null);
      const r = residentTensor({ dtype: 'float32', shape: [4], data: new Float32Array(4) })!;
      assert.throws(() => pool(x, { op: 'globalMax', keepdims: false }, { out: (r.data as Float32Array).subarray(0, 0) }), /Float32Array of exactly 16/);
      const o = residentTensor({ dtype: 'float32', shape: [16], data: new Float32Array(16) })!;
      assert.throws(() => pool(x, { op: 'globalMax' }, { out: o.data }), /resident tensor's data/);
    });
  });
});
