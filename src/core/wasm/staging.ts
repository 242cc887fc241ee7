/**
 * Moving rows between the caller's arrays and the kernels' memory. Input rows are staged one at a time as
 * padded rows (`RowStaging`), output rows are written where the kernels can reach them and copied out unless
 * the output array lies in the kernels' memory (`OutputRows`).
 */
import type { PoolCtx } from './context';
import type { MemoryViews } from './memory';

/**
 * Makes one input row at a time readable by the row kernels at `rowIn` (its cells) and `rowPad` (the same
 * cells with `padB` bytes of padding before and `padA` after: -inf for max, +0 for sums, so every sliding
 * window is whole). By default the row is copied into a padded buffer whose padding is written once. A resident
 * input (`inPlace`) is read where it lies: the neighbouring cells (the next rows' cells, or the memory's margin
 * at the ends) are saved, set to the padding value, and put back by `unstage()`, which must follow every
 * `stage()` (the driver also calls it in a `finally`, so an exception never leaves a resident input altered).
 */
export class RowStaging {
  rowIn: number;
  rowPad: number;
  private stagedAt = -1;
  private readonly saveB: Uint8Array;
  private readonly saveA: Uint8Array;
  private readonly padValue: number;
  private readonly rowBytes: number;

  constructor(
    private readonly ctx: PoolCtx, private readonly mem: MemoryViews, private readonly pPad: number,
    private readonly padB: number, private readonly padA: number, private readonly inPlace: boolean,
  ) {
    const es = ctx.es;
    this.rowBytes = ctx.W * ctx.cellBytes;
    this.rowIn = pPad + padB;
    this.rowPad = pPad;
    this.saveB = new Uint8Array(padB);
    this.saveA = new Uint8Array(padA);
    this.padValue = ctx.max ? -Infinity : 0;
    const pIn = pPad + padB, end = pIn + this.rowBytes;
    mem.fv.fill(this.padValue, pPad / es, pIn / es);
    mem.fv.fill(this.padValue, end / es, (end + padA) / es);
  }

  /** Input row r of the image whose first element is data[inBase] (call unstage() after). */
  stage(inBase: number, r: number): void {
    const { data, es } = this.ctx, rowLen = this.ctx.W * this.ctx.C;
    if (!this.inPlace) {
      this.mem.fv.set(data.subarray(inBase + r * rowLen, inBase + (r + 1) * rowLen), (this.pPad + this.padB) / es);
      return;
    }
    const { u8, fv } = this.mem, padB = this.padB, padA = this.padA;
    const at = data.byteOffset + (inBase + r * rowLen) * es, end = at + this.rowBytes;
    this.saveB.set(u8.subarray(at - padB, at));
    this.saveA.set(u8.subarray(end, end + padA));
    fv.fill(this.padValue, (at - padB) / es, at / es);
    fv.fill(this.padValue, end / es, (end + padA) / es);
    this.stagedAt = at;
    this.rowIn = at;
    this.rowPad = at - padB;
  }

  /** Puts back the neighbouring cells that stage() replaced by padding (nothing to do for a copied row). */
  unstage(): void {
    if (this.stagedAt < 0) return;
    this.mem.u8.set(this.saveB, this.stagedAt - this.padB);
    this.mem.u8.set(this.saveA, this.stagedAt + this.rowBytes);
    this.stagedAt = -1;
  }
}

/**
 * Where the kernels write output rows: a resident output array where it lies (`ctx.direct`), else a row buffer
 * at `pOut` from which `emit` copies the row into the output.
 */
export class OutputRows {
  /** Where the kernels write the current output row (set by `at`). */
  pO: number;
  private readonly outRowLen: number;

  constructor(private readonly ctx: PoolCtx, private readonly mem: MemoryViews, readonly pOut: number) {
    this.pO = pOut;
    this.outRowLen = ctx.outW * ctx.C;
  }

  /** Output row oh of image a comes next. */
  at(a: number, oh: number): void {
    if (this.ctx.direct) this.pO = this.ctx.out.byteOffset + (a * this.ctx.outH + oh) * this.outRowLen * this.ctx.es;
  }

  /** Output row oh of image a is done: copies it from `from` (default the row buffer) unless written in place. */
  emit(a: number, oh: number, from = this.pOut): void {
    if (this.ctx.direct) return;
    const es = this.ctx.es;
    this.ctx.out.set(this.mem.fv.subarray(from / es, from / es + this.outRowLen), (a * this.ctx.outH + oh) * this.outRowLen);
  }
}
