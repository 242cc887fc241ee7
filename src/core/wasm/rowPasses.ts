/**
 * The row passes that every strategy but the fused 2x2 one builds on: a horizontal pass per input row (the
 * window along W) into a ring of row results, then a vertical pass per output row over the ring rows of its
 * window, a pure elementwise pass over outW x C contiguous floats (channels last makes the row contiguous). Each
 * input row is read from the caller's memory once.
 *
 * Both passes keep the TypeScript path's rules (see kernels.ts and pool.wat), so each kernel choice below is
 * exact:
 * - Max: rows are checked for NaN (hasnan, or in the same pass by hmaxvhf*); NaN-free rows (the usual case)
 *   take plain pmax kernels, rows with a NaN and windows over them the NaN-tracking ones (hmax, vmax), so NaN
 *   wins wherever it sits. Stride-1 windows along W read the padded row (-inf padding never wins: every window
 *   has an input cell): k - 1 pmax per cell (hmaxk, unrolled hmax3), or van Herk / Gil-Werman where it pays
 *   (hmaxvh; float32 with the NaN check folded in: hmaxvhf, unrolled hmaxvhf4, forward-first hmaxvhf4f for rows
 *   read in place), 3 ops per cell whatever k.
 * - Sum: float64 from +0, cells in ascending order, +0 padding leaves sums alone (hsum, hsumk, hsum3). Float32
 *   windows of RUNNING_SUM_FROM+ cells take running sums (hsumrunr), kept on rows where every sum is exact
 *   (runningSums.ts), other rows are redone left to right (hsumk). The vertical pass divides by the plan's
 *   divisors in float64 and rounds once; stride-1 float32 windows of RUNNING_SUM_FROM+ rows go through
 *   `RunningSums`.
 * - Cells that are not a multiple of 16 bytes (C % 4 != 0) use only the kernels that run along contiguous floats
 *   or write overlapping vectors whose last writer is the right one; their buffers get SLACK bytes.
 */
import { type PoolCtx, VAN_HERK_FROM, vanHerkPays } from './context';
import { type MemoryViews, SLACK, align } from './memory';
import { RESIDENT_MARGIN } from './resident';
import { RunningSums, runsAlongH, runsAlongW, sumsExact } from './runningSums';
import { OutputRows, RowStaging } from './staging';

/** Sizes of the row passes' buffers, and the choices they follow from (decided before any memory is taken). */
export interface RowGeometry {
  /** Ring slots (input rows whose horizontal results are kept) and bytes per slot. */
  ring: number;
  slotBytes: number;
  /** Padding bytes before and after a staged row (stride-1 windows along W; else 0). */
  padB: number;
  padA: number;
  /** Bytes of an output row and of an input row, whole vectors. */
  lenOut: number;
  lenIn: number;
  /** Bytes of a padded row's cells that windows cover: (outW + kW - 1) cells. */
  ltB: number;
  /** Max along W by van Herk (windows of VAN_HERK_FROM+ cells where it pays, 16-byte cells). */
  vh: boolean;
  /** Float32 sums along W by running sums (hsumrunr). */
  runW: boolean;
  /** Float32 sums along H by running sums (RunningSums). */
  runH: boolean;
  /** Input rows are read where they lie in a resident tensor's memory (see RowStaging). */
  inPlace: boolean;
}

/**
 * The geometry of the row passes for `ctx` with a ring of `ring` rows. `readInPlace`: the strategy's max kernels
 * read rows in place well (sums always do; max rows only by hmaxvhf4f, or when the strategy says so).
 * Measured on [1,512,512,64] 3x3 'same': in place is ~10 % faster for sums and ~10 % slower for max (whose
 * fused kernel reads its three overlapping loads better from a copy in L2 than from main memory).
 */
