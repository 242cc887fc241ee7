/**
 * Summation order. The `exact` arithmetic adds a window's cells in float64 in row-major order from +0 (the order
 * in which TF and PyTorch add them), then divides and rounds once. The fast paths add in another order: the
 * TypeScript path axis by axis (W, then H, then D), the WebAssembly one also by running sums. Both may run only
 * where they provably give the same sums, and `sumOrderFree` is that proof for a whole input: when every partial
 * sum is exact in float64, the order of the additions cannot matter. Elsewhere (±1e30 beside ordinary values,
 * float64 data, LP's powers) `windowSums` adds each window's cells directly, in row-major order.
 *
 * The condition: cells that are multiples of 2^g and below 2^h in magnitude, n of them (n + 1: the running sums
 * add one cell before they drop one), sum exactly when h - g + ceil(log2(n + 1)) <= 53. Float32 data gives g and
 * h from its exponent fields (the `exprange` kernel); float16 data has a shorter significand (11 bits), so its
 * cells are multiples of a coarser unit; integers are multiples of 1, and so are integers held as floats, which
 * a second scan of the cells' lowest set bits finds. Infinities and NaN are left out: a sum
 * holding one is NaN or ±inf in every order once its finite partial sums are exact, and the running sums,
 * which subtract, check their own rows.
 */
import type { Canonical } from './kernels';
import type { AxisSpans, PoolPlan } from './plan';
import type { Tensor } from './tensor';
import { expRangeLoop, wasmExpRanges } from './wasm/range';

type NumArr = { readonly [i: number]: number; readonly length: number };

/** Below this many elements the exponent scan runs in TypeScript (the kernel's set-up costs more). */
const WASM_SCAN_ELEMENTS = 1 << 14;

/** The most cells any output window of `c` reads (in-bounds cells; padding adds +0). */
export function maxWindowCells(c: Canonical): number {
  let n = 1;
  for (const s of c.spans) {
    let m = 0;
    for (let o = 0; o < s.count.length; o++) m = Math.max(m, s.count[o]!);
    n *= Math.max(m, 1);
  }
  return n;
}

/**
 * How the sums of `plan` over `input` may be computed:
 * - `free`: every window's partial sums are exact, the fast paths give the row-major sums;
 * - `patch`: the same holds for every window that avoids the `cells` (flat input indices of the few cells
 *   far smaller than the largest): run the fast path, then `patchWindows` re-sums the windows holding one;
 * - `direct`: sum every window in row-major order (`windowSums`).
 */
export type OrderCheck = { kind: 'free' } | { kind: 'direct' } | { kind: 'patch'; cells: Int32Array };

/**
 * Decides `OrderCheck` for `input`'s cells under `plan` (LP's powers: always `direct`). Conservative: `direct`
 * is always correct, only slower.
 */
export function checkSumOrder(plan: PoolPlan, input: Tensor, c: Canonical): OrderCheck {
  const cells = maxWindowCells(c);
  if (cells <= 1) return FREE;
  const bits = Math.ceil(Math.log2(cells + 1));
  if (plan.p !== null) return DIRECT; // x^p in float64: a full 53-bit significand, nothing to spare
  switch (input.dtype) {
    case 'bool': case 'int8': case 'uint8': case 'int16': case 'uint16': case 'int32': case 'uint32':
      return INT_BITS[input.dtype] + bits <= 53 ? FREE : DIRECT;
    case 'int64': case 'uint64':
      return maxAbs(input.data as BigInt64Array | BigUint64Array) * (cells + 1) <= 2 ** 53 ? FREE : DIRECT;
    case 'float16':
      return floatCheck(input.data as Float32Array, bits, 42, plan.outputLength, c);
    case 'float32':
      return floatCheck(input.data as Float32Array, bits, 29, plan.outputLength, c);
    case 'float64':
      return DIRECT;
  }
}

const FREE: OrderCheck = { kind: 'free' };
/** |x| < 2^INT_BITS for every value of these integer dtypes. */
const INT_BITS = { bool: 1, int8: 8, uint8: 8, int16: 16, uint16: 16, int32: 32, uint32: 32 } as const;
const DIRECT: OrderCheck = { kind: 'direct' };

/**
 * Float data held in a Float32Array: cells with exponent fields from minE (nonzero cells, at least 1) to maxE
 * are multiples of 2^(minE - 127 - (significand - 1)) below 2^(maxE - 126), so sums of 2^bits of them stay below
 * 2^53 units when maxE - minE + bits <= `room` (29 for float32's 24-bit significand, 42 for float16's 11 bits).
 * Otherwise the cells with a field below maxE - (room - bits) are the only ones that can break a window's
 * exactness: when they are few (at most one per 16 outputs), only their windows are re-summed.
 */
