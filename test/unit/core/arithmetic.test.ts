// The two arithmetics against the real libraries (test/fixtures/arithmetic/generate.py: Keras 3 / TF and
// PyTorch, float16 and float32 inputs designed to overflow, cancel and underflow): `framework` equals the
// library's output bit for bit where its arithmetic is a fixed sequence of steps (AvgPool, AdaptiveAvgPool,
// LPPool, TF's AvgPool), and the same dtype's result within a few ulps where the library reduces in a tree
// (global averages); `exact` equals the float64 row-major average rounded once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PoolSpec, type Tensor, pool } from '../../../src/core';
import { halfToFloat, roundToHalf } from '../../../src/io/half';

interface Slice { dtype: string; shape: number[]; offset: number; nbytes: number }
interface Case { spec: PoolSpec; kind: string; input: Slice; output: Slice; exact: Slice }

const dir = join(__dirname, '..', '..', 'fixtures', 'arithmetic');
const manifest = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { versions: Record<string, string>; cases: Case[] };
const bin = readFileSync(join(dir, 'cases.bin'));
const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);

/** A slice as numbers (float16 decoded). */
function numbers(s: Slice): Float64Array {
  const b = buf.slice(s.offset, s.offset + s.nbytes);
  if (s.dtype === 'float16') return Float64Array.from(new Uint16Array(b), halfToFloat);
  if (s.dtype === 'float32') return Float64Array.from(new Float32Array(b));
  return new Float64Array(b);
}

function tensor(s: Slice): Tensor {
  return { dtype: s.dtype as 'float16' | 'float32', shape: s.shape, data: Float32Array.from(numbers(s)) };
}

/** Whether `a` and `b` are the same number (NaN equals NaN; +0 and -0 equal: not what these cases test). */
function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Within `ulps` units in the last place of `dtype` at b's magnitude (non-finite: the same value). */
function near(a: number, b: number, dtype: string, ulps: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return same(a, b);
  const bits = dtype === 'float16' ? 10 : 23;
  const e = Math.max(Math.floor(Math.log2(Math.abs(b) || 2 ** -149)), dtype === 'float16' ? -14 : -126);
  return Math.abs(a - b) <= ulps * 2 ** (e - bits);
}

/**
 * How close `framework` must be to the library's output: bit for bit for kernels that are a fixed sequence of
 * exactly rounded steps; LP within an ulp of float16, 16 of float32 (its pow comes from PyTorch's vector math
 * library, whose error the float32 exponent 1/p, rounded, multiplies by |ln x|); global
 * averages (a reduction tree, not row-major) within n ulps of float32 at the largest |x| of the input, and any
 * non-finite result where the library's is (a tree adds +inf and -inf partial sums where rows did not overflow).
 */
function agrees(c: Case, x: Tensor, a: number, b: number): boolean {
  if (c.spec.op === 'lp') return near(a, b, c.input.dtype, c.input.dtype === 'float16' ? 1 : 16);
  if (c.spec.op !== 'globalAvg') return same(a, b);
  if (!Number.isFinite(b)) return !Number.isFinite(a);
  let maxAbs = 0;
  for (const v of x.data as Float32Array) if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  const cells = x.shape.slice(2).reduce((n, d) => n * d, 1);
  return Math.abs(a - b) <= cells * maxAbs * 2 ** -23 + (near(a, b, c.input.dtype, 1) ? Infinity : 0);
}

describe(`arithmetic fixtures from Keras ${manifest.versions.keras} / TF ${manifest.versions.tensorflow} / PyTorch ${manifest.versions.torch}`, () => {
  it(`hold every kind of case in both dtypes (${manifest.cases.length})`, () => {
    for (const kind of ['overflow', 'cancel', 'random', 'specials', 'underflow']) {
      for (const dt of ['float16', 'float32']) {
        assert.ok(manifest.cases.some((c) => c.kind === kind && c.input.dtype === dt), `${kind} ${dt}`);
      }
    }
  });

  manifest.cases.forEach((c, id) => {
    const label = `#${id} ${c.input.dtype} ${c.kind} x=[${c.input.shape.join(',')}] ${JSON.stringify(c.spec)}`;
    it(`framework: ${label}`, () => {
      const x = tensor(c.input);
      const got = pool(x, { ...c.spec, arithmetic: 'framework' }).output.data;
      const want = numbers(c.output);
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) {
        if (!agrees(c, x, got[i] as number, want[i]!)) assert.fail(`${label} [${i}]: ours ${got[i]}, library ${want[i]}`);
      }
    });
    it(`exact: ${label}`, () => {
      const r = pool(tensor(c.input), c.spec);
      const got = r.output.data;
      const exact = numbers(c.exact);
      const round = r.output.dtype === 'float16' ? roundToHalf : Math.fround;
      for (let i = 0; i < exact.length; i++) {
        const ok = c.spec.op === 'lp' ? near(got[i] as number, round(exact[i]!), r.output.dtype, 1) : same(got[i] as number, round(exact[i]!));
        if (!ok) assert.fail(`${label} [${i}]: ours ${got[i]}, float64 row-major ${exact[i]}`);
      }
    });
  });
});