export function rowGeometry(ctx: PoolCtx, ring: number, readInPlace = false): RowGeometry {
  const { max, es, vec, kW, slideW, outW, W, C, cellBytes } = ctx;
  const padB = slideW === null ? 0 : slideW.before * cellBytes, padA = slideW === null ? 0 : slideW.after * cellBytes;
  const vh = vec && max && slideW !== null && kW >= VAN_HERK_FROM && vanHerkPays(kW, outW);
  const vhInPlace = vh && es === 4 && cellBytes % 64 === 0;
  const marginsHold = padB <= RESIDENT_MARGIN && padA + SLACK <= RESIDENT_MARGIN;
  return {
    ring, slotBytes: align(outW * C * (max ? es : 8)) + SLACK, padB, padA, lenOut: align(outW * cellBytes),
    lenIn: align(W * cellBytes), ltB: (outW + kW - 1) * cellBytes, vh,
    runW: runsAlongW(ctx), runH: runsAlongH(ctx),
    inPlace: ctx.resident !== null && (!max || vhInPlace || readInPlace) && marginsHold,
  };
}

/** The average's divisors in the layout the vertical kernels read (see `RowPasses.dv`). */
interface Divisors { dlo: number; dhi: number; dInt: number }

/**
 * Writes each output cell's W divisor, repeated for its C channels (the override replaces the whole divisor), as
 * float64 at `pDiv`, and finds the interior: the W divisor is the same on all cells but the first and last few
 * (windows clipped by the edges), so the output bytes [dlo, dhi) (whole vectors) divide by one number and skip
 * that stream.
 */
function writeDivisors(ctx: PoolCtx, f64: Float64Array, pDiv: number): Divisors {
  const { outW, C, cellBytes } = ctx, override = ctx.divisorOverride, dW = ctx.c.spans[2].divisor;
  const divW = (ow: number): number => override ?? dW[ow]!;
  const divRow = new Float64Array(outW * C);
  for (let ow = 0; ow < outW; ow++) divRow.fill(divW(ow), ow * C, (ow + 1) * C);
  f64.set(divRow, pDiv >> 3);
  const mid = outW >> 1, dMid = divW(mid);
  let xlo = mid, xhi = mid + 1;
  while (xlo > 0 && divW(xlo - 1) === dMid) xlo--;
  while (xhi < outW && divW(xhi) === dMid) xhi++;
  const dlo = align(xlo * cellBytes);
  return { dlo, dhi: Math.max(dlo, Math.floor((xhi * cellBytes) / 16) * 16), dInt: dMid };
}

/** Where the row passes' buffers lie in the call's memory (byte offsets; see RowPasses.take). */
export interface RowRegions {
  pWlo: number; pWhi: number; pDiv: number; pRows: number; pPad: number; pOut: number; pRing: number;
  pG: number; pH: number; runs: { pV: number; pZero: number } | null;
}

export class RowPasses {
  readonly mem: MemoryViews;
  readonly staging: RowStaging;
  readonly outRows: OutputRows;
  /** Per ring slot (max): whether its input row holds a NaN. */
  readonly nanRow: Uint8Array;
  /** Per ring slot (running sums): the exponent range (exprange) of its input row. */
  readonly rangeRow: Int32Array;
  /** Vertical running sums (g.runH), else null. */
  readonly runs: RunningSums | null;
  /** The average's interior output bytes [dlo, dhi) (see writeDivisors). */
  readonly dlo: number = 0;
  readonly dhi: number = 0;
  private readonly dInt: number = 1;
  readonly pWlo: number;
  readonly pWhi: number;
  readonly pDiv: number;
  readonly pRows: number;
  readonly pRing: number;
  private readonly pG: number;
  private readonly pH: number;

