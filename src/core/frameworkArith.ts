/**
 * `arithmetic: 'framework'`: averages and LP norms as the framework's CPU kernel computes them, step by step,
 * for float16 and float32 inputs (other dtypes: the framework's arithmetic is the `exact` one). Measured with
 * TensorFlow 2.21 / Keras 3.15 and PyTorch 2.13 (test/fixtures/arithmetic/generate.py writes the cases):
 *
 * - Keras `AveragePooling` (TF's AvgPool): the sum accumulates in the input's dtype, cells in row-major order
 *   from 0, each addition rounded (float16: Eigen's half, i.e. the float32 sum rounded to half), then
 *   `sum / count` in the dtype. So float16 sums overflow past 65504 and small cells vanish beside large ones.
 * - Keras `GlobalAveragePooling` (`ops.mean`): casts to float32, sums, divides in float32, casts back. TF adds
 *   in Eigen's tree order, here in row-major order: the same dtype, not always the same last bit.
 * - PyTorch `AvgPool`: float32 accumulation for float16 and float32 (`opmath`), row-major, `sum / divisor` in
 *   float32, rounded to the dtype. `AdaptiveAvgPool`: the same with `sum / kd / kh / kw` (one division per
 *   axis). Global average (adaptive to 1, which PyTorch runs as `mean`): float32 accumulation, row-major here
 *   (PyTorch's own order is a cascade: the same dtype, not always the same last bit).
 * - PyTorch `LPPool`: `x.pow(p)` in the dtype (so `(-0.00278)^3` underflows to -0 in float16), the average
 *   above, `sign(a) * relu(|a|)`, times the window's cells in the dtype, then `.pow(1/p)` in the dtype (so a
 *   sum of -inf gives `(-inf)^(1/3)` = +inf). Its non-integer powers come from its vector math library, not
 *   always correctly rounded: those steps match PyTorch's within an ulp of the dtype, not bit for bit.
 *
 * The result is rounded to the input's float dtype and stored in an array of the output dtype (a float16
 * value stored in a Float32Array is exact).
 */
import type { Canonical } from './kernels';
import type { PoolPlan } from './plan';
import type { Tensor } from './tensor';
import { roundToHalf } from '../io/half';

export type FloatKind = 'float16' | 'float32';

/** How one framework op adds and divides: which dtype holds the sum, how the divisor is applied. */
export interface FrameworkSteps {
  /** The dtype of the running sum. */
  acc: FloatKind;
  /** `count`: sum / cells (or PyTorch's divisor); `perAxis`: PyTorch adaptive's sum / kd / kh / kw. */
  divide: 'count' | 'perAxis';
  /** The dtype results are rounded to (the input's). */
  dtype: FloatKind;
  /** Who computes it, for sentences: "Keras", "PyTorch". */
  who: string;
}

/** The framework steps for `plan` over a `dtype` input, or null when `framework` arithmetic is `exact` there. */
export function frameworkSteps(plan: PoolPlan, dtype: Tensor['dtype']): FrameworkSteps | null {
  if (dtype !== 'float16' && dtype !== 'float32') return null;
  if (plan.framework === 'keras') {
    if (plan.op === 'avg') return { acc: dtype, divide: 'count', dtype, who: 'Keras' };
    if (plan.op === 'globalAvg') return { acc: 'float32', divide: 'count', dtype, who: 'Keras' };
    return null; // no Keras layer for adaptive or LP pooling
  }
  if (plan.op === 'avg' || plan.op === 'globalAvg' || plan.op === 'lp') return { acc: 'float32', divide: 'count', dtype, who: 'PyTorch' };
  if (plan.op === 'adaptiveAvg') return { acc: 'float32', divide: 'perAxis', dtype, who: 'PyTorch' };
  return null;
}

/** `v` rounded to `kind` (float16 through src/io/half.ts, float32 by `Math.fround`). */
export function roundTo(kind: FloatKind, v: number): number {
  return kind === 'float32' ? Math.fround(v) : roundToHalf(Math.fround(v));
}

/** One window's computation, step by step (for the panel's sentence): the sum's steps and the result. */
export interface WindowSteps {
  /** Cell values as added (LP: x^p in the dtype). */
  terms: number[];
  /** The running sum after each term (in the accumulator's dtype). */
  partial: number[];
  /** NaN cells skipped (`nan: 'ignore'`). */
  nanCount: number;
  divisor: number;
  value: number;
}

/**
 * The framework's value of output (a, x, y, z) channel b, from the window's cells in row-major order. With
 * `keepSteps`, the terms and partial sums too (else those arrays stay empty).
 */
