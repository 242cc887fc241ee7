/**
 * The plain TypeScript pooling path: rank-generic and separable. The input is viewed as
 * `[outer, S0, S1, S2, inner]` (channelsLast: outer = N, inner = C; channelsFirst: outer = N*C, inner = 1;
 * 1-D and 2-D pad the spatial axes with leading axes of size 1), and each spatial axis is reduced in turn,
 * innermost first. For max that keeps the row-major tie and NaN rules below (the first of equal cells in each
 * pass is the first in row-major order); for sums it does not keep the row-major order of additions.
 *
 * Max rules (checked against PyTorch and TF):
 * - ties keep the first cell in row-major order (so max(-0, +0) is whichever comes first), except Keras global
 *   max (TF's `reduce_max`), which keeps the last (max(-0, +0) = +0, max(+0, -0) = -0);
 * - NaN rule `propagate`: a NaN replaces the running max, and a later NaN replaces it again, so the value is NaN
 *   and `argmax` is the last NaN in row-major order (PyTorch's `val > max || isnan(val)`);
 * - NaN rule `ignore`: NaN cells are skipped; a window with no other cell gives -inf and argmax -1;
 * - NaN rule `neverWins` (TF's MaxPool): NaN cells are skipped as under `ignore`, and the window's value is then at
 *   least the dtype's lowest finite value (see `kerasLowest`), so an all-NaN window gives it, with argmax -1;
 * - a window with no input cell at all (only possible with dilation over padding) gives the dtype's lowest
 *   value (-inf for floats) and argmax -1.
 * Average rules: sums in float64 starting from +0, divided (not multiplied by a reciprocal) by the divisor, then
 * rounded to the output dtype. `sumPoolTS` adds axis by axis (W sums, then H sums of those, then D): the same
 * sums as adding each window's cells in row-major order only where every partial sum is exact, which
 * `pool` checks first (sumOrder.ts, which also holds the direct row-major `windowSums` for the rest). `nan: 'ignore'` treats NaN cells like
 * uncounted padding (divisor minus the NaN count; an all-NaN window gives 0/0 = NaN).
 */
import { type AxisPlan, type AxisSpans, type PoolPlan, axisSpans } from './plan';
import { type Tensor, type TypedArray, allocData, lowestOf } from './tensor';
import { isMaxOp } from './spec';
import { frameworkOutputDType, truncatesAverage } from './dtypes';
import { roundToHalf } from '../io/half';

/** Numeric view used by the generic loops. BigInt arrays flow through the max loops unchanged at run time. */
type NumArr = { [i: number]: number; readonly length: number };

/**
 * The input seen as [outer, S0, S1, S2, inner] plus the window spans of each (padded) spatial axis: O(outSize)
 * per axis (see `AxisSpans`).
 */
export interface Canonical {
  outer: number;
  inner: number;
  inSizes: [number, number, number];
  outSizes: [number, number, number];
  spans: [AxisSpans, AxisSpans, AxisSpans];
}

const UNIT: AxisSpans = {
  first: Int32Array.of(0), count: Int32Array.of(1), step: 1, divisor: Float64Array.of(1), identity: true,
};

/**
 * The canonical view of `plan` with each axis's spans; their divisors (with padding counted when
 * `countIncludePad`) only for average and LP ops (max ops leave them empty).
 */
export function canonical(plan: PoolPlan, countIncludePad: boolean): Canonical {
  const divisors = !isMaxOp(plan.op);
  const sr = plan.spatialRank;
  const spans = [UNIT, UNIT, UNIT] as [AxisSpans, AxisSpans, AxisSpans];
  const inSizes: [number, number, number] = [1, 1, 1];
  const outSizes: [number, number, number] = [1, 1, 1];
  plan.axes.forEach((ax, i) => {
    const slot = 3 - sr + i;
    spans[slot] = axisSpans(ax, countIncludePad, divisors);
    inSizes[slot] = ax.inSize;
    outSizes[slot] = ax.outSize;
  });
  const channelsLast = plan.dataFormat === 'channelsLast';
  return {
    outer: channelsLast ? plan.batch : plan.batch * plan.channels,
    inner: channelsLast ? plan.channels : 1,
    inSizes, outSizes, spans,
  };
}