  /**
   * Takes the passes' buffers from the call's arena. A strategy takes them first and its own after them, then
   * constructs the passes: the kernels were tuned with that layout, and it matters (the other order made
   * [1,512,512,64] 3x3 'same' averages 13 % slower, from buffers whose addresses meet modulo 4 KiB).
   */
  static take(ctx: PoolCtx, g: RowGeometry): RowRegions {
    const { arena, outW, W, cellBytes } = ctx, R = g.ring;
    return {
      pWlo: arena.take(outW * 4), pWhi: arena.take(outW * 4), pDiv: arena.take(2 * align(outW * cellBytes) + SLACK),
      pRows: arena.take(R * 4), pPad: arena.take(g.padB + W * cellBytes + g.padA + SLACK),
      pOut: arena.take(g.lenOut + SLACK), pRing: arena.take(R * g.slotBytes),
      pG: arena.take(g.vh ? g.ltB : 0), pH: arena.take(g.vh ? g.ltB : 0),
      runs: g.runH ? RunningSums.take(arena, g.lenOut) : null,
    };
  }

  /**
   * Makes the memory big enough for every region taken (the passes' `regions` and the strategy's), and fills
   * what the passes read: the window columns, the divisors, the padding.
   */
  constructor(readonly ctx: PoolCtx, readonly g: RowGeometry, regions: RowRegions) {
    ({ pWlo: this.pWlo, pWhi: this.pWhi, pDiv: this.pDiv, pRows: this.pRows, pRing: this.pRing, pG: this.pG, pH: this.pH } =
      regions);
    this.mem = ctx.arena.commit(ctx.es);
    this.mem.i32.set(ctx.colsB.lo, this.pWlo >> 2);
    this.mem.i32.set(ctx.colsB.hi, this.pWhi >> 2);
    if (!ctx.max) ({ dlo: this.dlo, dhi: this.dhi, dInt: this.dInt } = writeDivisors(ctx, this.mem.f64, this.pDiv));
    this.nanRow = new Uint8Array(g.ring);
    this.rangeRow = new Int32Array(g.ring);
    this.runs = regions.runs === null ? null : new RunningSums(this, regions.runs);
    this.staging = new RowStaging(ctx, this.mem, regions.pPad, g.padB, g.padA, g.inPlace);
    this.outRows = new OutputRows(ctx, this.mem, regions.pOut);
  }

  /**
   * Runs `body` (a strategy's loop over the passes), putting back a row staged in place even when it throws: a
   * row left staged would corrupt a resident input.
   */
  run(body: () => void): void {
    try {
      body();
    } finally {
      this.staging.unstage();
    }
  }

  /** The ring slot of input row r. */
  slot(r: number): number {
    return this.pRing + (r % this.g.ring) * this.g.slotBytes;
  }

  /** Output row oh's H divisor (1 under a divisor override, which the W divisors already hold). */
  dH(oh: number): number {
    return this.ctx.divisorOverride !== null ? 1 : this.ctx.c.spans[1].divisor[oh]!;
  }

  /** Output row oh's divisor on [dlo, dhi): the kernels' dH * divRow there, the same float64 product. */
  dv(oh: number): number {
    return this.dH(oh) * this.dInt;
  }

  /** The horizontal pass of input row r of the image at data[inBase] into its ring slot; returns the slot. */
  horizontal(inBase: number, r: number): number {
    this.staging.stage(inBase, r);
    const slot = this.slot(r);
    if (this.ctx.max) this.horizontalMax(r, slot);
    else this.horizontalSum(r, slot);
    this.staging.unstage();
    return slot;
  }

  private horizontalMax(r: number, slot: number): void {
    const { k, cellBytes, kW, outW } = this.ctx, g = this.g, s = this.staging, i = r % g.ring;
    // Float32 van Herk rows check for NaN in the same pass; a row with a NaN is redone below.
    if (g.vh && this.ctx.es === 4 && this.vanHerkF32(slot) === 0) {
      this.nanRow[i] = 0;
      return;
    }
    const nan = k.hasnan(s.rowIn, g.lenIn);
    this.nanRow[i] = nan;
    if (nan !== 0 || this.ctx.slideW === null) k.hmax(s.rowIn, cellBytes, outW, this.pWlo, this.pWhi, slot);
    else if (g.vh) k.hmaxvh(s.rowPad, g.ltB, cellBytes, kW * cellBytes, g.lenOut, this.pG, this.pH, slot);
    else if (kW === 3) k.hmax3(s.rowPad, g.lenOut, cellBytes, slot);
    else k.hmaxk(s.rowPad, g.lenOut, cellBytes, kW, slot);
  }

