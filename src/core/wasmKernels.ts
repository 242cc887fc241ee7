/**
 * WebAssembly SIMD path (src/core/wasm/pool.wat). It covers the cases where it pays and where it can match the
 * TypeScript path bit for bit: float32 and float64 data (float32/float16/float64 dtypes; float64 runs the _d
 * kernels on f64x2 lanes and has no running sums), max/avg/global/adaptive ops, NaN
 * `propagate`, no dilation, any channel count and data format (channels first is C = 1 per plane), and a third
 * spatial axis only when its window is one cell (it becomes an outer axis). Everything else returns null and
 * the caller runs the TypeScript path. If WebAssembly is missing or refuses to compile (e.g. a webview CSP
 * without 'wasm-unsafe-eval'), it also returns null, once and for all. Memory grows once and is reused across
 * calls; the output is a fresh Float32Array (Float64Array for float64), or the caller's `out`, filled from it
 * row by row.
 *
 * Resident tensors (`residentTensor`) live in a WebAssembly memory of their own, with margins around the data
 * and scratch space after it; that memory never grows. Their rows are read in place (the fused 2x2 and
 * whole-row kernels directly; the row passes after `stage()` has put padding values in the neighbouring cells,
 * restored right after), and an output array from `residentArray` in the same memory is written in place, so
 * nothing is copied in or out. A call that needs more scratch space runs on the shared memory instead.
 *
 * Paths (all stream the input through wasm memory, so each input row is read from main memory once):
 * - 2x2 stride 2, every window full, C % 4 == 0: one fused pass reads two input rows and writes one output row,
 *   a chunk of rows (CHUNK_BYTES) per call, no intermediate rows. Float32 with C == 1 (matrices, channels-first
 *   planes) and at least 4 output columns has its own fused kernels (max2x2c1/avg2x2c1: even/odd lane shuffles).
 * - otherwise a horizontal pass per input row (window along W) into a ring of row results, then a vertical
 *   pass per output row over the ring rows of its window, which is a pure elementwise pass over outW x C
 *   contiguous floats (channels last makes the row contiguous).
 *   - Stride-1 windows along W (`slidingPad`): the row sits in a padded buffer (-inf for max, +0 for sums) so
 *     every window is k cells and output x is the elementwise max/sum of the row shifted by 0..k-1 cells,
 *     with no per-cell loop; k = 3 has unrolled kernels.
 *   - Float32 max, 3 cells along W and 3-row windows: one fused pass per row (hvmax3: horizontal, vertical and
 *     the NaN check); rows with a NaN are redone by the NaN-aware kernels.
 *   - Max, windows of VAN_HERK_FROM+ cells where it pays: van Herk / Gil-Werman along W (hmaxvh; float32 in two
 *     passes with the NaN check folded in: hmaxvhf, unrolled hmaxvhf4, forward-first hmaxvhf4f for rows read
 *     in place) and over whole rows along H (vmax2/vmax2c, vmax2gc advancing g and writing the output row in
 *     one pass), 3 ops per cell whatever k.
 *   - Float32 max, stride-1 windows of 4..7 cells along W and 4..7 rows along H, C % 16 == 0: both passes in
 *     one forward pass per padded row (hvmax7) from 3-cell maxima (a window is max(m3[c], x[c+3], m3[c+k-3]),
 *     overlapping operands left to right keep the same ties), along W in a small ring, along H in kH - 3 rows.
 *   - Avg, windows of RUNNING_SUM_FROM+ cells along W: running sums (hsumrunr, which also returns the row's
 *     exponent range) kept on rows whose range makes every sum exact in float64 (`sumsExact`), so they equal
 *     the TypeScript path's left-to-right sums; other rows are redone left to right (hsumk).
 *   - Float32 avg, stride-1 windows of RUNNING_SUM_FROM+ rows along H: the window sums V (float64) move by the
 *     row entering and the row leaving (vrun) while every sum over the rows involved is exact (per-row
 *     exprange), and are summed directly (vsumv, restarting V) where not; when the window slides by one row,
 *     the new row's running sums and the update of V run in one pass (hvrun). The avg kernels divide the interior
 *     of a row by one number and read the per-cell divisors (divRow) only on its edge vectors.
 *   - Float32 avg with 3 cells along W and 3-row windows: a row that brings one new input row runs both passes
 *     in one kernel (hvsum3), same additions in the same order; two such rows in a row run in one call
 *     (hvsum3x2), which reads and writes the ring rows once for both and reads its rows unstaged (masked edges).
 *   - Float32, C = 1, windows of whole rows over all rows (global max/avg of matrices and planes): rows are
 *     reduced side by side in SIMD lanes (hmaxrows1 four at a time with per-row NaN flags, hsumrows1 eight at
 *     a time), each row still left to right, on chunks of rows.
 *   - NaN: rows are checked (hasnan); NaN-free rows (the usual case) take plain pmax kernels, rows with a
 *     NaN and windows over them take the NaN-tracking ones (hmax/vmax), so NaN still wins wherever it sits.
 *   - Cells that are not a multiple of 16 bytes (C % 4 != 0) use only the kernels that run along contiguous
 *     floats or write overlapping vectors whose last writer is the right one; their buffers get SLACK bytes.
 */