/** Output dtype: the framework's own for the op and input dtype (see dtypes.ts). */
export function outputDType(plan: PoolPlan, input: Tensor): Tensor['dtype'] {
  return frameworkOutputDType(plan.framework, plan.op, input.dtype);
}

/** One separable step: the extents before, along and after the reduced axis. */
function passDims(c: Canonical, cur: number[], axis: number): { A: number; L: number; B: number } {
  let A = c.outer;
  for (let i = 0; i < axis; i++) A *= cur[i]!;
  let B = c.inner;
  for (let i = axis + 1; i < 3; i++) B *= cur[i]!;
  return { A, L: cur[axis]!, B };
}

/** Whether `v` replaces the running max `cur` (not NaN): greater, or equal when the last of ties wins. */
function wins(v: number, cur: number, lastTie: boolean): boolean {
  return v > cur || (lastTie && v === cur);
}

/** One max pass over the axis of length L: output o reads the span's cells in ascending order. */
function maxPass(
  src: NumArr, srcIdx: Int32Array | null, A: number, L: number, B: number, spans: AxisSpans,
  dst: NumArr, dstIdx: Int32Array, propagate: boolean, empty: number, lastTie: boolean,
): void {
  const { first, count, step } = spans;
  const outL = first.length;
  if (B === 1 && propagate) {
    maxPassB1(src, srcIdx, A, L, spans, dst, dstIdx, empty, lastTie);
    return;
  }
  for (let a = 0; a < A; a++) {
    for (let o = 0; o < outL; o++) {
      const f = first[o]!, n = count[o]!;
      const d0 = (a * outL + o) * B;
      if (propagate && n > 0) {
        let s0 = (a * L + f) * B;
        for (let b = 0; b < B; b++) {
          dst[d0 + b] = src[s0 + b]!;
          dstIdx[d0 + b] = srcIdx === null ? s0 + b : srcIdx[s0 + b]!;
        }
        for (let q = 1; q < n; q++) {
          s0 = (a * L + f + q * step) * B;
          for (let b = 0; b < B; b++) {
            const v = src[s0 + b]!;
            if (wins(v, dst[d0 + b]!, lastTie) || v !== v) {
              dst[d0 + b] = v;
              dstIdx[d0 + b] = srcIdx === null ? s0 + b : srcIdx[s0 + b]!;
            }
          }
        }
        continue;
      }
      for (let b = 0; b < B; b++) {
        dst[d0 + b] = empty;
        dstIdx[d0 + b] = -1;
      }
      for (let q = 0; q < n; q++) {
        const s0 = (a * L + f + q * step) * B;
        for (let b = 0; b < B; b++) {
          const v = src[s0 + b]!;
          const i = srcIdx === null ? s0 + b : srcIdx[s0 + b]!;
          if (i === -1 || v !== v) continue;
          if (dstIdx[d0 + b] === -1 || wins(v, dst[d0 + b]!, lastTie)) {
            dst[d0 + b] = v;
            dstIdx[d0 + b] = i;
          }
        }
      }
    }
  }
}

/**
 * maxPass for one cell per position (B = 1) under `nan: 'propagate'`: the running max in a local instead of
 * the output cell, the same comparisons in the same order (src and dst hold the same dtype, so a value read
 * back from dst is the value stored).
 */