function floatCheck(data: Float32Array, bits: number, room: number, outputs: number, c: Canonical): OrderCheck {
  const ranges = blockRanges(data);
  let maxE = 0, minE = 255;
  for (const r of ranges) {
    maxE = Math.max(maxE, r >> 8);
    minE = Math.min(minE, r & 255);
  }
  if (maxE === 255) {
    // An infinity or NaN sets the max field to 255: the range of the finite cells instead (rare: a second scan).
    const r = expRangeLoop(data, true);
    maxE = r >> 8;
    minE = r & 255;
  }
  if (minE === 255 || maxE - minE + bits <= room) return FREE;
  const below = maxE - (room - bits);
  const cells = c.spans.some((s) => s.step !== 1) ? null : smallCells(data, ranges, below, Math.max(64, outputs >> 4));
  if (cells !== null) return { kind: 'patch', cells };
  // Cells with trailing zero bits (integers held as floats, pixel values 0..255) are multiples of a coarser unit.
  return allMultiplesOf(data, maxE - 126 + bits - 53) ? FREE : DIRECT;
}

/** Elements per block of the exponent scan: blocks whose range has no small cell are not read again. */
const SMALL_BLOCK = 1 << 15;

/** The `exprange` of each SMALL_BLOCK of `data` (wasm for large data, else one TypeScript block per block). */
function blockRanges(data: Float32Array): Int32Array {
  const w = data.length >= WASM_SCAN_ELEMENTS ? wasmExpRanges(data, SMALL_BLOCK) : null;
  if (w !== null) return w;
  const out = new Int32Array(Math.ceil(data.length / SMALL_BLOCK));
  for (let b = 0; b < out.length; b++) out[b] = expRangeLoop(data.subarray(b * SMALL_BLOCK, (b + 1) * SMALL_BLOCK), false);
  return out;
}

/**
 * Whether every finite cell is a multiple of 2^g: its lowest set bit, from the exponent field and the trailing
 * zeros of the significand, is at least g. Stops at the first cell that is not (random data: at once).
 */
function allMultiplesOf(data: Float32Array, g: number): boolean {
  const u = new Uint32Array(data.buffer, data.byteOffset, data.length);
  for (let i = 0; i < u.length; i++) {
    const a = u[i]! & 0x7fffffff;
    const e = a >>> 23;
    if (a === 0 || e === 255) continue;
    const m = e === 0 ? a : (a & 0x7fffff) | 0x800000;
    if ((e || 1) - 150 + 31 - Math.clz32(m & -m) < g) return false;
  }
  return true;
}

/**
 * Flat indices of the nonzero cells whose exponent field (at least 1) is below `below`; null past `limit`. Only
 * the blocks whose range (`ranges`, per SMALL_BLOCK) holds such a cell are read.
 */
function smallCells(data: Float32Array, ranges: Int32Array, below: number, limit: number): Int32Array | null {
  const found: number[] = [];
  for (let b = 0; b < ranges.length; b++) {
    if ((ranges[b]! & 255) >= below) continue;
    const at = b * SMALL_BLOCK;
    if (!collectSmall(data.subarray(at, at + SMALL_BLOCK), at, below, limit, found)) return null;
  }
  return Int32Array.from(found);
}

/** Appends to `found` the small cells of `block` (offset `at`); false once `found` would pass `limit`. */
function collectSmall(block: Float32Array, at: number, below: number, limit: number, found: number[]): boolean {
  const u = new Uint32Array(block.buffer, block.byteOffset, block.length);
  for (let i = 0; i < u.length; i++) {
    const a = u[i]! & 0x7fffffff;
    if (a !== 0 && (a >>> 23 || 1) < below) {
      if (found.length === limit) return false;
      found.push(at + i);
    }
  }
  return true;
}

function maxAbs(values: BigInt64Array | BigUint64Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(Number(values[i]!));
    if (a > m) m = a;
  }
  return m;
}

/**
 * Re-sums, in row-major order, every output window of `c` that holds one of `cells`, and writes its average
 * into `out` as `finishAverage` would (divisor `override` or the axes' shares; no NaN skipping: the fast paths
 * that this patches run NaN `propagate` only).
 */