  /** Float32 van Herk with the NaN check folded in: 0 when the row has no NaN (its result is then in the slot). */
  private vanHerkF32(slot: number): number {
    const { k, cellBytes, kW } = this.ctx, g = this.g, src = this.staging.rowPad;
    if (g.inPlace) return k.hmaxvhf4f(src, g.ltB, cellBytes, kW * cellBytes, this.pG, this.pH, slot, g.lenOut);
    const f = cellBytes % 64 === 0 ? k.hmaxvhf4 : k.hmaxvhf;
    return f(src, g.ltB, cellBytes, kW * cellBytes, this.pG, this.pH, slot);
  }

  private horizontalSum(r: number, slot: number): void {
    const { k, cellBytes, kW, outW } = this.ctx, g = this.g, s = this.staging, i = r % g.ring;
    if (g.runW) {
      // Running sums read the row once and give its exponent range too; kept only when exact.
      const range = k.hsumrunr(s.rowPad, outW, cellBytes, kW, slot);
      this.rangeRow[i] = range;
      if (!sumsExact(range, kW + 1)) k.hsumk(s.rowPad, g.lenOut, cellBytes, kW, slot);
      return;
    }
    this.rangeRow[i] = g.runH ? k.exprange(s.rowIn, g.lenIn) : 0;
    if (this.ctx.slideW === null) k.hsum(s.rowIn, cellBytes, outW, this.pWlo, this.pWhi, slot);
    else if (kW === 3) k.hsum3(s.rowPad, g.lenOut, cellBytes, slot);
    else k.hsumk(s.rowPad, g.lenOut, cellBytes, kW, slot);
  }

  /**
   * The vertical pass of output row oh over the ring slots of its window rows (NaN-aware if one of them has a
   * NaN), into the current output row (outRows.pO).
   */
  vertical(oh: number): void {
    const { k, max } = this.ctx, lo = this.ctx.rowsB.lo[oh]!, hi = this.ctx.rowsB.hi[oh]!, n = hi - lo;
    const i32 = this.mem.i32, at = this.pRows >> 2, pO = this.outRows.pO, len = this.g.lenOut;
    let nan = 0;
    for (let r = lo; r < hi; r++) {
      i32[at + r - lo] = this.slot(r);
      nan |= this.nanRow[r % this.g.ring]!;
    }
    if (max) {
      const { clampFrom: from, clampTo: to } = this.ctx;
      if (nan === 0 && n === 3) k.vmax3f(i32[at]!, i32[at + 1]!, i32[at + 2]!, len, pO, from, to);
      else if (nan === 0) k.vmaxf(this.pRows, n, len, pO, from, to);
      else k.vmax(this.pRows, n, len, pO, from, to);
    } else if (this.runs !== null) this.runs.vertical(oh, lo, hi);
    else if (n === 3) k.vsum3(i32[at]!, i32[at + 1]!, i32[at + 2]!, len, this.pDiv, this.dH(oh), pO);
    else k.vsum(this.pRows, n, len, this.pDiv, this.dH(oh), pO);
  }

  /** Whether any input row of output row oh's window holds a NaN (as flagged by the horizontal passes). */
  windowHasNan(oh: number): boolean {
    let nan = 0;
    for (let r = this.ctx.rowsB.lo[oh]!; r < this.ctx.rowsB.hi[oh]!; r++) nan |= this.nanRow[r % this.g.ring]!;
    return nan !== 0;
  }
}