function maxPassB1(
  src: NumArr, srcIdx: Int32Array | null, A: number, L: number, spans: AxisSpans, dst: NumArr, dstIdx: Int32Array,
  empty: number, lastTie: boolean,
): void {
  const { first, count, step } = spans;
  const outL = first.length;
  for (let a = 0; a < A; a++) {
    const row = a * L;
    for (let o = 0; o < outL; o++) {
      const n = count[o]!, d = a * outL + o;
      if (n === 0) {
        dst[d] = empty;
        dstIdx[d] = -1;
        continue;
      }
      let at = row + first[o]!;
      let best = src[at]!;
      for (let q = 1, i = at + step; q < n; q++, i += step) {
        const v = src[i]!;
        if (v > best || v !== v || (lastTie && v === best)) {
          best = v;
          at = i;
        }
      }
      dst[d] = best;
      dstIdx[d] = srcIdx === null ? at : srcIdx[at]!;
    }
  }
}

/** One sum pass over the axis of length L: output o adds the span's cells in ascending order, from +0. */
function sumPass(
  src: NumArr, srcNan: Float64Array | null, A: number, L: number, B: number, spans: AxisSpans,
  dst: Float64Array, dstNan: Float64Array | null, skipNaN: boolean,
): void {
  const { first, count, step } = spans;
  const outL = first.length;
  for (let a = 0; a < A; a++) {
    for (let o = 0; o < outL; o++) {
      const f = first[o]!, n = count[o]!;
      const d0 = (a * outL + o) * B;
      for (let q = 0; q < n; q++) {
        const s0 = (a * L + f + q * step) * B;
        if (skipNaN && dstNan !== null) {
          for (let b = 0; b < B; b++) {
            const v = src[s0 + b]!;
            if (v !== v) dstNan[d0 + b]! += 1;
            else dst[d0 + b]! += v;
          }
        } else {
          for (let b = 0; b < B; b++) dst[d0 + b]! += src[s0 + b]!;
          if (srcNan !== null && dstNan !== null) {
            for (let b = 0; b < B; b++) dstNan[d0 + b]! += srcNan[s0 + b]!;
          }
        }
      }
    }
  }
}

export interface KernelOutput {
  data: TypedArray;
  argmax: Int32Array | null;
}

/** Max pooling (max, globalMax, adaptiveMax) with argmax, by separable passes. */
export function maxPoolTS(plan: PoolPlan, input: Tensor, c: Canonical): KernelOutput {
  if (plan.nan === 'unlessGreater') return unlessGreaterPool(plan, input, c);
  if (plan.framework === 'keras' && plan.op === 'adaptiveMax' && plan.nan === 'neverWins') {
    // Keras pools one axis after the other, outermost first (TF MaxPool per axis): on ties of +-0 the order shows.
    const r = unlessGreaterPasses(input, c, () => true);
    kerasLowest(input.dtype, r.data as unknown as NumArr, r.argmax!, true);
    return r;
  }
  const propagate = plan.nan === 'propagate';
  const lastTie = reduceMaxTies(plan);
  const empty = lowestOf(input.dtype) as number;
  let cur = [...c.inSizes];
  let src = input.data as unknown as NumArr;
  let srcIdx: Int32Array | null = null;
  for (let axis = 2; axis >= 0; axis--) {
    const spans = c.spans[axis]!;
    if (spans.identity && srcIdx !== null) continue;
    if (spans.identity && axis > 0) continue;
    const { A, L, B } = passDims(c, cur, axis);
    const outL = c.outSizes[axis]!;
    const dst = allocData(input.dtype, A * outL * B) as unknown as NumArr;
    const dstIdx = new Int32Array(A * outL * B);
    maxPass(src, srcIdx, A, L, B, spans, dst, dstIdx, propagate, empty, lastTie);
    src = dst;
    srcIdx = dstIdx;
    cur = [...cur];
    cur[axis] = outL;
  }
  if (clampsToLowest(plan) && srcIdx !== null) kerasLowest(input.dtype, src, srcIdx, plan.nan === 'neverWins');
  return { data: src as unknown as TypedArray, argmax: srcIdx };
}

