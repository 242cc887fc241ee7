/**
 * 2x2 windows with stride 2, every window full (the classic pooling layer): one fused pass reads two input rows
 * and writes one output row, a chunk of rows (CHUNK_BYTES of input) per kernel call, with no intermediate rows.
 * A resident input is read where it lies, other inputs are copied in a chunk at a time; a resident output array
 * is written where it lies, other outputs are copied out a chunk at a time.
 *
 * Exact: max2x2 takes pmax(pmax(a, b), pmax(c, d)) with a, b the top row (ties keep the first cell in row-major
 * order) and NaN from any cell; avg2x2 adds the four cells from +0 in row-major order in float64 and divides by
 * the one divisor all windows share, multiplying instead only when the divisor is a power of two (exact).
 * Cells must be whole vectors (C % 4 == 0); float32 with C == 1 (matrices, channels-first planes) and at least
 * 4 output columns has its own kernels (max2x2c1/avg2x2c1: even/odd lane shuffles).
 */
import type { Bounds, PoolCtx } from './context';
import { CHUNK_BYTES, SLACK } from './memory';
import type { Strategy } from './strategy';

/** Whether every window of the axis is [2o, 2o + 2): 2 wide, stride 2, all inside the input. */
function isPairs(b: Bounds): boolean {
  for (let o = 0; o < b.lo.length; o++) if (b.lo[o] !== 2 * o || b.hi[o] !== 2 * o + 2) return false;
  return true;
}

/** The divisor every window shares (1 for max), or null when the windows' divisors differ. */
function sharedDivisor(ctx: PoolCtx): number | null {
  if (ctx.max) return 1;
  if (ctx.divisorOverride !== null) return ctx.divisorOverride;
  const dH = ctx.c.spans[1].divisor, dW = ctx.c.spans[2].divisor;
  if (!dH.every((d) => d === dH[0]) || !dW.every((d) => d === dW[0])) return null;
  return 1 * dH[0]! * dW[0]!;
}

/** Only a power-of-two divisor is turned into a multiplication (exact). */
function isPowerOfTwo(div: number): boolean {
  return div > 0 && Math.log2(div) === Math.round(Math.log2(div)) && Math.abs(Math.log2(div)) < 64;
}

export const fused2x2: Strategy = {
  applies(ctx) {
    const cellsFit = ctx.vec || (ctx.C === 1 && ctx.es === 4 && ctx.outW >= 4);
    return cellsFit && isPairs(ctx.rowsB) && isPairs(ctx.colsB) && sharedDivisor(ctx) !== null;
  },

  run(ctx) {
    const { k, es, max, data, out, outer, H, W, C, outH, outW, arena, direct } = ctx;
    const inPlace = ctx.resident !== null;
    const rowLen = W * C, outRowLen = outW * C, rowB = rowLen * es, cellBytes = C * es;
    const c1 = C === 1 && es === 4;
    const m = Math.max(1, Math.min(outH, Math.floor(CHUNK_BYTES / (2 * rowB))));
    const pIn = inPlace ? 0 : arena.take(2 * m * rowB), pOut = arena.take(m * outRowLen * es + SLACK);
    const { fv } = arena.commit(es);
    const from = ctx.clampFrom, to = ctx.clampTo, div = sharedDivisor(ctx)!;
    const pow2 = isPowerOfTwo(div), scale = pow2 ? 1 / div : 1, useScale = pow2 ? 1 : 0;
    for (let a = 0; a < outer; a++) {
      const inBase = a * H * rowLen, outBase = a * outH * outRowLen;
      for (let oh = 0; oh < outH; oh += m) {
        const n = Math.min(m, outH - oh);
        const rows = data.subarray(inBase + 2 * oh * rowLen, inBase + 2 * (oh + n) * rowLen);
        let src = pIn;
        if (inPlace) src = rows.byteOffset;
        else fv.set(rows, pIn / es);
        const dst = direct ? out.byteOffset + (outBase + oh * outRowLen) * es : pOut;
        if (c1 && max) k.max2x2c1(src, n, rowB, outW, dst, from, to);
        else if (c1) k.avg2x2c1(src, n, rowB, outW, dst, div, scale, useScale);
        else if (max) k.max2x2(src, n, rowB, outW, cellBytes, dst, from, to);
        else k.avg2x2(src, n, rowB, outW, cellBytes, dst, div, scale, useScale);
        if (!direct) out.set(fv.subarray(pOut / es, pOut / es + n * outRowLen), outBase + oh * outRowLen);
      }
    }
  },
};
