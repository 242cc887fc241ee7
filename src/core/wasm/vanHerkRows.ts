/**
 * Max over stride-1 windows of VAN_HERK_FROM+ rows along H, where van Herk / Gil-Werman pays: the vertical pass
 * over whole rows (SIMD across outW x C contiguous floats), 3 row operations per row whatever kH. In padded row
 * coordinates e = r + before, rows come in blocks of kH: g is the running max from the block's start (one row,
 * advanced as each row arrives), h the running maxima from the block's end (kH rows, computed when the block's
 * last row arrives), and output row o = pmax(h[o], g[o + kH - 1]). Padding rows are a row of -inf. Each input
 * row's horizontal pass is the row passes' own.
 *
 * Exact: h[o] holds the window's earlier rows and g the later ones, and pmax(a, b) keeps a on ties, so ties keep
 * the first row as in the TypeScript path. pmax does not propagate NaN: an output row whose window holds a row
 * with a NaN is computed directly instead (the NaN-aware vertical pass), from the ring, which still holds its
 * window's rows.
 */
import { type PoolCtx, VAN_HERK_FROM, vanHerkPays } from './context';
import { SLACK } from './memory';
import { RowPasses, rowGeometry } from './rowPasses';
import type { Strategy } from './strategy';

export const vanHerkRows: Strategy = {
  applies(ctx) {
    return ctx.max && ctx.slideH !== null && ctx.kH >= VAN_HERK_FROM && vanHerkPays(ctx.kH, ctx.outH);
  },

  run(ctx) {
    const { arena, kH, H } = ctx;
    const g = rowGeometry(ctx, Math.max(kH, ctx.rowsB.maxRows));
    const common = RowPasses.take(ctx, g);
    // A row of -inf (padding rows), the row g, and the kH rows of h.
    const rowB = g.lenOut, step = rowB + SLACK;
    const pNeg = arena.take(step), pGrow = arena.take(step), pHrows = arena.take(kH * step);
    const rows = new RowPasses(ctx, g, common);
    rows.mem.fv.fill(-Infinity, pNeg / ctx.es, (pNeg + rowB) / ctx.es);
    const vh = new VerticalVanHerk(ctx, rows, pGrow, pHrows);
    const before = ctx.slideH!.before, Lt = ctx.outH + kH - 1;
    rows.run(() => {
      for (let a = 0; a < ctx.outer; a++) {
        const inBase = a * H * ctx.W * ctx.C;
        for (let e = 0; e < Lt; e++) {
          const r = e - before, o = e - kH + 1;
          const x = r >= 0 && r < H ? rows.horizontal(inBase, r) : pNeg;
          if (o >= 0) rows.outRows.at(a, o);
          const nan = o >= 0 && rows.windowHasNan(o);
          vh.add(e, x, o >= 0 && !nan ? o : -1);
          if (o < 0) continue;
          if (nan) rows.vertical(o);
          rows.outRows.emit(a, o);
        }
      }
    });
  },
};

/** The rows g and h of the vertical van Herk pass. */
class VerticalVanHerk {
  /** The rows (addresses) of the current block, and of h. */
  private readonly xp: Int32Array;
  private readonly hp: Int32Array;
  /** Where g is. */
  private gp = 0;

  constructor(private readonly ctx: PoolCtx, private readonly rows: RowPasses, private readonly pGrow: number,
    private readonly pHrows: number) {
    this.xp = new Int32Array(ctx.kH);
    this.hp = new Int32Array(ctx.kH);
  }

  /** Padded row e (its horizontal result at x) arrives; writes output row o (when o >= 0) from g and h. */
  add(e: number, x: number, o: number): void {
    const { k, kH, clampFrom, clampTo } = this.ctx, len = this.rows.g.lenOut, pO = this.rows.outRows.pO;
    const j = e % kH, hp = this.hp;
    this.xp[j] = x;
    if (j === kH - 1) this.blockEnds(x);
    if (j === 0) {
      this.gp = x;
      if (o >= 0) k.vmax2c(hp[o % kH]!, this.gp, len, pO, clampFrom, clampTo);
    } else if (o >= 0 && this.ctx.floorOk) {
      // Float32: advance g and write the output row in one pass.
      k.vmax2gc(this.gp, x, len, this.pGrow, hp[o % kH]!, pO, this.ctx.clampFloor);
      this.gp = this.pGrow;
    } else {
      k.vmax2(this.gp, x, len, this.pGrow);
      this.gp = this.pGrow;
      if (o >= 0) k.vmax2c(hp[o % kH]!, this.gp, len, pO, clampFrom, clampTo);
    }
  }

  /** The block's last row x arrived: h[j] = max of the block's rows j..kH-1. */
  private blockEnds(x: number): void {
    const { k, kH } = this.ctx, len = this.rows.g.lenOut, step = len + SLACK, hp = this.hp;
    hp[kH - 1] = x;
    for (let j = kH - 2; j >= 0; j--) {
      const dst = this.pHrows + j * step;
      k.vmax2(this.xp[j]!, hp[j + 1]!, len, dst);
      hp[j] = dst;
    }
  }
}