/**
 * Keras global max is TF's `reduce_max` and Keras 3-D max its MaxPool3D: ties keep the last cell (which only
 * shows on -0 against +0).
 */
export function reduceMaxTies(plan: PoolPlan): boolean {
  return plan.framework === 'keras' && (plan.op === 'globalMax' || plan.spatialRank === 3);
}

/**
 * Whether the window's max is at least the dtype's lowest finite value: TF's MaxPool (Keras 1-D/2-D max and
 * adaptive max) starts its running max there; `reduce_max` (Keras global max) and MaxPool3D start at -inf, as
 * PyTorch does.
 */
export function clampsToLowest(plan: PoolPlan): boolean {
  return plan.framework === 'keras' && plan.op !== 'globalMax' && plan.spatialRank !== 3;
}

export const LOWEST_FINITE = { float16: -65504, float32: -3.4028234663852886e38, float64: -Number.MAX_VALUE } as const;

/**
 * Keras/TF rule: TF's MaxPool starts the running max at the dtype's lowest finite value, so a window whose cells
 * are all -inf gives -3.4028235e38 (float32; -65504 float16, -1.797e308 float64), not -inf. Windows with no
 * candidate (`argmax` -1: all NaN) give it too under `neverWins` (TF's own rule) and keep -inf under `ignore`.
 */
function kerasLowest(dtype: Tensor['dtype'], data: NumArr, argmax: Int32Array, noCandidateToo: boolean): void {
  if (dtype !== 'float16' && dtype !== 'float32' && dtype !== 'float64') return;
  const low = LOWEST_FINITE[dtype];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === -Infinity && (noCandidateToo || argmax[i] !== -1)) data[i] = low;
  }
}

/** Window sums (float64) and, for `nan: 'ignore'`, NaN counts; `transform` maps each cell first (LP's x^p). */
export function sumPoolTS(
  plan: PoolPlan, data: NumArr, c: Canonical, skipNaN: boolean,
): { sums: Float64Array; nans: Float64Array | null } {
  let cur = [...c.inSizes];
  let src: NumArr = data;
  let srcNan: Float64Array | null = null;
  let first = true;
  for (let axis = 2; axis >= 0; axis--) {
    const spans = c.spans[axis]!;
    if (spans.identity && !(first && axis === 0)) continue;
    const { A, L, B } = passDims(c, cur, axis);
    const outL = c.outSizes[axis]!;
    const dst = new Float64Array(A * outL * B);
    const dstNan = skipNaN ? new Float64Array(A * outL * B) : null;
    sumPass(src, srcNan, A, L, B, spans, dst, dstNan, first && skipNaN);
    src = dst;
    srcNan = dstNan;
    first = false;
    cur = [...cur];
    cur[axis] = outL;
  }
  return { sums: src as Float64Array, nans: srcNan };
}

/**
 * Average (or LP) from window sums: divisor per cell, then the LP power if `p` is set. `dtype` is the input's:
 * PyTorch's integer averages are truncated toward zero (see `truncatesAverage`), and float16 results are rounded
 * once from float64 to float16 (`out` holds them as float32).
 */
export function finishAverage(
  plan: PoolPlan, c: Canonical, sums: Float64Array, nans: Float64Array | null, out: Float32Array | Float64Array,
  dtype: Tensor['dtype'] = 'float64',
): void {
  const trunc = truncatesAverage(plan.framework, plan.op, dtype, plan.p);
  const half = outputDType(plan, { dtype, shape: [], data: out }) === 'float16';
  const [o0, o1, o2] = c.outSizes;
  const [d0, d1, d2] = [c.spans[0].divisor, c.spans[1].divisor, c.spans[2].divisor];
  const override = plan.divisorOverride;
  const p = plan.p;
  const prodK = plan.axes.reduce((acc, ax) => acc * ax.poolSize, 1);
  const inner = c.inner;
  let i = 0;
  for (let a = 0; a < c.outer; a++) {
    for (let x = 0; x < o0; x++) {
      for (let y = 0; y < o1; y++) {
        for (let z = 0; z < o2; z++) {
          const base = override ?? d0[x]! * d1[y]! * d2[z]!;
          for (let b = 0; b < inner; b++, i++) {
            const div = nans === null || override !== null ? base : base - nans[i]!;
            const avg = trunc ? Math.trunc(sums[i]! / div) : sums[i]! / div;
            const v = p === null ? avg : Math.pow(avg * prodK, 1 / p);
            out[i] = half ? roundToHalf(v) : v;
          }
        }
      }
    }
  }
}