export function frameworkWindow(
  plan: PoolPlan, steps: FrameworkSteps, values: ArrayLike<number>, c: Canonical,
  at: { a: number; x: number; y: number; z: number; b: number }, keepSteps = false,
): WindowSteps {
  const { a, x, y, z, b } = at;
  const [s0, s1, s2] = c.spans;
  const [S0, S1, S2] = c.inSizes;
  const p = plan.p;
  const skipNaN = plan.nan === 'ignore';
  const terms: number[] = [], partial: number[] = [];
  let sum = 0, nanCount = 0;
  for (let j0 = 0; j0 < s0.count[x]!; j0++) {
    const r0 = a * S0 + s0.first[x]! + j0 * s0.step;
    for (let j1 = 0; j1 < s1.count[y]!; j1++) {
      const r1 = r0 * S1 + s1.first[y]! + j1 * s1.step;
      for (let j2 = 0; j2 < s2.count[z]!; j2++) {
        let v = values[(r1 * S2 + s2.first[z]! + j2 * s2.step) * c.inner + b]!;
        if (v !== v && skipNaN) {
          nanCount++;
          continue;
        }
        if (p !== null) v = powerIn(steps.dtype, v, p);
        sum = roundTo(steps.acc, sum + v);
        if (keepSteps) {
          terms.push(v);
          partial.push(sum);
        }
      }
    }
  }
  const divisor = divisorOf(plan, c, x, y, z) - (plan.divisorOverride === null ? nanCount : 0);
  let value = steps.divide === 'perAxis' ? perAxis(steps, sum, c, x, y, z) : roundTo(steps.acc, sum / divisor);
  value = roundTo(steps.dtype, value);
  if (p !== null) value = lpFinish(steps.dtype, value, p, plan.axes.reduce((k, ax) => k * ax.poolSize, 1));
  return { terms, partial, nanCount, divisor, value };
}

/** The average's divisor: the override, or the product of the axes' shares (as `finishAverage`). */
function divisorOf(plan: PoolPlan, c: Canonical, x: number, y: number, z: number): number {
  return plan.divisorOverride ?? c.spans[0].divisor[x]! * c.spans[1].divisor[y]! * c.spans[2].divisor[z]!;
}

/** PyTorch adaptive: `sum / kd / kh / kw`, each division rounded to the accumulator's dtype. */
function perAxis(steps: FrameworkSteps, sum: number, c: Canonical, x: number, y: number, z: number): number {
  let v = sum;
  for (const [s, o] of [[c.spans[0], x], [c.spans[1], y], [c.spans[2], z]] as const) v = roundTo(steps.acc, v / s.count[o]!);
  return v;
}

/**
 * `x.pow(p)` as PyTorch computes it in `dtype`: p = 2 and 3 by products (in float32, rounded once to the
 * dtype for float16), other powers by `pow` with the exponent in the dtype.
 */
function powerIn(dtype: FloatKind, x: number, p: number): number {
  if (p === 1) return x;
  if (p === 2) return roundTo(dtype, x * x);
  if (p === 3) return roundTo(dtype, Math.fround(x * x) * x);
  return roundTo(dtype, Math.pow(x, roundTo(dtype, p)));
}

/**
 * LP's last steps: `sign(a) * relu(|a|)`, times the window's cell count, `.pow(1/p)`, each in `dtype`;
 * PyTorch casts the exponent 1/p to the dtype first (float16: 1/3 becomes 0.33325). Its `pow` is its vector library's
 * (not always correctly rounded): here `Math.pow`, so this step may differ from PyTorch's in the last bit.
 */
function lpFinish(dtype: FloatKind, avg: number, p: number, cells: number): number {
  const scaled = roundTo(dtype, avg * cells);
  return roundTo(dtype, Math.pow(scaled, roundTo(dtype, 1 / p)));
}

/** Every output of `plan` under the framework's arithmetic, in `out` (layout of `finishAverage`). */
export function frameworkPool(
  plan: PoolPlan, steps: FrameworkSteps, values: ArrayLike<number>, c: Canonical, out: Float32Array | Float64Array,
): void {
  const [o0, o1, o2] = c.outSizes;
  let i = 0;
  for (let a = 0; a < c.outer; a++) {
    for (let x = 0; x < o0; x++) {
      for (let y = 0; y < o1; y++) {
        for (let z = 0; z < o2; z++) {
          for (let b = 0; b < c.inner; b++, i++) out[i] = frameworkWindow(plan, steps, values, c, { a, x, y, z, b }).value;
        }
      }
    }
  }
}
