/**
 * The general loop, for every call the other strategies leave: for each output row, the horizontal pass of the
 * input rows its window needs that are not in the ring yet, then the vertical pass over its window's ring rows
 * (rowPasses.ts, which picks the kernels). Where an output row needs exactly one new input row, both passes may
 * run fused: 3x3 averages (sum3.ts), centred 3x3 float32 max (max3.ts), and windows sliding by one row over
 * running sums (runningSums.ts). Any window shape works here: clipped, strided, adaptive, global.
 */
import { Max3 } from './max3';
import { RowPasses, rowGeometry } from './rowPasses';
import { runsAlongH } from './runningSums';
import type { Strategy } from './strategy';
import { Sum3 } from './sum3';

export const generalRows: Strategy = {
  applies: () => true,

  run(ctx) {
    // The ring holds a window's rows, and the row that leaves it for running sums.
    const g = rowGeometry(ctx, ctx.rowsB.maxRows + (runsAlongH(ctx) ? 1 : 0));
    const regions = RowPasses.take(ctx, g);
    const sum3Regions = Sum3.applies(ctx) ? Sum3.take(ctx, ctx.arena, g) : null;
    const rows = new RowPasses(ctx, g, regions);
    const loop = new GeneralLoop(rows, sum3Regions === null ? null : new Sum3(rows, sum3Regions),
      Max3.applies(ctx) ? new Max3(rows) : null);
    rows.run(() => {
      for (let a = 0; a < ctx.outer; a++) loop.image(a);
    });
  },
};

class GeneralLoop {
  /** The next input row of the current image to run the horizontal pass on. */
  private next = 0;

  constructor(private readonly rows: RowPasses, private readonly sum3: Sum3 | null, private readonly max3: Max3 | null) {}

  image(a: number): void {
    const { H, W, C, outH } = this.rows.ctx, inBase = a * H * W * C;
    this.next = 0;
    this.rows.runs?.reset(); // the ring now fills with this image's rows
    for (let oh = 0; oh < outH;) oh += this.outputRow(a, inBase, oh);
  }

  /** Output row oh of image a (and the next, when a fused pair runs): returns how many output rows it wrote. */
  private outputRow(a: number, inBase: number, oh: number): number {
    const rows = this.rows, lo = rows.ctx.rowsB.lo[oh]!, hi = rows.ctx.rowsB.hi[oh]!;
    if (this.next < lo) this.next = lo;
    rows.outRows.at(a, oh);
    if (this.sum3 !== null && this.sum3.pairs(oh, lo, hi, this.next)) {
      this.sum3.runPair(a, inBase, oh, lo, this.next);
      this.next += 2;
      return 2;
    }
    if (this.fused(inBase, oh, lo, hi)) this.next++;
    else {
      for (; this.next < hi; this.next++) rows.horizontal(inBase, this.next);
      rows.vertical(oh);
    }
    rows.outRows.emit(a, oh);
    return 1;
  }

  /** Runs output row oh by a fused step that takes input row `next` too, if one fits; whether one ran. */
  private fused(inBase: number, oh: number, lo: number, hi: number): boolean {
    const { sum3, max3, next } = this, runs = this.rows.runs;
    if (sum3 !== null && sum3.fuses(lo, hi, next)) sum3.run(inBase, oh, lo, next);
    else if (max3 !== null && max3.fuses(lo, hi, next)) max3.run(inBase, oh, lo, next);
    else if (runs !== null && runs.slides(lo, hi, next)) runs.slide(inBase, oh, lo, hi, next);
    else return false;
    return true;
  }
}