/** Cell values as float64 numbers (BigInt arrays converted), optionally raised to the LP power. */
export function numericView(input: Tensor, p: number | null): NumArr {
  const d = input.data;
  if (p === null && !(d instanceof BigInt64Array) && !(d instanceof BigUint64Array)) return d as NumArr;
  const out = new Float64Array(d.length);
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]!);
  } else {
    out.set(d);
  }
  if (p !== null) for (let i = 0; i < out.length; i++) out[i] = Math.pow(out[i]!, p);
  return out;
}

/**
 * `reduce_max`'s tie rule on a global max computed by a kernel that keeps either zero: every output that is
 * +-0 takes the sign of the last zero of its window in row-major order (TF keeps the last of tied cells; other
 * ties are equal bit for bit). O(window) per zero output, nothing for the others.
 */
export function lastZeroTies(plan: PoolPlan, input: Tensor, out: NumArr & { [i: number]: number }): void {
  const c = canonical(plan, false);
  const S = c.inSizes[0] * c.inSizes[1] * c.inSizes[2], inner = c.inner;
  const data = input.data as unknown as NumArr;
  for (let a = 0; a < c.outer; a++) {
    for (let b = 0; b < inner; b++) {
      const i = a * inner + b;
      if (out[i] !== 0) continue;
      for (let s = S - 1; s >= 0; s--) {
        const v = data[(a * S + s) * inner + b]!;
        if (v === 0) {
          out[i] = v;
          break;
        }
      }
    }
  }
}

/**
 * Whether channel `ch` of `channels` runs in TF MaxPool3D's 8-float AVX vectors (measured, TF 2.21 on x86-64):
 * the channels of whole groups of 8 do; the rest run its scalar loop.
 */
function vectorChannel(ch: number, channels: number): boolean {
  return ch < channels - (channels % 8);
}

/**
 * One step of TF MaxPool3D's fold: a vector channel takes `v` only when greater (a NaN never wins, ties keep the
 * first); a scalar channel takes it unless the running max is greater (a NaN is taken and then replaced by the
 * next cell, ties keep the last).
 */
function takes3d(v: number, best: number, vec: boolean): boolean {
  return vec ? v > best : !(best > v);
}

/**
 * TF's MaxPool3D (NaN rule `unlessGreater`), in TF's order, from -inf, per channel as `takes3d` says; the fold is
 * not associative once a NaN is in the window, so it cannot run as the separable passes:
 * - MaxPooling3D: window by window in row-major order (D, H, W) over the whole padded window, a padding cell
 *   taking part as the dtype's lowest finite value (as TF pads); O(output x window);
 * - AdaptiveMaxPooling3D: Keras pools D, then H, then W (one MaxPool3D per axis), so three passes in that order.
 */
