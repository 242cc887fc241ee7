/**
 * Float32 averages with 3 cells along W (a padded row) and 3-row windows, in the general loop: an output row that
 * needs one new input row runs its horizontal and vertical passes in one kernel (hvsum3); two such output rows in
 * a row (the next window is this one slid by a row, with the same H divisor) run in one call (hvsum3x2), which
 * reads and writes the ring rows once for both and reads its two input rows unstaged: in place for a resident
 * input, else copied side by side with their padding; lanes outside a row's cells read +0 (masked edges).
 *
 * Exact: the same additions in the same order as hsum3 then vsum3 (float64 from +0, cells left to right, rows
 * top to bottom), the same division and rounding.
 */
import type { PoolCtx } from './context';
import { type Arena, SLACK, align } from './memory';
import type { RowGeometry, RowPasses } from './rowPasses';

export class Sum3 {
  /** A second output row (when the output is not written in place), and two staged input rows side by side. */
  private readonly pOut2: number;
  private readonly pPair: number;
  /** hvsum3x2's fast loop runs the output bytes [flo, fhi): whole vectors of one divisor, all 3 cells in the row. */
  private readonly flo: number;
  private readonly fhi: number;

  static applies(ctx: PoolCtx): boolean {
    return !ctx.max && ctx.es === 4 && ctx.slideW !== null && ctx.kW === 3;
  }

  static take(ctx: PoolCtx, arena: Arena, g: RowGeometry): { pOut2: number; pPair: number } {
    const pairBytes = g.inPlace ? 0 : g.padB + 2 * ctx.W * ctx.cellBytes + g.padA + SLACK;
    return { pOut2: arena.take(g.lenOut + SLACK), pPair: arena.take(pairBytes + SLACK) };
  }

  constructor(private readonly rows: RowPasses, regions: { pOut2: number; pPair: number }) {
    this.pOut2 = regions.pOut2;
    this.pPair = regions.pPair;
    const padB = rows.g.padB, W = rows.ctx.W;
    // None at byte 0, none past the row's last full window (see the kernel).
    this.flo = Math.max(16, align(Math.max(rows.dlo, padB)));
    this.fhi = Math.max(this.flo, Math.min(rows.dhi, Math.floor((padB + (W - 2) * rows.ctx.cellBytes) / 16) * 16));
  }

  /** Whether output row oh (window rows [lo, hi)) needs just input row `next`, the last of its 3 rows. */
  fuses(lo: number, hi: number, next: number): boolean {
    return hi - lo === 3 && next === hi - 1;
  }

  /** Whether output rows oh and oh + 1 can run as one pair (fuses, and the next window is this one slid by one). */
  pairs(oh: number, lo: number, hi: number, next: number): boolean {
    const { rowsB, outH } = this.rows.ctx, dH = this.rows.ctx.c.spans[1].divisor;
    return this.fuses(lo, hi, next) && oh + 1 < outH && rowsB.lo[oh + 1] === lo + 1 && rowsB.hi[oh + 1] === hi + 1 &&
      dH[oh] === dH[oh + 1];
  }

  /** Output row oh from input row `next` (hvsum3) and the ring rows lo, lo + 1. */
  run(inBase: number, oh: number, lo: number, next: number): void {
    const rows = this.rows, s = rows.staging, { k, cellBytes } = rows.ctx;
    s.stage(inBase, next);
    k.hvsum3(s.rowPad, rows.g.lenOut, cellBytes, rows.slot(next), rows.slot(lo), rows.slot(lo + 1), rows.pDiv,
      rows.dH(oh), rows.outRows.pO, rows.dlo, rows.dhi, rows.dv(oh));
    s.unstage();
  }

  /** Output rows oh and oh + 1 of image a from input rows next and next + 1 (hvsum3x2); emits both. */
  runPair(a: number, inBase: number, oh: number, lo: number, next: number): void {
    const rows = this.rows, ctx = rows.ctx, { k, es, cellBytes, W, C, data } = ctx, g = rows.g, out = rows.outRows;
    const rowLen = W * C;
    let src = this.pPair;
    if (g.inPlace) src = data.byteOffset + (inBase + next * rowLen) * es - g.padB;
    else rows.mem.fv.set(data.subarray(inBase + next * rowLen, inBase + (next + 2) * rowLen), (this.pPair + g.padB) / es);
    const pO1 = ctx.direct ? out.pO + ctx.outW * C * es : this.pOut2;
    k.hvsum3x2(src, rowLen * es, g.lenOut, cellBytes, g.padB, W * cellBytes, rows.slot(lo), rows.slot(lo + 1),
      rows.slot(next), rows.slot(next + 1), rows.pDiv, rows.dH(oh), out.pO, pO1, rows.dlo, rows.dhi, rows.dv(oh),
      this.flo, this.fhi);
    out.emit(a, oh);
    out.emit(a, oh + 1, this.pOut2);
  }
}