import type { PoolPlan } from './plan';
import { type Canonical, LOWEST_FINITE, canonical } from './kernels';
import { isMaxOp } from './spec';
import type { Tensor, TypedArray } from './tensor';
import { type FloatArray, OutOfWasmMemory, SLACK, align } from './wasm/memory';
import { type Kernels, kernelSet, loadKernels } from './wasm/module';
import { RESIDENT_MARGIN, residentOf } from './wasm/resident';

export { loadKernels } from './wasm/module';
export { outAllowed, residentArray, residentTensor } from './wasm/resident';


/**
 * Whether every sum of up to `n` cells of a row whose exponent fields span `range` (exprange) is exact in
 * float64: cells are multiples of 2^(minE - 150) below 2^(maxE - 126), so n of them stay below 2^53 units when
 * maxE - minE + log2(n) <= 29. No infinity or NaN (exponent field 255).
 */
function sumsExact(range: number, n: number): boolean {
  const maxE = range >> 8, minE = range & 255;
  return maxE < 255 && maxE - minE + Math.ceil(Math.log2(n)) <= 29;
}

/** Window length from which the sum passes use running sums (on rows where they are exact). */
const RUNNING_SUM_FROM = 4;

/** Window length from which the max passes switch from k - 1 pmax per cell to van Herk's three. */
const VAN_HERK_FROM = 4;

/** van Herk costs about 3 ops per padded cell (out + k - 1), the direct pass k - 1 per output cell. */
function vanHerkPays(k: number, out: number): boolean {
  return 3 * (out + k - 1) < (k - 1) * out;
}

/** Whether the WebAssembly kernels run here (for tests and the benchmark). */
export function wasmAvailable(): boolean {
  return loadKernels() !== null;
}

/**
 * Each output's in-bounds window on one axis as input rows/columns [lo, hi), or null when some window is empty
 * or not contiguous (dilation with two or more cells).
 */
