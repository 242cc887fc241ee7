/**
 * Float32 max over stride-1 windows of 4..7 cells along W and 4..7 rows along H, cells of 64-byte multiples
 * (C % 16 == 0): both passes in one forward pass per padded row (hvmax7), reading the row in place for a
 * resident input. In padded row coordinates e = r + before (rows outside the input are rows of -inf), each
 * padded row e gives its horizontal result (into its ring slot) from 3-cell maxima, M[e - 2] (the max of rows
 * e - 2..e) into M row (e - 2) % (kH - 3), and output row o = e - kH + 1 from M[o], a middle row and M[e - 2].
 * Rows before any output write to trash.
 *
 * Exact: a window is max(m3[c], x[c + 3], m3[c + k - 3]) with m3 the 3-cell maxima; pmax over overlapping
 * operands taken left to right (and top to bottom) keeps the first cell on ties, as the TypeScript path does.
 * The Keras clamp is one pmax against its lowest finite value, which float32 data cannot undercut. NaN is not
 * tracked: hvmax7 reports a NaN in the row, which is then redone by the NaN-aware horizontal pass, and output
 * rows whose window holds such a row run the NaN-aware vertical pass instead.
 */
import { SLACK } from './memory';
import { RowPasses, rowGeometry } from './rowPasses';
import type { Strategy } from './strategy';

const fits = (k: number): boolean => k >= 4 && k <= 7;

export const hvmax7: Strategy = {
  applies(ctx) {
    return ctx.max && ctx.floorOk && ctx.cellBytes % 64 === 0 && ctx.slideW !== null && ctx.slideH !== null &&
      fits(ctx.kW) && fits(ctx.kH);
  },

  run(ctx) {
    const { arena, kH, kW, cellBytes } = ctx;
    const g = rowGeometry(ctx, Math.max(kH, ctx.rowsB.maxRows), true);
    const common = RowPasses.take(ctx, g);
    // A padded row of -inf (padding rows, and their slots), a trash slot, kH - 3 rows M and a trash row, and
    // the ring of kW - 3 cells of 3-cell maxima.
    const mB = g.lenOut + SLACK;
    const regions: Regions = {
      pNegPad: arena.take(g.ltB + SLACK), pTrash: arena.take(mB), pMrows: arena.take((kH - 2) * mB),
      pRingW: arena.take((kW - 3) * cellBytes + SLACK),
    };
    const rows = new RowPasses(ctx, g, common);
    rows.mem.fv.fill(-Infinity, regions.pNegPad / ctx.es, (regions.pNegPad + g.ltB) / ctx.es);
    const pass = new FusedPass(rows, regions);
    rows.run(() => {
      for (let a = 0; a < ctx.outer; a++) pass.image(a);
    });
  },
};

interface Regions { pNegPad: number; pTrash: number; pMrows: number; pRingW: number }

class FusedPass {
  private readonly before: number;

  constructor(private readonly rows: RowPasses, private readonly p: Regions) {
    this.before = rows.ctx.slideH!.before;
  }

  image(a: number): void {
    const { H, W, C, outH, kH } = this.rows.ctx, inBase = a * H * W * C;
    for (let e = 0; e < outH + kH - 1; e++) this.paddedRow(a, inBase, e);
  }

  /** The ring slot of padded row e, or the row of -inf. */
  private slotOf(e: number): number {
    const r = e - this.before;
    return r >= 0 && r < this.rows.ctx.H ? this.rows.slot(r) : this.p.pNegPad;
  }

  /** Padded row e of image a (input row e - before, or padding), and output row e - kH + 1 when there is one. */
  private paddedRow(a: number, inBase: number, e: number): void {
    const rows = this.rows, { k, H, kH, kW, cellBytes } = rows.ctx, out = rows.outRows, s = rows.staging;
    const { pNegPad, pMrows, pRingW } = this.p, mB = rows.g.lenOut + SLACK;
    const r = e - this.before, o = e - kH + 1, inside = r >= 0 && r < H;
    const sA = e >= 2 ? this.slotOf(e - 2) : pNegPad, sB = e >= 1 ? this.slotOf(e - 1) : pNegPad;
    const mrow = pMrows + (e >= 2 ? (e - 2) % (kH - 3) : kH - 3) * mB;
    const sMid = o >= 0 ? this.slotOf(kH >= 5 ? o + 3 : e - 1) : pNegPad;
    if (o >= 0) out.at(a, o);
    if (inside) s.stage(inBase, r);
    const nan = k.hvmax7(inside ? s.rowPad : pNegPad, rows.g.lenOut, cellBytes, kW - 3, pRingW,
      inside ? this.slotOf(e) : this.p.pTrash, sA, sB, mrow, sMid, o >= 0 ? out.pO : out.pOut, rows.ctx.clampFloor);
    if (inside) {
      s.unstage();
      rows.nanRow[r % rows.g.ring] = 0;
      if (nan !== 0) rows.horizontal(inBase, r); // redone NaN-aware; the row is flagged for the vertical pass
    }
    if (o < 0) return;
    if (rows.windowHasNan(o)) rows.vertical(o);
    out.emit(a, o);
  }
}
