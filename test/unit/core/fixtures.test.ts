// Every case made by the real Keras 3 / PyTorch (test/fixtures/pooling/generate.py), compared element by element:
// max exactly (NaN to NaN; PyTorch also the sign of zero and the return_indices), averages within 1e-6 relative.
// Each case runs on both kernels (auto, which takes WebAssembly where it applies, and forced TypeScript).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PoolSpec, type Tensor, pool, toPlaneIndex } from '../../../src/core';
import type { Backend } from '../../../src/core/pool';
import type { DType, TypedArray } from '../../../src/core/tensor';

interface Slice { dtype: string; shape: number[]; offset: number; nbytes: number }
interface Case {
  id: number; framework: 'keras' | 'pytorch'; spec: PoolSpec; input: Slice; expected: Slice; indices?: Slice; note?: string;
}

const dir = join(__dirname, '..', '..', 'fixtures', 'pooling');
const manifest = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { versions: Record<string, string>; cases: Case[] };
const bin = readFileSync(join(dir, 'cases.bin'));
const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);

function read(s: Slice): Tensor {
  const b = buf.slice(s.offset, s.offset + s.nbytes);
  const make: Record<string, () => TypedArray> = {
    float32: () => new Float32Array(b), float64: () => new Float64Array(b), int32: () => new Int32Array(b),
    int64: () => new BigInt64Array(b), uint8: () => new Uint8Array(b), int8: () => new Int8Array(b), int16: () => new Int16Array(b),
  };
  const f = make[s.dtype];
  if (f === undefined) throw new Error(`fixture dtype ${s.dtype} unknown`);
  return { dtype: s.dtype as DType, shape: s.shape, data: f() };
}

function sameMax(a: number | bigint, b: number | bigint, signOfZero: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return signOfZero ? Object.is(a, b) : a === b;
  }
  return a === b;
}

/**
 * Averages within 1e-6 relative to the window's magnitude: the libraries sum float32 in float32, so where terms
 * cancel their last bits are off by ~k ulps of the terms, not of the small result. `scale` is the same pooling of
 * |x| (computed by us), so the bound is 1e-6 * max(|want|, mean |x| of the window).
 */
function closeAvg(a: number, b: number, scale: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(b), Number.isFinite(scale) ? scale : 0);
}

function absOf(x: Tensor): Tensor {
  const d = Float64Array.from(x.data as Float32Array, (v) => Math.abs(v));
  return { dtype: 'float64', shape: x.shape, data: d };
}

describe(`fixtures from Keras ${manifest.versions.keras} / TF ${manifest.versions.tensorflow} / PyTorch ${manifest.versions.torch}`, () => {
  it(`has several hundred cases in both framework modes (${manifest.cases.length})`, () => {
    assert.ok(manifest.cases.filter((c) => c.framework === 'keras').length >= 300);
    assert.ok(manifest.cases.filter((c) => c.framework === 'pytorch').length >= 300);
  });
  for (const backend of ['auto', 'ts'] as Backend[]) {
    describe(`${backend} backend`, () => {
      for (const c of manifest.cases) {
        const x = read(c.input);
        const want = read(c.expected);
        const isMax = c.spec.op === 'max' || c.spec.op === 'globalMax' || c.spec.op === 'adaptiveMax';
        it(`#${c.id} ${c.framework} ${c.spec.op} x=[${x.shape}] ${x.dtype} ${JSON.stringify(c.spec)} (${c.note ?? ''})`, () => {
          const r = pool(x, c.spec, { backend });
          assert.deepEqual(r.output.shape, want.shape, 'shape');
          assert.equal(r.output.data.length, want.data.length);
          const scale = isMax ? null : pool(absOf(x), { ...c.spec, nan: 'ignore' }, { backend: 'ts' }).output.data;
          const bad: string[] = [];
          for (let i = 0; i < want.data.length && bad.length < 5; i++) {
            const a = r.output.data[i]!, b = want.data[i]!;
            const ok = isMax ? sameMax(a, b, c.framework === 'pytorch') : closeAvg(a as number, b as number, scale![i] as number);
            if (!ok) bad.push(`[${i}] got ${a} want ${b}`);
          }
          assert.deepEqual(bad, [], 'values');
          if (c.indices !== undefined) {
            const idx = toPlaneIndex(r.plan, r.argmax!);
            const wantIdx = read(c.indices).data as Int32Array;
            assert.deepEqual(Array.from(idx), Array.from(wantIdx), 'indices');
          }
        });
      }
    });
  }
});