function windowBounds(c: Canonical, axis: number): { lo: Int32Array; hi: Int32Array; maxRows: number } | null {
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

/** Grows the kernels' memory (once, kept for later calls) to at least `need` bytes. */
function ensureMemory(k: Kernels, need: number): void {
  // A resident tensor's memory never grows (growing detaches the buffer its data views): a call that needs
  // more than its scratch space uses the shared memory instead.
  const limit = residentOf(k.memory.buffer)?.limit;
  if (limit !== undefined && need > limit) throw new OutOfWasmMemory(`a resident tensor's scratch space ends before ${need} bytes`);
  const have = k.memory.buffer.byteLength;
  if (need <= have) return;
  try {
    k.memory.grow(Math.ceil((need - have) / 65536));
  } catch {
    throw new OutOfWasmMemory(`cannot grow WebAssembly memory to ${need} bytes`);
  }
}

/** Whether every window of the axis is [2o, 2o + 2): 2 wide, stride 2, all inside the input. */
function isPairs(b: { lo: Int32Array; hi: Int32Array }): boolean {
  for (let o = 0; o < b.lo.length; o++) if (b.lo[o] !== 2 * o || b.hi[o] !== 2 * o + 2) return false;
  return true;
}

/**
 * Stride-1 windows along W (`k` cells from `o - before`, clipped to the input): the padding that turns every
 * window into a full `k` cells of a padded row, or null when the windows are not of that form.
 */
function slidingPad(b: { lo: Int32Array; hi: Int32Array }, inSize: number, k: number, before: number): { before: number; after: number } | null {
  const n = b.lo.length;
  for (let o = 0; o < n; o++) {
    if (b.lo[o] !== Math.max(0, o - before) || b.hi[o] !== Math.min(inSize, o - before + k)) return null;
  }
  return { before, after: Math.max(0, n - 1 - before + k - inSize) };
}



/** A view of wasm memory for the element type (4 bytes: float32, 8: float64). */
function view(buf: ArrayBuffer, es: number): FloatArray {
  return es === 8 ? new Float64Array(buf) : new Float32Array(buf);
}


/** Bytes of input rows per chunk in the streaming drivers: a few hundred KiB stays in L2. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Fused 2x2 stride-2 pooling (every window full): one pass reads two input rows and writes one output row,
 * a chunk of rows at a time through wasm memory. `div` is the average's divisor (unused for max).
 */
function fused2x2(
  k: Kernels, es: number, max: boolean, data: FloatArray, out: FloatArray, outer: number, H: number, W: number,
  C: number, outH: number, outW: number, from: number, to: number, div: number, s0: number, inPlace: boolean,
  direct: boolean,
): void {
  const rowLen = W * C, outRowLen = outW * C, rowB = rowLen * es;
  const c1 = C === 1 && es === 4; // the caller checks outW >= 4 (C % 4 == 0 otherwise)
  const m = Math.max(1, Math.min(outH, Math.floor(CHUNK_BYTES / (2 * rowB))));
  // A resident input is read where it lies; other inputs are copied in, a chunk of rows at a time.
  const pIn = s0, pOut = align(inPlace ? s0 : s0 + 2 * m * rowB);
  ensureMemory(k, pOut + m * outRowLen * es + SLACK);
  const fv = view(k.memory.buffer, es);
  // Exact: only a power-of-two divisor is turned into a multiplication.
  const pow2 = div > 0 && Math.log2(div) === Math.round(Math.log2(div)) && Math.abs(Math.log2(div)) < 64;
  for (let a = 0; a < outer; a++) {
    const inBase = a * H * rowLen, outBase = a * outH * outRowLen;
    for (let oh = 0; oh < outH; oh += m) {
      const n = Math.min(m, outH - oh);
      const rows = data.subarray(inBase + 2 * oh * rowLen, inBase + 2 * (oh + n) * rowLen);
      let src = pIn;
      if (inPlace) src = rows.byteOffset;
      else fv.set(rows, pIn / es);
      // A resident output array is written where it lies; otherwise rows are copied out of wasm memory.
      const dst = direct ? out.byteOffset + (outBase + oh * outRowLen) * es : pOut;
      if (c1 && max) k.max2x2c1(src, n, rowB, outW, dst, from, to);
      else if (c1) k.avg2x2c1(src, n, rowB, outW, dst, div, pow2 ? 1 / div : 1, pow2 ? 1 : 0);
      else if (max) k.max2x2(src, n, rowB, outW, C * es, dst, from, to);
      else k.avg2x2(src, n, rowB, outW, C * es, dst, div, pow2 ? 1 / div : 1, pow2 ? 1 : 0);
      if (!direct) out.set(fv.subarray(pOut / es, pOut / es + n * outRowLen), outBase + oh * outRowLen);
    }
  }
}

/**
 * Runs the plan in WebAssembly, or returns null when this case is not covered (see the module comment) or
 * its rows need more wasm memory than the runtime gives.
 */
export function wasmPool(plan: PoolPlan, input: Tensor, into?: TypedArray): TypedArray | null {
  const resident = residentOf(input.data.buffer);
  if (resident !== undefined) {
    try {
      return runWasm(plan, input, into as FloatArray | undefined, resident);
    } catch (e) {
      if (!(e instanceof OutOfWasmMemory)) throw e;
      // Its scratch space is too small for this call: stream the input through the shared memory instead.
    }
  }
  try {
    return runWasm(plan, input, into as FloatArray | undefined, null);
  } catch (e) {
    if (e instanceof OutOfWasmMemory) return null;
    throw e;
  }
}

function runWasm(
  plan: PoolPlan, input: Tensor, into: FloatArray | undefined, resident: { k: Kernels; end: number } | null,
): TypedArray | null {
  if (input.dtype !== 'float32' && input.dtype !== 'float16' && input.dtype !== 'float64') return null;
  if (plan.op === 'lp' || plan.nan !== 'propagate' || plan.axes.some((a) => a.dilation !== 1)) return null;
  // The row passes size their padded rows, rings and van Herk rows by the window's length: a window far longer
  // than its axis (mostly padding) would take memory in proportion to the window, not the data. The TypeScript
  // path visits only its in-bounds cells.
  if (plan.axes.some((a) => a.poolSize > 2 * a.inSize + 64)) return null;
  const k32 = resident?.k ?? loadKernels();
  if (k32 === null) return null;
  // Scratch starts after a resident tensor's data (which the kernels then read in place), else at 0.
  const s0 = resident?.end ?? 0;
  const es = input.dtype === 'float64' ? 8 : 4; // element size in bytes (float16 arrives decoded to float32)
  const k = kernelSet(k32, es === 8);
  const max = isMaxOp(plan.op);
  const c = canonical(plan, !max && plan.countIncludePad);
  if (!c.spans[0].identity) return null;
  const rowsB = windowBounds(c, 1), colsB = windowBounds(c, 2);
  if (rowsB === null || colsB === null) return null;

  const C = c.inner, [D, H, W] = c.inSizes, [, outH, outW] = c.outSizes;
  const outer = c.outer * D; // an identity third spatial axis (D -> D) is one more outer axis
  const cellBytes = C * es; // bytes per cell: the channels of one position, at 4 or 8 bytes each
  // Cells of 16-byte multiples (C % 4 === 0, channels last) suit every kernel; other cells (C = 1 for channels
  // first and plain matrices, C = 3 for RGB, ...) only the kernels that run along contiguous floats or write
  // overlapping vectors whose last writer is right (see the module comment); their rows get SLACK bytes.
  const vec = cellBytes % 16 === 0;
  // Keras/TF: an all -inf window gives the lowest finite float (see kerasLowest); NaN never matches.
  const clampFrom = plan.framework === 'keras' ? -Infinity : NaN;
  const clampTo = LOWEST_FINITE[input.dtype];
  // The same rule as a floor for the kernels that clamp with one pmax (hvmax3, vmax2gc).
  const clampFloor = plan.framework === 'keras' ? clampTo : -Infinity;
  // Only float32 data is certain to hold nothing between -inf and that floor (float16-tagged data could).
  const floorOk = input.dtype === 'float32';
  const data = input.data as FloatArray;
  const out = into ?? (es === 8 ? new Float64Array(outer * outH * outW * C) : new Float32Array(outer * outH * outW * C));
  const override = plan.divisorOverride;

  if ((vec || (C === 1 && es === 4 && outW >= 4)) && isPairs(rowsB) && isPairs(colsB)) {
    const dH = c.spans[1].divisor, dW = c.spans[2].divisor;
    const div = max ? 1 : override ?? 1 * dH[0]! * dW[0]!;
    if (max || override !== null || (dH.every((d) => d === dH[0]) && dW.every((d) => d === dW[0]))) {
      fused2x2(k, es, max, data, out, outer, H, W, C, outH, outW, clampFrom, clampTo, div, s0, resident !== null,
        resident !== null && out.buffer === resident.k.memory.buffer);
      return out;
    }
  }

  const axH = plan.axes.length > 1 ? plan.axes[plan.axes.length - 2]! : null;
  const kH = axH?.poolSize ?? 1;
  const slideH = axH === null ? null : slidingPad(rowsB, H, kH, axH.padBefore);
  // Vertical van Herk (max, stride-1 windows of VAN_HERK_FROM rows or more); its ring keeps kH rows.
  const vhH = max && slideH !== null && kH >= VAN_HERK_FROM && vanHerkPays(kH, outH);
  // Float32 avg, stride-1 windows of RUNNING_SUM_FROM+ rows: the vertical pass by running sums (vrun) where
  // exact; its ring also keeps the row that leaves the window.
  const runH = !max && es === 4 && slideH !== null && kH >= RUNNING_SUM_FROM && outH > 1;
  // hvmax7 (fuse7 below) also keeps kH rows.
  const R = vhH || (max && slideH !== null && kH >= 4 && kH <= 7) ? Math.max(kH, rowsB.maxRows) : runH ? rowsB.maxRows + 1 : rowsB.maxRows;
  const axW = plan.axes[plan.axes.length - 1]!;
  const kW = axW.poolSize;
  const slide = slidingPad(colsB, W, kW, axW.padBefore);
  const padB = slide === null ? 0 : slide.before * cellBytes, padA = slide === null ? 0 : slide.after * cellBytes;
  const slotBytes = align(outW * C * (max ? es : 8)) + SLACK;
  const lenOut = align(outW * cellBytes), lenIn = align(W * cellBytes);
  // Layout: wlo | whi | divW | rowPtrs | padded input row | outRow | ring.
  const pWlo = s0, pWhi = align(pWlo + outW * 4), pDiv = align(pWhi + outW * 4), pRows = align(pDiv + 2 * align(outW * cellBytes) + SLACK);
  const pPad = align(pRows + R * 4), pIn = pPad + padB, pOut = align(pIn + W * cellBytes + padA + SLACK);
  const pRing = align(pOut + lenOut + SLACK);
  // van Herk scratch rows g and h (max, sliding windows of VAN_HERK_FROM cells or more).
  const vh = vec && max && slide !== null && kW >= VAN_HERK_FROM && vanHerkPays(kW, outW);
  const ltB = (outW + kW - 1) * cellBytes;
  const pG = align(pRing + R * slotBytes), pH = align(pG + (vh ? ltB : 0));
  // Vertical van Herk rows: a row of -inf (padding rows), g, and the kH rows of h.
  const rowB = lenOut;
  const pNeg = align(pH + (vh ? ltB : 0)), pGrow = align(pNeg + rowB + SLACK), pHrows = align(pGrow + rowB + SLACK);
  // Float32 pooling of one float per cell over whole rows and all rows (global max/avg of a matrix or of
  // channels-first planes): the row maxima run four rows at a time (hmaxrows1, with per-row NaN flags), the
  // row sums eight rows at a time (hsumrows1), on chunks of rows.
  const wholeRows = !vhH && es === 4 && C === 1 && slide !== null && slide.before === 0 && kW === W && outW === 1 &&
    outH === 1 && rowsB.lo[0] === 0 && rowsB.hi[0] === H && R === H;
  const chunkRows = wholeRows ? Math.max(8, Math.floor(CHUNK_BYTES / (W * 4 * 8)) * 8) : 0;
  const pChunk = align(vhH ? pHrows + kH * (rowB + SLACK) : pNeg), pFlags = align(pChunk + chunkRows * W * 4 + SLACK);
  // Vertical running sums: the float64 window sums V and a row of +0 (no row enters or leaves).
  const pV = align(pFlags + chunkRows + SLACK), pZero = align(pV + (runH ? 2 * lenOut : 0) + SLACK);
  // Float32 avg, 3 cells along W (padded row) and 3-row windows: an output row that needs one new input row
  // runs its horizontal and vertical passes fused (hvsum3), two such rows in a row one call (hvsum3x2: a second
  // output row, and two input rows copied side by side unless read in place).
  const fuse3 = !max && es === 4 && slide !== null && kW === 3;
  // Measured on [1,512,512,64] 3x3 'same': in place is ~10 % faster for sums and ~10 % slower for max (whose
  // fused kernel reads its three overlapping loads better from a copy in L2 than from main memory).
  // Max rows of the van Herk kernel read in place too, by hmaxvhf4f, whose first pass runs forward.
  const vhF = vh && es === 4 && cellBytes % 64 === 0;
  // Float32 max, stride-1 windows of 4..7 cells along W and 4..7 rows along H, cells of 64-byte multiples: both
  // passes fused, one forward pass per padded row (hvmax7), reading the row in place for a resident input.
  const fuse7 = max && floorOk && cellBytes % 64 === 0 && slide !== null && kW >= 4 && kW <= 7 && slideH !== null &&
    kH >= 4 && kH <= 7;
  const inPlace = resident !== null && (!max || vhF || fuse7) && padB <= RESIDENT_MARGIN && padA + SLACK <= RESIDENT_MARGIN;
  const pOut2 = align(pZero + (runH ? 2 * lenOut : 0) + SLACK), pPair = align(pOut2 + (fuse3 ? lenOut + SLACK : 0));
  // hvmax7: a padded row of -inf (padding rows, and their slots), a trash slot, kH - 3 rows M (3-row maxima) and a
  // trash row, and the ring of kW - 3 cells of 3-cell maxima.
  const pNegPad = align(pPair + (fuse3 && !inPlace ? padB + 2 * W * cellBytes + padA + SLACK : 0) + SLACK);
  const pTrash = align(pNegPad + ltB + SLACK), pMrows = align(pTrash + lenOut + SLACK);
  const pRingW = align(pMrows + (kH - 2) * (lenOut + SLACK));
  ensureMemory(k, fuse7 ? pRingW + (kW - 3) * cellBytes + SLACK : pNegPad);
  const buf = k.memory.buffer;
  const fv = view(buf, es), i32 = new Int32Array(buf), f64 = new Float64Array(buf);
  i32.set(colsB.lo, pWlo >> 2);
  i32.set(colsB.hi, pWhi >> 2);
  let dlo = 0, dhi = 0, dInt = 1;
  if (!max) {
    // Each output cell's W divisor, repeated for its C channels (the override replaces the whole divisor).
    const dW = c.spans[2].divisor;
    const divRow = new Float64Array(outW * C);
    for (let ow = 0; ow < outW; ow++) divRow.fill(override ?? dW[ow]!, ow * C, (ow + 1) * C);
    f64.set(divRow, pDiv >> 3);
    // The W divisor is the same on all cells but the first and last few (windows clipped by the edges): the
    // output bytes [dlo, dhi) (whole vectors) divide by one number, dv(oh), and skip the divRow stream.
    const mid = outW >> 1, dMid = override ?? dW[mid]!;
    let xlo = mid, xhi = mid + 1;
    while (xlo > 0 && (override ?? dW[xlo - 1]!) === dMid) xlo--;
    while (xhi < outW && (override ?? dW[xhi]!) === dMid) xhi++;
    dlo = align(xlo * cellBytes);
    dhi = Math.max(dlo, Math.floor((xhi * cellBytes) / 16) * 16);
    dInt = dMid;
  }
  if (runH) f64.fill(0, pZero >> 3, (pZero >> 3) + lenOut / 4);
  const dH = c.spans[1].divisor;
  /** Output row oh's divisor on [dlo, dhi): the kernels' dH * divRow there, the same float64 product. */
  const dvOf = (oh: number): number => (override !== null ? 1 : dH[oh]!) * dInt;
  // Padding cells of the padded row: -inf never wins a max (every window has an input cell); +0 leaves sums alone.
  fv.fill(max ? -Infinity : 0, pPad / es, pIn / es);
  fv.fill(max ? -Infinity : 0, (pIn + W * cellBytes) / es, (pIn + W * cellBytes + padA) / es);
  const nanRow = new Uint8Array(R); // per ring slot (max): whether its input row holds a NaN
  const rangeRow = new Int32Array(R); // per ring slot (runH): exprange of its input row
  let vLo = 0, vHi = 0; // runH: the rows whose sums V holds (vLo === vHi: none, V must restart)

  const rowLen = W * C, outRowLen = outW * C;
  // Where the kernels write the current output row (pO): a resident output array where it lies (`direct`),
  // else pOut, from which emit() copies it out.
  const direct = resident !== null && out.buffer === buf;
  let pO = pOut;
  const rowAt = (a: number, oh: number): void => {
    if (direct) pO = out.byteOffset + (a * outH + oh) * outRowLen * es;
  };
  const emit = (a: number, oh: number, from = pOut): void => {
    if (!direct) out.set(fv.subarray(from / es, from / es + outRowLen), (a * outH + oh) * outRowLen);
  };
  // Where the current row's cells (rowIn) and its padded form (rowPad) are: the copy at pIn / pPad, or, for a
  // resident input whose margins hold the padding, the row itself (see RESIDENT_MARGIN).
  let rowIn = pIn, rowPad = pPad, stagedAt = -1;
  const u8 = new Uint8Array(buf), saveB = new Uint8Array(padB), saveA = new Uint8Array(padA);
  const padValue = max ? -Infinity : 0;
  /** Makes input row r of image a readable by the row kernels at rowIn / rowPad (call unstage() after). */
  const stage = (inBase: number, r: number): void => {
    if (!inPlace) {
      fv.set(data.subarray(inBase + r * rowLen, inBase + (r + 1) * rowLen), pIn / es);
      return;
    }
    const at = data.byteOffset + (inBase + r * rowLen) * es, end = at + W * cellBytes;
    saveB.set(u8.subarray(at - padB, at));
    saveA.set(u8.subarray(end, end + padA));
    fv.fill(padValue, (at - padB) / es, at / es);
    fv.fill(padValue, end / es, (end + padA) / es);
    stagedAt = at;
    rowIn = at;
    rowPad = at - padB;
  };
  /** Puts back the neighbouring cells that stage() replaced by padding. */
  const unstage = (): void => {
    if (stagedAt < 0) return;
    u8.set(saveB, stagedAt - padB);
    u8.set(saveA, stagedAt + W * cellBytes);
    stagedAt = -1;
  };
  /** Runs the horizontal pass of input row r of image a into its ring slot. */
  const horizontal = (inBase: number, r: number): number => {
    stage(inBase, r);
    const slot = pRing + (r % R) * slotBytes;
    if (max) {
      // NaN-free rows (the usual case) take the plain pmax kernels; rows with a NaN the NaN-tracking ones.
      // Float32 van Herk rows check for NaN in the same pass (hmaxvhf); a row with a NaN is redone below.
      const vhNan = !vh || es !== 4 ? 1 : inPlace ? k.hmaxvhf4f(rowPad, ltB, cellBytes, kW * cellBytes, pG, pH, slot, lenOut)
        : (cellBytes % 64 === 0 ? k.hmaxvhf4 : k.hmaxvhf)(rowPad, ltB, cellBytes, kW * cellBytes, pG, pH, slot);
      if (vhNan === 0) {
        nanRow[r % R] = 0;
        unstage();
        return slot;
      }
      const nan = k.hasnan(rowIn, lenIn);
      nanRow[r % R] = nan;
      if (vh && nan === 0) k.hmaxvh(rowPad, ltB, cellBytes, kW * cellBytes, lenOut, pG, pH, slot);
      else if (slide !== null && nan === 0 && kW === 3) k.hmax3(rowPad, lenOut, cellBytes, slot);
      else if (slide !== null && nan === 0) k.hmaxk(rowPad, lenOut, cellBytes, kW, slot);
      else k.hmax(rowIn, cellBytes, outW, pWlo, pWhi, slot);
    } else {
      // The row's exponent range, when running sums (along W or along H) may use it.
      const runW = es === 4 && vec && slide !== null && kW >= RUNNING_SUM_FROM && outW > 1;
      if (runW) {
        // Running sums along W read the row once and give its range too (hsumrunr); kept only when exact.
        const range = k.hsumrunr(rowPad, outW, cellBytes, kW, slot);
        rangeRow[r % R] = range;
        if (!sumsExact(range, kW + 1)) k.hsumk(rowPad, lenOut, cellBytes, kW, slot);
      } else {
        rangeRow[r % R] = runH ? k.exprange(rowIn, lenIn) : 0;
        if (slide !== null && kW === 3) k.hsum3(rowPad, lenOut, cellBytes, slot);
        else if (slide !== null) k.hsumk(rowPad, lenOut, cellBytes, kW, slot);
        else k.hsum(rowIn, cellBytes, outW, pWlo, pWhi, slot);
      }
    }
    unstage();
    return slot;
  };
  /** The exponent range (exprange) of input rows [a, b), from their ring slots. */
  const rangeOf = (a: number, b: number): number => {
    let mx = 0, mn = 255;
    for (let r = a; r < b; r++) {
      const g = rangeRow[r % R]!;
      mx = Math.max(mx, g >> 8);
      mn = Math.min(mn, g & 255);
    }
    return (mx << 8) | mn;
  };
  /**
   * runH: output row oh (window rows [lo, hi), row pointers at pRows) from V, the float64 sums of the previous
   * window, when at most one row enters and one leaves and every sum over the rows involved is exact (then V +
   * entering - leaving is the path's left-to-right sum); otherwise directly (vsumv), which restarts V when the
   * new window's sums are exact.
   */
  const verticalRun = (oh: number, lo: number, hi: number): void => {
    const dHo = override !== null ? 1 : dH[oh]!;
    const cells = colsB.maxRows; // cells per row sum, at most
    if (vLo < vHi && vLo <= lo && lo <= vLo + 1 && vHi <= hi && hi <= vHi + 1 && sumsExact(rangeOf(vLo, hi), (hi - vLo) * cells)) {
      const add = hi > vHi ? pRing + (vHi % R) * slotBytes : pZero, sub = lo > vLo ? pRing + (vLo % R) * slotBytes : pZero;
      k.vrun(pV, add, sub, lenOut, pDiv, dHo, pO, dlo, dhi, dvOf(oh));
      vLo = lo;
      vHi = hi;
      return;
    }
    k.vsumv(pRows, hi - lo, lenOut, pDiv, dHo, pO, dlo, dhi, dvOf(oh), pV);
    const exact = sumsExact(rangeOf(lo, hi), (hi - lo) * cells);
    vLo = exact ? lo : 0;
    vHi = exact ? hi : 0;
  };
  /** The vertical pass of output row oh over the ring slots of its window rows (direct, NaN-aware if needed). */
  const vertical = (oh: number): void => {
    const lo = rowsB.lo[oh]!, hi = rowsB.hi[oh]!;
    let nan = 0;
    for (let r = lo; r < hi; r++) {
      i32[(pRows >> 2) + r - lo] = pRing + (r % R) * slotBytes;
      nan |= nanRow[r % R]!;
    }
    if (max && nan === 0 && hi - lo === 3) {
      k.vmax3f(i32[pRows >> 2]!, i32[(pRows >> 2) + 1]!, i32[(pRows >> 2) + 2]!, lenOut, pO, clampFrom, clampTo);
    } else if (max && nan === 0) k.vmaxf(pRows, hi - lo, lenOut, pO, clampFrom, clampTo);
    else if (max) k.vmax(pRows, hi - lo, lenOut, pO, clampFrom, clampTo);
    else if (runH) verticalRun(oh, lo, hi);
    else if (hi - lo === 3) {
      k.vsum3(i32[pRows >> 2]!, i32[(pRows >> 2) + 1]!, i32[(pRows >> 2) + 2]!, lenOut, pDiv, override !== null ? 1 : dH[oh]!, pO);
    } else k.vsum(pRows, hi - lo, lenOut, pDiv, override !== null ? 1 : dH[oh]!, pO);
  };

  // A row left staged in place by an exception would corrupt a resident input: always put it back.
  try {
    if (fuse7) {
      // Padded row coordinates e = r + before (rows outside the input are rows of -inf); each padded row e runs
      // hvmax7: its horizontal result goes to its ring slot, M[e - 2] (rows e - 2..e) to M row (e - 2) % (kH - 3),
      // and output row o = e - kH + 1 from M[o], a middle row and M[e - 2]. Rows before any output write to trash.
      // A row with a NaN is redone (horizontal), and output rows whose window holds one run vertical() instead.
      fv.fill(-Infinity, pNegPad / es, (pNegPad + ltB) / es);
      const before = slideH.before, dM = kH - 3, Lt = outH + kH - 1, mB = lenOut + SLACK;
      const slotOf = (e: number): number => {
        const r = e - before;
        return r >= 0 && r < H ? pRing + (r % R) * slotBytes : pNegPad;
      };
      for (let a = 0; a < outer; a++) {
        const inBase = a * H * rowLen;
        for (let e = 0; e < Lt; e++) {
          const r = e - before, o = e - kH + 1;
          const sA = e >= 2 ? slotOf(e - 2) : pNegPad, sB = e >= 1 ? slotOf(e - 1) : pNegPad;
          const mrow = e >= 2 ? pMrows + ((e - 2) % dM) * mB : pMrows + dM * mB;
          const sMid = o >= 0 ? slotOf(kH >= 5 ? o + 3 : e - 1) : pNegPad;
          if (o >= 0) rowAt(a, o);
          const dst = o >= 0 ? pO : pOut;
          if (r >= 0 && r < H) {
            stage(inBase, r);
            const nan = k.hvmax7(rowPad, lenOut, cellBytes, kW - 3, pRingW, slotOf(e), sA, sB, mrow, sMid, dst, clampFloor);
            unstage();
            nanRow[r % R] = 0;
            if (nan !== 0) horizontal(inBase, r);
          } else {
            k.hvmax7(pNegPad, lenOut, cellBytes, kW - 3, pRingW, pTrash, sA, sB, mrow, sMid, dst, clampFloor);
          }
          if (o < 0) continue;
          let nan = 0;
          for (let rr = rowsB.lo[o]!; rr < rowsB.hi[o]!; rr++) nan |= nanRow[rr % R]!;
          if (nan !== 0) vertical(o);
          emit(a, o);
        }
      }
      return out;
    }
    if (vhH && slideH !== null) {
      // Vertical van Herk over whole rows (SIMD across outW * C contiguous floats), in padded row coordinates
      // e = r + before: blocks of kH rows; g = running max from the block start (one row), h = running max
      // from the block end (kH rows, computed when the block's last row arrives); output o = pmax(h[o],
      // g[o + kH - 1]). Padding rows point at a row of -inf. An output row whose window holds a NaN row is
      // computed directly instead (vmax), from the ring, which still holds its window's rows.
      fv.fill(-Infinity, pNeg / es, (pNeg + rowB) / es);
      const xp = new Int32Array(kH), hp = new Int32Array(kH);
      const Lt = outH + kH - 1;
      for (let a = 0; a < outer; a++) {
        const inBase = a * H * rowLen;
        let gp = 0;
        for (let e = 0; e < Lt; e++) {
          const r = e - slideH.before, j = e % kH;
          const x = r >= 0 && r < H ? horizontal(inBase, r) : pNeg;
          xp[j] = x;
          if (j === kH - 1) {
            hp[kH - 1] = x;
            for (let jj = kH - 2; jj >= 0; jj--) {
              const dst = pHrows + jj * (rowB + SLACK);
              k.vmax2(xp[jj]!, hp[jj + 1]!, rowB, dst);
              hp[jj] = dst;
            }
          }
          const o = e - kH + 1;
          if (o >= 0) rowAt(a, o);
          let nan = 0;
          if (o >= 0) for (let rr = rowsB.lo[o]!; rr < rowsB.hi[o]!; rr++) nan |= nanRow[rr % R]!;
          if (j === 0) {
            gp = x;
            if (o >= 0 && nan === 0) k.vmax2c(hp[o % kH]!, gp, rowB, pO, clampFrom, clampTo);
          } else if (o >= 0 && nan === 0 && floorOk) {
            // Float32: advance g and write the output row in one pass.
            k.vmax2gc(gp, x, rowB, pGrow, hp[o % kH]!, pO, clampFloor);
            gp = pGrow;
          } else {
            k.vmax2(gp, x, rowB, pGrow);
            gp = pGrow;
            if (o >= 0 && nan === 0) k.vmax2c(hp[o % kH]!, gp, rowB, pO, clampFrom, clampTo);
          }
          if (o < 0) continue;
          if (nan !== 0) vertical(o);
          emit(a, o);
        }
      }
      return out;
    }

    // hvsum3x2 reads its two input rows unstaged (lanes outside a row's cells read +0), in place for a resident
    // input; its fast loop runs the output bytes [flo, fhi): whole vectors of one divisor whose three cells are
    // all in the row, none at byte 0 (see the kernel).
    const flo = Math.max(16, align(Math.max(dlo, padB)));
    const fhi = Math.max(flo, Math.min(dhi, Math.floor((padB + (W - 2) * cellBytes) / 16) * 16));
    // Float32 max, 3 cells along W centred (output as wide as the input, so hvmax3's centre loads see every
    // cell for its NaN check) and 3-row windows over NaN-free rows: the same fusion (hvmax3).
    // Float32 avg with running sums both ways (windows of RUNNING_SUM_FROM+ cells and rows): hvrun.
    const fuseRun = runH && es === 4 && vec && slide !== null && kW >= RUNNING_SUM_FROM && outW > 1;
    const fuseMax3 = max && floorOk && slide !== null && kW === 3 && slide.before === 1 && outW === W;
    if (wholeRows) {
      for (let a = 0; a < outer; a++) {
        const inBase = a * H * rowLen;
        for (let r = 0; r < H; r += chunkRows) {
          const n = Math.min(chunkRows, H - r);
          const rows = data.subarray(inBase + r * rowLen, inBase + (r + n) * rowLen);
          let src = pChunk;
          if (resident !== null) src = rows.byteOffset; // read in place
          else fv.set(rows, pChunk / es);
          if (max) {
            k.hmaxrows1(src, n, W * 4, W, pRing + r * slotBytes, slotBytes, pFlags);
            nanRow.set(new Uint8Array(buf, pFlags, n), r);
          } else k.hsumrows1(src, n, W * 4, W, pRing + r * slotBytes, slotBytes);
        }
        rowAt(a, 0);
        vertical(0);
        emit(a, 0);
      }
      return out;
    }

    for (let a = 0; a < outer; a++) {
      const inBase = a * H * rowLen;
      let next = 0; // next input row to run the horizontal pass on
      vLo = vHi = 0; // the ring now fills with this image's rows
      for (let oh = 0; oh < outH; oh++) {
        const lo = rowsB.lo[oh]!, hi = rowsB.hi[oh]!;
        if (next < lo) next = lo;
        rowAt(a, oh);
        if (fuse3 && hi - lo === 3 && next === hi - 1 && oh + 1 < outH && rowsB.lo[oh + 1] === lo + 1 &&
          rowsB.hi[oh + 1] === hi + 1 && dH[oh] === dH[oh + 1]) {
          // Output rows oh and oh + 1 from input rows next and next + 1 (hvsum3x2).
          let src = pPair;
          if (inPlace) src = data.byteOffset + (inBase + next * rowLen) * es - padB;
          else fv.set(data.subarray(inBase + next * rowLen, inBase + (next + 2) * rowLen), (pPair + padB) / es);
          const pO1 = direct ? pO + outRowLen * es : pOut2;
          k.hvsum3x2(src, rowLen * es, lenOut, cellBytes, padB, W * cellBytes, pRing + (lo % R) * slotBytes,
            pRing + ((lo + 1) % R) * slotBytes, pRing + (next % R) * slotBytes, pRing + ((next + 1) % R) * slotBytes,
            pDiv, override !== null ? 1 : dH[oh]!, pO, pO1, dlo, dhi, dvOf(oh), flo, fhi);
          next += 2;
          emit(a, oh);
          oh++;
          emit(a, oh, pOut2);
          continue;
        }
        if (fuse3 && hi - lo === 3 && next === hi - 1) {
          stage(inBase, next);
          k.hvsum3(rowPad, lenOut, cellBytes, pRing + (next % R) * slotBytes, pRing + (lo % R) * slotBytes,
            pRing + ((lo + 1) % R) * slotBytes, pDiv, override !== null ? 1 : dH[oh]!, pO, dlo, dhi, dvOf(oh));
          unstage();
          next++;
        } else if (fuseMax3 && hi - lo === 3 && next === hi - 1 && nanRow[lo % R] === 0 && nanRow[(lo + 1) % R] === 0) {
          stage(inBase, next);
          nanRow[next % R] = 0;
          const nan = k.hvmax3(rowPad, lenOut, cellBytes, pRing + (next % R) * slotBytes, pRing + (lo % R) * slotBytes,
            pRing + ((lo + 1) % R) * slotBytes, pO, clampFloor);
          unstage();
          // A NaN in the new row: redo it with the NaN-aware kernels (horizontal flags the row, vertical sees it).
          if (nan !== 0) {
            horizontal(inBase, next);
            vertical(oh);
          }
          next++;
        } else if (fuseRun && next === hi - 1 && hi === vHi + 1 && vLo < vHi && (lo === vLo || lo === vLo + 1)) {
          // The window slides by one row over running sums: the new row's running sums and the vertical update
          // in one pass (hvrun), kept only if every sum involved was exact (else redone exactly, V restarted).
          stage(inBase, next);
          const slot = pRing + (next % R) * slotBytes, sub = lo > vLo ? pRing + (vLo % R) * slotBytes : pZero;
          const dHo = override !== null ? 1 : dH[oh]!;
          const range = k.hvrun(rowPad, outW, cellBytes, kW, slot, pV, sub, pDiv, dHo, pO, dlo, dhi, dvOf(oh));
          rangeRow[next % R] = range;
          next++;
          if (sumsExact(range, kW + 1) && sumsExact(rangeOf(vLo, hi), (hi - vLo) * colsB.maxRows)) {
            unstage();
            vLo = lo;
            vHi = hi;
          } else {
            k.hsumk(rowPad, lenOut, cellBytes, kW, slot);
            unstage();
            vLo = vHi = 0;
            vertical(oh);
          }
        } else {
          for (; next < hi; next++) horizontal(inBase, next);
          vertical(oh);
        }
        emit(a, oh);
      }
    }
    return out;
  } finally {
    unstage();
  }
}
