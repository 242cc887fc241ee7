/**
 * Float32 max with 3 cells along W, centred (the output as wide as the input, so hvmax3's centre loads see every
 * cell for its NaN check), and 3-row windows over NaN-free rows, in the general loop: an output row that needs
 * one new input row runs both passes in one kernel (hvmax3), which also writes the new row's horizontal result to
 * its ring slot.
 *
 * Exact: the same pmax operands in the same order as hmax3 then vmax3f (ties keep the first cell), the Keras
 * clamp as one pmax against its lowest finite value, which float32 data cannot undercut. NaN is not tracked:
 * hvmax3 reports a NaN in the new row, which is then redone by the NaN-aware horizontal and vertical passes.
 */
import type { PoolCtx } from './context';
import type { RowPasses } from './rowPasses';

export class Max3 {
  static applies(ctx: PoolCtx): boolean {
    return ctx.max && ctx.floorOk && ctx.slideW !== null && ctx.kW === 3 && ctx.slideW.before === 1 && ctx.outW === ctx.W;
  }

  constructor(private readonly rows: RowPasses) {}

  /** Whether output row oh (window rows [lo, hi)) needs just input row `next` and its other two rows are NaN-free. */
  fuses(lo: number, hi: number, next: number): boolean {
    const nanRow = this.rows.nanRow, R = this.rows.g.ring;
    return hi - lo === 3 && next === hi - 1 && nanRow[lo % R] === 0 && nanRow[(lo + 1) % R] === 0;
  }

  /** Output row oh from input row `next` (hvmax3) and the ring rows lo, lo + 1. */
  run(inBase: number, oh: number, lo: number, next: number): void {
    const rows = this.rows, s = rows.staging, { k, cellBytes } = rows.ctx;
    s.stage(inBase, next);
    rows.nanRow[next % rows.g.ring] = 0;
    const nan = k.hvmax3(s.rowPad, rows.g.lenOut, cellBytes, rows.slot(next), rows.slot(lo), rows.slot(lo + 1),
      rows.outRows.pO, rows.ctx.clampFloor);
    s.unstage();
    if (nan === 0) return;
    rows.horizontal(inBase, next);
    rows.vertical(oh);
  }
}
