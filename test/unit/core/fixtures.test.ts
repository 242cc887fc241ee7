// Every case made by the real Keras 3 / PyTorch (test/fixtures/pooling/generate.py), compared element by element:
// the output dtype exactly; max exactly (NaN to NaN, the sign of zero, PyTorch's return_indices), averages and LP
// within 1e-6 relative (float16 results: 4e-3, a few float16 steps); a case the framework refused must raise a
// PoolSpecError. Two documented exceptions (README, Limits): Keras global max of float16 keeps a zero of either
// sign (TF's float16 reduce_max resolves tied +-0 by its vector width, not by position), so there the sign is not
// compared; and Keras 3-D average pooling in channels of whole groups of 8 (TF AvgPool3D's vectors) skips NaN
// cells, where the core propagates them: there our NaN against TF's number is accepted, and nothing else.
// Each case runs on both kernels (auto, which takes WebAssembly where it applies, and forced TypeScript).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PoolSpec, PoolSpecError, type Tensor, pool, toPlaneIndex } from '../../../src/core';
import { halfToFloat } from '../../../src/io/half';
import type { Backend } from '../../../src/core/pool';
import type { DType, TypedArray } from '../../../src/core/tensor';

interface Slice { dtype: string; shape: number[]; offset: number; nbytes: number }
interface Case {
  id: number; framework: 'keras' | 'pytorch'; spec: PoolSpec; input: Slice; expected?: Slice; indices?: Slice; note?: string;
  /** The framework's message when it refused the case (then there is no `expected`). */
  error?: string;
  rules?: boolean;
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
    uint16: () => new Uint16Array(b), uint32: () => new Uint32Array(b), uint64: () => new BigUint64Array(b), bool: () => new Uint8Array(b),
    float16: () => Float32Array.from(new Uint16Array(b), halfToFloat),
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
function closeAvg(a: number, b: number, scale: number, tol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), Number.isFinite(scale) ? scale : 0);
}

/** Number view of an output element (BigInt integers as numbers: the fixtures' integers are small). */
function num(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** |x| as float64, or float32 for other inputs (the dtypes every framework pools in every rank it accepts x in). */
function absOf(x: Tensor): Tensor {
  const abs = Array.from(x.data as ArrayLike<number | bigint>, (v) => Math.abs(Number(v)));
  const d = x.dtype === 'float64' ? Float64Array.from(abs) : Float32Array.from(abs);
  return { dtype: x.dtype === 'float64' ? 'float64' : 'float32', shape: x.shape, data: d };
}

describe(`fixtures from Keras ${manifest.versions.keras} / TF ${manifest.versions.tensorflow} / PyTorch ${manifest.versions.torch}`, () => {
  it(`has several hundred cases in both framework modes (${manifest.cases.length})`, () => {
    assert.ok(manifest.cases.filter((c) => c.framework === 'keras').length >= 300);
    assert.ok(manifest.cases.filter((c) => c.framework === 'pytorch').length >= 300);
  });
  it('has thousands of randomized rules cases, refusals among them, over every input dtype', () => {
    const rules = manifest.cases.filter((c) => c.rules === true);
    assert.ok(rules.length >= 3000, `${rules.length}`);
    assert.ok(rules.filter((c) => c.error !== undefined).length >= 300);
    for (const dtype of ['float16', 'float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool']) {
      assert.ok(rules.some((c) => c.input.dtype === dtype && c.expected !== undefined), dtype);
    }
  });
  for (const backend of ['auto', 'ts'] as Backend[]) {
    describe(`${backend} backend`, () => {
      for (const c of manifest.cases) {
        const x = read(c.input);
        const spec = { ...c.spec, framework: c.framework };
        const name = `#${c.id} ${c.framework} ${c.spec.op} x=[${x.shape}] ${x.dtype} ${JSON.stringify(c.spec)} (${c.note ?? ''})`;
        if (c.expected === undefined) {
          it(`${name} refused: ${c.error ?? ''}`, () => {
            assert.throws(() => pool(x, spec, { backend }), PoolSpecError);
          });
          continue;
        }
        const want = read(c.expected);
        const isMax = c.spec.op === 'max' || c.spec.op === 'globalMax' || c.spec.op === 'adaptiveMax';
        const signOfZero = !(c.framework === 'keras' && c.spec.op === 'globalMax' && x.dtype === 'float16');
        const tol = want.dtype === 'float16' ? 4e-3 : 1e-6;
        const avgPool3dVectors = c.framework === 'keras' && (c.spec.op === 'avg' || c.spec.op === 'adaptiveAvg') && c.spec.spatialRank === 3;
        it(name, () => {
          const r = pool(x, spec, { backend });
          assert.equal(r.output.dtype, want.dtype, 'dtype');
          assert.deepEqual(r.output.shape, want.shape, 'shape');
          assert.equal(r.output.data.length, want.data.length);
          const scale = isMax ? null : pool(absOf(x), { ...spec, nan: 'ignore' }, { backend: 'ts' }).output.data;
          const bad: string[] = [];
          for (let i = 0; i < want.data.length && bad.length < 5; i++) {
            const a = r.output.data[i]!, b = want.data[i]!;
            const skippedNaN = avgPool3dVectors && Number.isNaN(num(a)) && !Number.isNaN(num(b));
            const ok = isMax ? sameMax(a, b, signOfZero) : skippedNaN || closeAvg(num(a), num(b), scale![i] as number, tol);
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