export function patchWindows(
  values: NumArr, c: Canonical, override: number | null, cells: Int32Array, out: Float32Array | Float64Array,
): void {
  const [S0, S1, S2] = c.inSizes;
  const [o0, o1, o2] = c.outSizes;
  const inner = c.inner;
  const done = new Set<number>();
  for (let k = 0; k < cells.length; k++) {
    let i = cells[k]!;
    const b = i % inner; i = (i - b) / inner;
    const i2 = i % S2; i = (i - i2) / S2;
    const i1 = i % S1; i = (i - i1) / S1;
    const i0 = i % S0;
    const a = (i - i0) / S0;
    const [x0, x1] = outputsHolding(c.spans[0], i0);
    const [y0, y1] = outputsHolding(c.spans[1], i1);
    const [z0, z1] = outputsHolding(c.spans[2], i2);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        for (let z = z0; z <= z1; z++) {
          const at = (((a * o0 + x) * o1 + y) * o2 + z) * inner + b;
          if (done.has(at)) continue;
          done.add(at);
          const div = override ?? c.spans[0].divisor[x]! * c.spans[1].divisor[y]! * c.spans[2].divisor[z]!;
          out[at] = windowSum(values, c, a, x, y, z, b) / div;
        }
      }
    }
  }
}

/** The outputs [lo, hi] whose window (step 1, first and end never decreasing) holds input position `i`. */
function outputsHolding(s: AxisSpans, i: number): [number, number] {
  const n = s.first.length;
  let lo = 0, hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (s.first[m]! + s.count[m]! > i) hi = m;
    else lo = m + 1;
  }
  let last = lo - 1;
  for (let o = lo; o < n && s.first[o]! <= i; o++) last = o;
  return [lo, last];
}

/** One channel's window sum, from +0, cells in row-major order (a local accumulator: the hot loop of `windowSums`). */
function windowSum(values: NumArr, c: Canonical, a: number, x: number, y: number, z: number, b: number): number {
  const [s0, s1, s2] = c.spans;
  const [S0, S1, S2] = c.inSizes;
  const inner = c.inner;
  const n0 = s0.count[x]!, n1 = s1.count[y]!, n2 = s2.count[z]!;
  const step = s2.step * inner;
  let sum = 0;
  for (let j0 = 0; j0 < n0; j0++) {
    const r0 = a * S0 + s0.first[x]! + j0 * s0.step;
    for (let j1 = 0; j1 < n1; j1++) {
      const r1 = r0 * S1 + s1.first[y]! + j1 * s1.step;
      let at = (r1 * S2 + s2.first[z]!) * inner + b;
      for (let j2 = 0; j2 < n2; j2++, at += step) sum += values[at]!;
    }
  }
  return sum;
}

/**
 * Window sums (float64, from +0, each window's cells in row-major order) and, when `skipNaN`, the NaN cells
 * skipped per window: the same layout as `sumPoolTS`, for `finishAverage`.
 */
export function windowSums(values: NumArr, c: Canonical, skipNaN: boolean): { sums: Float64Array; nans: Float64Array | null } {
  const [o0, o1, o2] = c.outSizes;
  const len = c.outer * o0 * o1 * o2 * c.inner;
  const sums = new Float64Array(len);
  const nans = skipNaN ? new Float64Array(len) : null;
  let at = 0;
  for (let a = 0; a < c.outer; a++) {
    for (let x = 0; x < o0; x++) {
      for (let y = 0; y < o1; y++) {
        for (let z = 0; z < o2; z++, at += c.inner) sumWindow(values, c, a, x, y, z, sums, nans, at);
      }
    }
  }
  return { sums, nans };
}

/** Adds the window of output (a, x, y, z) into sums[at .. at + inner), every channel in row-major cell order. */
function sumWindow(
  values: NumArr, c: Canonical, a: number, x: number, y: number, z: number,
  sums: Float64Array, nans: Float64Array | null, at: number,
): void {
  const [s0, s1, s2] = c.spans;
  const [S0, S1, S2] = c.inSizes;
  const inner = c.inner;
  const n0 = s0.count[x]!, n1 = s1.count[y]!, n2 = s2.count[z]!;
  if (inner === 1 && nans === null) {
    sums[at] = windowSum(values, c, a, x, y, z, 0);
    return;
  }
  for (let j0 = 0; j0 < n0; j0++) {
    const r0 = a * S0 + s0.first[x]! + j0 * s0.step;
    for (let j1 = 0; j1 < n1; j1++) {
      const r1 = r0 * S1 + s1.first[y]! + j1 * s1.step;
      for (let j2 = 0; j2 < n2; j2++) {
        const base = (r1 * S2 + s2.first[z]! + j2 * s2.step) * inner;
        if (nans === null) {
          for (let b = 0; b < inner; b++) sums[at + b]! += values[base + b]!;
          continue;
        }
        for (let b = 0; b < inner; b++) {
          const v = values[base + b]!;
          if (v !== v) nans[at + b]! += 1;
          else sums[at + b]! += v;
        }
      }
    }
  }
}
