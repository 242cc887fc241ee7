/**
 * Float32 pooling of one float per cell (C = 1) whose one window covers whole rows and all rows: global max and
 * average of matrices and of channels-first planes. The row maxima run four rows at a time (hmaxrows1, with a
 * NaN flag per row), the row sums eight rows at a time (hsumrows1), side by side in SIMD lanes, on chunks of
 * rows (read in place for a resident input, else copied in); the vertical pass then reduces the row results.
 *
 * Exact: each row is still reduced left to right (pmax keeping the first cell on ties; float64 sums from +0),
 * and the vertical pass adds or compares the rows top to bottom, so the cells meet in row-major order as in
 * the TypeScript path; rows flagged with a NaN send the vertical pass to its NaN-aware kernel.
 */
import { CHUNK_BYTES, SLACK } from './memory';
import { RowPasses, rowGeometry } from './rowPasses';
import type { Strategy } from './strategy';

export const wholeRows: Strategy = {
  applies(ctx) {
    const { slideW, rowsB } = ctx;
    return ctx.es === 4 && ctx.C === 1 && slideW !== null && slideW.before === 0 && ctx.kW === ctx.W &&
      ctx.outW === 1 && ctx.outH === 1 && rowsB.lo[0] === 0 && rowsB.hi[0] === ctx.H;
  },

  run(ctx) {
    const { arena, k, max, W, H, data } = ctx, resident = ctx.resident !== null;
    // A ring of H rows: slot r is input row r.
    const g = rowGeometry(ctx, H), common = RowPasses.take(ctx, g);
    const chunkRows = Math.max(8, Math.floor(CHUNK_BYTES / (W * 4 * 8)) * 8);
    const pChunk = resident ? 0 : arena.take(chunkRows * W * 4 + SLACK), pFlags = arena.take(chunkRows + SLACK);
    const rows = new RowPasses(ctx, g, common);
    const { fv, buf } = rows.mem, stride = rows.g.slotBytes;
    for (let a = 0; a < ctx.outer; a++) {
      const inBase = a * H * W;
      for (let r = 0; r < H; r += chunkRows) {
        const n = Math.min(chunkRows, H - r);
        const chunk = data.subarray(inBase + r * W, inBase + (r + n) * W);
        let src = pChunk;
        if (resident) src = chunk.byteOffset;
        else fv.set(chunk, pChunk / 4);
        if (max) {
          k.hmaxrows1(src, n, W * 4, W, rows.slot(r), stride, pFlags);
          rows.nanRow.set(new Uint8Array(buf, pFlags, n), r);
        } else k.hsumrows1(src, n, W * 4, W, rows.slot(r), stride);
      }
      rows.outRows.at(a, 0);
      rows.vertical(0);
      rows.outRows.emit(a, 0);
    }
  },
};
