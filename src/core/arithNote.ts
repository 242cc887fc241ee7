/**
 * Where the framework's own arithmetic departs materially from the exact answer, and why: the panel shows the
 * exact value (`arithmetic: 'exact'`), marks the cells where Keras or PyTorch would return something else
 * (overflow to ±inf, cancellation, underflow to 0), and its explanation gives both values and the step at
 * fault ("Keras sums in float16: 60000 + 30000 overflows to inf; the exact mean in float16 is 22512").
 *
 * Cost: one window's framework steps per explained cell; `arithmeticMarks` redoes the whole pooling on the
 * TypeScript path (about the work of the plan), so callers bound it by `plan.work`.
 */
import { formatValue } from './explain';
import { type FrameworkSteps, type WindowSteps, frameworkSteps, frameworkWindow } from './frameworkArith';
import { type Canonical, canonical } from './kernels';
import type { PoolPlan } from './plan';
import type { Tensor } from './tensor';

export type ArithmeticReason = 'overflow' | 'cancellation' | 'underflow';

export interface ArithmeticDifference {
  /** What the framework's CPU kernel returns for this cell. */
  framework: number;
  /** The exact value (as shown). */
  exact: number;
  reason: ArithmeticReason;
  /** "Keras sums in float16: 60000 + 30000 overflows to inf; the exact mean in float16 is 22512" */
  sentence: string;
}

/** Relative difference from which two finite results differ materially (float16 rounding alone is 2^-11). */
const MATERIAL = 0.01;

/** Whether `f` (the framework's) and `e` (exact) differ materially: non-finite vs finite, 0 vs not, or by 1%. */
export function differsMaterially(f: number, e: number): boolean {
  if (Number.isNaN(f) || Number.isNaN(e)) return Number.isNaN(f) !== Number.isNaN(e);
  if (!Number.isFinite(f) || !Number.isFinite(e)) return f !== e;
  if (f === 0 || e === 0) return f !== e;
  return Math.abs(f - e) > MATERIAL * Math.max(Math.abs(f), Math.abs(e));
}

/** Output `outIndex` as (outer, spatial x/y/z, inner) of the canonical view. */
function locateOutput(c: Canonical, outIndex: number): { a: number; x: number; y: number; z: number; b: number } {
  const [o0, o1, o2] = c.outSizes;
  let i = outIndex;
  const b = i % c.inner; i = (i - b) / c.inner;
  const z = i % o2; i = (i - z) / o2;
  const y = i % o1; i = (i - y) / o1;
  const x = i % o0;
  return { a: (i - x) / o0, x, y, z, b };
}

/**
 * How the framework's arithmetic departs from `shown` (the exact value of output `outIndex`), or null when it
 * does not materially (or the op and dtype have no separate framework arithmetic).
 */
export function arithmeticDifference(plan: PoolPlan, input: Tensor, outIndex: number, shown: number): ArithmeticDifference | null {
  const steps = frameworkSteps(plan, input.dtype);
  if (steps === null || plan.empty) return null;
  const c = canonical(plan, plan.countIncludePad);
  const w = frameworkWindow(plan, steps, input.data as Float32Array, c, locateOutput(c, outIndex), true);
  if (!differsMaterially(w.value, shown)) return null;
  const { reason, detail } = whatHappened(plan, steps, w, shown);
  const what = plan.p === null ? 'mean' : `L${formatValue(plan.p)} norm`;
  const sentence = `${steps.who} ${plan.p === null ? `sums in ${steps.acc}` : `computes x^p in ${steps.dtype}`}: ${detail}; ` +
    `${steps.who} gives ${formatValue(w.value)}, the exact ${what}${input.dtype === 'float16' && plan.p === null ? ' in float16' : ''} is ${formatValue(shown)}`;
  return { framework: w.value, exact: shown, reason, sentence };
}

/** The first step at fault: a sum or power that overflowed, powers that underflowed, or cancellation. */
function whatHappened(
  plan: PoolPlan, steps: FrameworkSteps, w: WindowSteps, shown: number,
): { reason: ArithmeticReason; detail: string } {
  const { terms, partial } = w;
  for (let k = 0; k < terms.length; k++) {
    const before = k === 0 ? 0 : partial[k - 1]!;
    if (Number.isFinite(terms[k]!) && Number.isFinite(before) && !Number.isFinite(partial[k]!)) {
      return { reason: 'overflow', detail: `${formatValue(before)} + ${formatValue(terms[k]!)} overflows to ${formatValue(partial[k]!)}` };
    }
  }
  if (plan.p !== null) {
    const lost = terms.filter((t) => t === 0).length;
    if (lost > 0 && (w.value === 0 || Math.abs(w.value) < Math.abs(shown))) {
      return { reason: 'underflow', detail: `${lost} of ${terms.length} x^${formatValue(plan.p)} underflow to 0` };
    }
    const big = terms.find((t) => !Number.isFinite(t));
    if (big !== undefined) return { reason: 'overflow', detail: `x^${formatValue(plan.p)} overflows to ${formatValue(big)}` };
  }
  if (w.value === 0 && shown !== 0) return { reason: 'underflow', detail: `the result underflows to 0 in ${steps.dtype}` };
  const last = partial.length > 0 ? partial[partial.length - 1]! : 0;
  return {
    reason: 'cancellation',
    detail: `large cells cancel and the small ones are rounded away (the ${steps.acc} sum is ${formatValue(last)})`,
  };
}

/**
 * The output indices whose framework value differs materially from `exact` (the output as computed with the
 * exact arithmetic), in ascending order; empty when the op and dtype have no separate framework arithmetic.
 */
export function arithmeticMarks(plan: PoolPlan, input: Tensor, exact: ArrayLike<number>): Int32Array {
  const steps = frameworkSteps(plan, input.dtype);
  if (steps === null || plan.empty) return new Int32Array(0);
  const c = canonical(plan, plan.countIncludePad);
  const values = input.data as Float32Array;
  const marks: number[] = [];
  for (let i = 0; i < plan.outputLength; i++) {
    const f = frameworkWindow(plan, steps, values, c, locateOutput(c, i)).value;
    if (differsMaterially(f, exact[i]!)) marks.push(i);
  }
  return Int32Array.from(marks);
}
