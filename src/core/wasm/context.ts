/**
 * One call's geometry, as the strategies read it: the input seen as `outer` images of H rows of W cells of C
 * floats (channels last; channels first is C = 1 per plane; a third spatial axis whose window is one cell is one
 * more outer axis), each output window's rows and columns, and the memory the call works in.
 */
import { type Canonical, LOWEST_FINITE, canonical, clampsToLowest } from '../kernels';
import type { PoolPlan } from '../plan';
import { isMaxOp } from '../spec';
import type { Tensor } from '../tensor';
import { Arena, type FloatArray } from './memory';
import { type Kernels, kernelSet } from './module';
import type { Resident } from './resident';

/** Each output's in-bounds window on one axis: input rows (or columns) [lo[o], hi[o]). */
export interface Bounds { lo: Int32Array; hi: Int32Array; maxRows: number }

/** The padding that makes every window of a stride-1 axis a whole `k` cells of a padded row. */
export interface Padding { before: number; after: number }

export interface PoolCtx {
  c: Canonical;
  /** The kernels for the element type (float64 calls see the _d twins under the float32 names). */
  k: Kernels;
  /** Bytes per element: 4 (float32; float16 arrives decoded to float32) or 8 (float64). */
  es: number;
  max: boolean;
  outer: number; H: number; W: number; C: number; outH: number; outW: number;
  /** Bytes per cell: the channels of one position. */
  cellBytes: number;
  /**
   * Cells of 16-byte multiples (C % 4 == 0) suit every kernel; other cells (C = 1 for channels first and plain
   * matrices, C = 3 for RGB, ...) only the kernels that run along contiguous floats or write overlapping vectors
   * whose last writer is right; their rows get SLACK bytes.
   */
  vec: boolean;
  rowsB: Bounds;
  colsB: Bounds;
  /** Window length along H (1 for 1-D) and W, and their padding when the windows slide by one cell (else null). */
  kH: number;
  slideH: Padding | null;
  kW: number;
  slideW: Padding | null;
  /** Keras/TF: an all -inf window gives the lowest finite float (kerasLowest); PyTorch passes NaN, never equal. */
  clampFrom: number;
  clampTo: number;
  /** The same rule as a floor, for the kernels that clamp with one pmax (hvmax3, hvmax7, vmax2gc). */
  clampFloor: number;
  /** Only float32 data is certain to hold nothing between -inf and that floor (float16-tagged data could). */
  floorOk: boolean;
  divisorOverride: number | null;
  data: FloatArray;
  out: FloatArray;
  /** The resident memory the input lives in (its rows may be read in place), or null: the shared memory. */
  resident: Resident | null;
  /** Whether the output array lies in the kernels' memory (from residentArray): rows are written where they lie. */
  direct: boolean;
  /** The call's scratch space. */
  arena: Arena;
}

/**
 * Each output's in-bounds window on one axis as input rows/columns [lo, hi), or null when some window is empty
 * or not contiguous (dilation with two or more cells).
 */
function windowBounds(c: Canonical, axis: number): Bounds | null {
  const { first, count, step } = c.spans[axis]!;
  const n = first.length;
  const lo = new Int32Array(n), hi = new Int32Array(n);
  let maxRows = 0;
  for (let o = 0; o < n; o++) {
    const m = count[o]!;
    if (m === 0 || (m > 1 && step !== 1)) return null;
    lo[o] = first[o]!;
    hi[o] = first[o]! + m;
    maxRows = Math.max(maxRows, m);
  }
  return { lo, hi, maxRows };
}

/**
 * Stride-1 windows (`k` cells from `o - before`, clipped to the input): the padding that turns every window into
 * a full `k` cells of a padded row, or null when the windows are not of that form.
 */
function slidingPad(b: Bounds, inSize: number, k: number, before: number): Padding | null {
  const n = b.lo.length;
  for (let o = 0; o < n; o++) {
    if (b.lo[o] !== Math.max(0, o - before) || b.hi[o] !== Math.min(inSize, o - before + k)) return null;
  }
  return { before, after: Math.max(0, n - 1 - before + k - inSize) };
}

/**
 * The context of running `plan` on float data `input` in WebAssembly, or null when its windows do not suit the
 * kernels (a pooled outermost spatial axis of three, dilated windows, an empty window).
 */
export function poolCtx(
  plan: PoolPlan, input: Tensor, k32: Kernels, into: FloatArray | undefined, resident: Resident | null,
): PoolCtx | null {
  const max = isMaxOp(plan.op);
  const c = canonical(plan, !max && plan.countIncludePad);
  // The D axis is folded into `outer`, so its windows must be single cells that divide by 1 (PyTorch counts
  // padding: a D window of one input cell among padding divides by more).
  if (!c.spans[0].identity || (!max && c.spans[0].divisor.some((d) => d !== 1))) return null;
  const rowsB = windowBounds(c, 1), colsB = windowBounds(c, 2);
  if (rowsB === null || colsB === null) return null;
  const es = input.dtype === 'float64' ? 8 : 4;
  const C = c.inner, [D, H, W] = c.inSizes, [, outH, outW] = c.outSizes;
  const outer = c.outer * D;
  const n = outer * outH * outW * C;
  const out = into ?? (es === 8 ? new Float64Array(n) : new Float32Array(n));
  const axH = plan.axes.length > 1 ? plan.axes[plan.axes.length - 2]! : null, axW = plan.axes[plan.axes.length - 1]!;
  const kH = axH?.poolSize ?? 1, kW = axW.poolSize;
  const keras = clampsToLowest(plan), clampTo = LOWEST_FINITE[input.dtype as 'float32' | 'float16' | 'float64'];
  const k = kernelSet(k32, es === 8);
  return {
    c, k, es, max, outer, H, W, C, outH, outW, cellBytes: C * es, vec: (C * es) % 16 === 0, rowsB, colsB, kH,
    slideH: axH === null ? null : slidingPad(rowsB, H, kH, axH.padBefore), kW, slideW: slidingPad(colsB, W, kW, axW.padBefore),
    clampFrom: keras ? -Infinity : NaN, clampTo, clampFloor: keras ? clampTo : -Infinity, floorOk: input.dtype === 'float32',
    divisorOverride: plan.divisorOverride, data: input.data as FloatArray, out, resident,
    direct: resident !== null && out.buffer === resident.k.memory.buffer,
    // Scratch starts after a resident tensor's data (which the kernels then read in place), else at 0.
    arena: new Arena(k, resident?.end ?? 0, resident?.limit),
  };
}

/** van Herk costs about 3 ops per padded cell (out + k - 1), the direct pass k - 1 per output cell. */
export function vanHerkPays(k: number, out: number): boolean {
  return 3 * (out + k - 1) < (k - 1) * out;
}

/** Window length from which the max passes may switch from k - 1 pmax per cell to van Herk's three. */
export const VAN_HERK_FROM = 4;
