// finiteRange: the colour scale's range, through the WebAssembly kernel for float data from 2^14 elements on and a
// loop otherwise. Every case is checked against a plain reference scan.
import assert from 'node:assert/strict';
import { finiteRange } from '../../../src/core';
import { wasmFiniteRange } from '../../../src/core/wasm/range';

function reference(values: ArrayLike<number>): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Deterministic values in about [-1000, 1000]. */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2000;
  });
}

/** Equal as ranges: -0 and +0 count as the same end. */
function sameRange(a: [number, number] | null, b: [number, number] | null, label: string): void {
  assert.deepEqual(a?.map((x) => x + 0) ?? null, b?.map((x) => x + 0) ?? null, label);
}

describe('finiteRange', () => {
  for (const Ctor of [Float32Array, Float64Array]) {
    const name = Ctor.name;
    it(`${name}: every length around the lanes and the kernel's chunks, both paths, equals a plain scan`, () => {
      const chunk = (512 * 1024) / Ctor.BYTES_PER_ELEMENT;
      for (const n of [0, 1, 3, 4, 5, 7, 8, 9, 1 << 14, (1 << 14) + 3, chunk - 1, chunk, chunk + 1, 2 * chunk + 5]) {
        const data = Ctor.from(values(n, n + 1));
        sameRange(finiteRange(data), reference(data), `${name} n=${n}`);
        const k = wasmFiniteRange(data);
        assert.ok(k, 'WebAssembly runs here');
        sameRange(k[0] <= k[1] ? k : null, reference(data), `${name} kernel n=${n}`);
      }
    });

    it(`${name}: NaN and infinities are skipped wherever they sit (each lane, the tail, the chunk edge)`, () => {
      const n = (1 << 15) + 3;
      const base = values(n, 7);
      for (const at of [0, 1, 2, 3, n - 1, n - 2, n >> 1]) {
        for (const special of [NaN, Infinity, -Infinity]) {
          const data = Ctor.from(base);
          data[at] = special;
          sameRange(finiteRange(data), reference(data), `${name} ${special} at ${at}`);
        }
      }
      // The extremes in the tail only (past the last whole vector) are found.
      const data = Ctor.from(base);
      data[n - 1] = 5000;
      data[n - 2] = -5000;
      assert.deepEqual(finiteRange(data), [-5000, 5000]);
    });

    it(`${name}: no finite value gives null; -0 and +0 are one value`, () => {
      const none = new Ctor(1 << 15).fill(NaN);
      none[5] = Infinity;
      none[none.length - 1] = -Infinity;
      assert.equal(finiteRange(none), null);
      const zeros = new Ctor(1 << 15).fill(-0);
      zeros[100] = 0;
      sameRange(finiteRange(zeros), [0, 0], 'zeros');
    });

    it(`${name}: data in shared memory at an offset (a file read into it) is read where it is`, () => {
      const n = (1 << 15) + 1;
      const buffer = new SharedArrayBuffer(128 + n * Ctor.BYTES_PER_ELEMENT);
      const data = new Ctor(buffer as unknown as ArrayBuffer, 128, n);
      data.set(values(n, 3));
      data[n - 1] = 1e6;
      sameRange(finiteRange(data), reference(data), `${name} shared`);
      assert.equal(finiteRange(data)![1], 1e6);
    });
  }

  it('integers and bigints go through the loop', () => {
    assert.deepEqual(finiteRange(Int16Array.from([5, -3, 9])), [-3, 9]);
    assert.deepEqual(finiteRange(BigInt64Array.from([5n, -(2n ** 40n), 9n])), [-(2 ** 40), 9]);
    assert.equal(finiteRange(new Uint8Array(0)), null);
  });
});
