/**
 * Running sums for float32 averages over stride-1 windows of RUNNING_SUM_FROM+ rows: the float64 window sums V
 * move by the row entering and the row leaving (vrun) instead of adding up every row of the window again. That
 * equals the TypeScript path's left-to-right sum only while every sum over the rows involved is exact in
 * float64, which each row's exponent range (exprange, kept per ring slot) tells: where it holds V moves, where it
 * does not the window is summed directly (vsumv, which restarts V when the new window's sums are exact). When
 * the window slides by one row, the new row's horizontal running sums and the update of V run in one pass
 * (hvrun), kept only if every sum involved was exact. Along W, hsumrunr follows the same rule (rowPasses.ts).
 */
import type { PoolCtx } from './context';
import { type Arena, SLACK } from './memory';
import type { RowPasses } from './rowPasses';

/** Window length from which the sum passes use running sums (on rows where they are exact). */
const RUNNING_SUM_FROM = 4;

/** Float32 averages over stride-1 windows of RUNNING_SUM_FROM+ rows, more than one output row: V moves. */
export function runsAlongH(ctx: PoolCtx): boolean {
  return !ctx.max && ctx.es === 4 && ctx.slideH !== null && ctx.kH >= RUNNING_SUM_FROM && ctx.outH > 1;
}

/** Float32 averages over stride-1 windows of RUNNING_SUM_FROM+ cells (16-byte cells): hsumrunr along W. */
export function runsAlongW(ctx: PoolCtx): boolean {
  return !ctx.max && ctx.es === 4 && ctx.vec && ctx.slideW !== null && ctx.kW >= RUNNING_SUM_FROM && ctx.outW > 1;
}

/**
 * Whether every sum of up to `n` cells of a row whose exponent fields span `range` (exprange) is exact in
 * float64: cells are multiples of 2^(minE - 150) below 2^(maxE - 126), so n of them stay below 2^53 units when
 * maxE - minE + log2(n) <= 29. No infinity or NaN (exponent field 255).
 */
export function sumsExact(range: number, n: number): boolean {
  const maxE = range >> 8, minE = range & 255;
  return maxE < 255 && maxE - minE + Math.ceil(Math.log2(n)) <= 29;
}

export class RunningSums {
  /** The input rows [vLo, vHi) whose sums V holds (vLo === vHi: none, V must restart). */
  private vLo = 0;
  private vHi = 0;
  private readonly pV: number;
  /** A row of float64 +0: what enters or leaves when no row does. */
  private readonly pZero: number;

  /** The regions: V and the zero row, float64 over an output row. */
  static take(arena: Arena, lenOut: number): { pV: number; pZero: number } {
    return { pV: arena.take(2 * lenOut + SLACK), pZero: arena.take(2 * lenOut + SLACK) };
  }

  constructor(private readonly rows: RowPasses, regions: { pV: number; pZero: number }) {
    this.pV = regions.pV;
    this.pZero = regions.pZero;
    rows.mem.f64.fill(0, this.pZero >> 3, (this.pZero >> 3) + rows.g.lenOut / 4);
  }

  /** A new image: V holds nothing. */
  reset(): void {
    this.vLo = this.vHi = 0;
  }

  /** The exponent range (exprange) of input rows [a, b), from their ring slots. */
  private rangeOf(a: number, b: number): number {
    const R = this.rows.g.ring;
    let mx = 0, mn = 255;
    for (let r = a; r < b; r++) {
      const g = this.rows.rangeRow[r % R]!;
      mx = Math.max(mx, g >> 8);
      mn = Math.min(mn, g & 255);
    }
    return (mx << 8) | mn;
  }

  /** Whether the sums over input rows [a, b) (each of up to colsB.maxRows cells) are all exact. */
  private exact(a: number, b: number): boolean {
    return sumsExact(this.rangeOf(a, b), (b - a) * this.rows.ctx.colsB.maxRows);
  }

  /**
   * The vertical pass of output row oh (window rows [lo, hi), whose ring slots `RowPasses.vertical` has listed at
   * pRows): from V when at most one row enters and one leaves and every sum is exact, else directly.
   */
  vertical(oh: number, lo: number, hi: number): void {
    const { vLo, vHi } = this, rows = this.rows, k = rows.ctx.k, g = rows.g, pO = rows.outRows.pO;
    if (vLo < vHi && vLo <= lo && lo <= vLo + 1 && vHi <= hi && hi <= vHi + 1 && this.exact(vLo, hi)) {
      const add = hi > vHi ? rows.slot(vHi) : this.pZero, sub = lo > vLo ? rows.slot(vLo) : this.pZero;
      k.vrun(this.pV, add, sub, g.lenOut, rows.pDiv, rows.dH(oh), pO, rows.dlo, rows.dhi, rows.dv(oh));
      this.vLo = lo;
      this.vHi = hi;
      return;
    }
    k.vsumv(rows.pRows, hi - lo, g.lenOut, rows.pDiv, rows.dH(oh), pO, rows.dlo, rows.dhi, rows.dv(oh), this.pV);
    const exact = this.exact(lo, hi);
    this.vLo = exact ? lo : 0;
    this.vHi = exact ? hi : 0;
  }

  /**
   * Whether output row oh's window [lo, hi) is V's window slid by one row with input row `next` entering, as
   * `slide` needs (running sums along W too: g.runW).
   */
  slides(lo: number, hi: number, next: number): boolean {
    const { vLo, vHi } = this;
    return this.rows.g.runW && next === hi - 1 && hi === vHi + 1 && vLo < vHi && (lo === vLo || lo === vLo + 1);
  }

  /**
   * Output row oh from V and input row `next` of the image at data[inBase] (see `slides`): the row's running
   * sums and the update of V in one pass (hvrun), kept if every sum involved was exact, else the row is summed
   * again left to right and the output row computed directly (V restarts).
   */
  slide(inBase: number, oh: number, lo: number, hi: number, next: number): void {
    const rows = this.rows, { k, cellBytes, kW, outW } = rows.ctx, g = rows.g, s = rows.staging;
    s.stage(inBase, next);
    const slot = rows.slot(next), sub = lo > this.vLo ? rows.slot(this.vLo) : this.pZero;
    const range = k.hvrun(s.rowPad, outW, cellBytes, kW, slot, this.pV, sub, rows.pDiv, rows.dH(oh), rows.outRows.pO,
      rows.dlo, rows.dhi, rows.dv(oh));
    rows.rangeRow[next % g.ring] = range;
    if (sumsExact(range, kW + 1) && this.exact(this.vLo, hi)) {
      s.unstage();
      this.vLo = lo;
      this.vHi = hi;
      return;
    }
    k.hsumk(s.rowPad, g.lenOut, cellBytes, kW, slot);
    s.unstage();
    this.reset();
    rows.vertical(oh);
  }
}