function unlessGreaterPool(plan: PoolPlan, input: Tensor, c: Canonical): KernelOutput {
  const channelOf = (a: number, b: number): number => (plan.dataFormat === 'channelsLast' ? b : a % plan.channels);
  if (plan.op === 'adaptiveMax') return unlessGreaterPasses(input, c, (a, b) => vectorChannel(channelOf(a, b), plan.channels));
  const data = input.data as unknown as NumArr;
  const [S0, S1, S2] = c.inSizes, [O0, O1, O2] = c.outSizes, inner = c.inner;
  const [a0, a1, a2] = plan.axes as [AxisPlan, AxisPlan, AxisPlan];
  const pad = LOWEST_FINITE[input.dtype as keyof typeof LOWEST_FINITE];
  const n = c.outer * O0 * O1 * O2 * inner;
  const out = allocData(input.dtype, n) as unknown as NumArr & { [i: number]: number };
  const argmax = new Int32Array(n).fill(-1);
  let i = 0;
  for (let a = 0; a < c.outer; a++) {
    for (let x = 0; x < O0; x++) {
      for (let y = 0; y < O1; y++) {
        for (let z = 0; z < O2; z++) {
          for (let b = 0; b < inner; b++, i++) {
            const vec = vectorChannel(channelOf(a, b), plan.channels);
            let best = -Infinity, at = -1;
            for (let p = 0; p < a0.poolSize; p++) {
              const d0 = x * a0.stride - a0.padBefore + p;
              for (let q = 0; q < a1.poolSize; q++) {
                const d1 = y * a1.stride - a1.padBefore + q;
                for (let r = 0; r < a2.poolSize; r++) {
                  const d2 = z * a2.stride - a2.padBefore + r;
                  const inside = d0 >= 0 && d0 < S0 && d1 >= 0 && d1 < S1 && d2 >= 0 && d2 < S2;
                  const idx = inside ? (((a * S0 + d0) * S1 + d1) * S2 + d2) * inner + b : -1;
                  const v = inside ? data[idx]! : pad;
                  if (takes3d(v, best, vec)) {
                    best = v;
                    at = idx;
                  }
                }
              }
            }
            out[i] = best;
            argmax[i] = at;
          }
        }
      }
    }
  }
  return { data: out as unknown as TypedArray, argmax };
}

/**
 * Keras's adaptive max: one TF max pool per axis, outermost first (D, H, W), each a fold from -inf. `vec(a, b)`
 * says whether the cells at outer index `a`, inner index `b` take a cell only when greater (TF MaxPool, and
 * MaxPool3D's vector channels; the first non-NaN cell starts the fold, so an all -inf window has a winner) or
 * unless the running max is greater (MaxPool3D's scalar channels).
 */
function unlessGreaterPasses(input: Tensor, c: Canonical, vec: (a: number, b: number) => boolean): KernelOutput {
  let cur = [...c.inSizes];
  let src = input.data as unknown as NumArr;
  let srcIdx: Int32Array | null = null;
  for (let axis = 0; axis < 3; axis++) {
    const { first, count, step } = c.spans[axis]!;
    const { A, L, B } = passDims(c, cur, axis);
    const outL = c.outSizes[axis]!;
    const dst = allocData(input.dtype, A * outL * B) as unknown as NumArr & { [i: number]: number };
    const dstIdx = new Int32Array(A * outL * B);
    // The outer index of [outer, S0, S1, S2, inner] is a / (cells before the axis), the inner one b % inner.
    const before = A / c.outer;
    for (let a = 0; a < A; a++) {
      for (let o = 0; o < outL; o++) {
        for (let b = 0; b < B; b++) {
          const v3 = vec(Math.floor(a / before), b % c.inner);
          let best = -Infinity, at = -1;
          for (let q = 0; q < count[o]!; q++) {
            const s0 = (a * L + first[o]! + q * step) * B + b;
            const v = src[s0]!;
            const i = srcIdx === null ? s0 : srcIdx[s0]!;
            if (v3 && at === -1 ? v === v && i !== -1 : takes3d(v, best, v3)) {
              best = v;
              at = i;
            }
          }
          const d = (a * outL + o) * B + b;
          dst[d] = best;
          dstIdx[d] = at;
        }
      }
    }
    src = dst;
    srcIdx = dstIdx;
    cur = [...cur];
    cur[axis] = outL;
  }
  return { data: src as unknown as TypedArray, argmax: srcIdx };
}
