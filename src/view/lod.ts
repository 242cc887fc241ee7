/**
 * What crosses to the webview when a tensor is too big to send whole: a level-of-detail picture of the shown plane
 * (built by the core's own pooling, with the view's own reduction so the extremes of a max view stay visible),
 * and full-resolution tiles of the regions the user zooms into. Pure: the host builds them, unit tests check them.
 */
import { castForFramework, finiteRange, pool, type Tensor, type TypedArray } from '../core';
import type { LodPlane, PlaneSel, Tile } from '../protocol/messages';
import { toWire } from '../protocol/wire';
import { batchCount, channelCount, planeSlice, spatialSizes, type Layout } from './planes';

/**
 * Tensors with more elements than this (512 x 512) stay with the host; the webview gets `LodPlane`s and `Tile`s. A
 * 512 x 512 float32 plane is 1 MB, about what the overview of a bigger one costs; above it, sending the whole tensor
 * costs the first paint more than the overview and the tiles of a zoom (VS Code Server moves about 10 MB/s to the
 * webview here).
 */
export const REMOTE_ELEMENTS = 1 << 18;
/** The overview has at most this many cells per side: about a panel's width in device pixels. */
export const LOD_SIDE = 512;

/** Overview codes 0..LOD_STEPS spread a plane's finite range evenly; the three codes above them are special values. */
export const LOD_STEPS = 65532;
const CODE_NEG_INF = 65533, CODE_POS_INF = 65534, CODE_NAN = 65535;

/** Overview values as uint16 codes over `range` (see `LodPlane.codes`): a value's code is its nearest step. */
export function encodeLod(values: ArrayLike<number>, range: readonly [number, number]): Uint16Array {
  const [lo, hi] = range;
  const scale = hi > lo ? LOD_STEPS / (hi - lo) : 0;
  const codes = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v && v !== Infinity && v !== -Infinity) {
      const q = Math.round((v - lo) * scale);
      codes[i] = q < 0 ? 0 : q > LOD_STEPS ? LOD_STEPS : q;
    } else {
      codes[i] = v !== v ? CODE_NAN : v > 0 ? CODE_POS_INF : CODE_NEG_INF;
    }
  }
  return codes;
}

/** The values an overview's codes stand for: within half a step ((max - min) / 131064) of what was encoded. */
export function decodeLod(codes: ArrayBuffer, range: readonly [number, number]): Float64Array {
  const [lo, hi] = range;
  const step = (hi - lo) / LOD_STEPS;
  const c = new Uint16Array(codes);
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const q = c[i]!;
    out[i] = q <= LOD_STEPS ? (q === LOD_STEPS ? hi : lo + q * step) : q === CODE_NAN ? NaN : q === CODE_POS_INF ? Infinity : -Infinity;
  }
  return out;
}

/** `sel` clamped to the layout (a selection made on the input may not exist in an output). */
export function clampSel(l: Layout, sel: PlaneSel): PlaneSel {
  const depth = l.spatialRank === 3 ? (spatialSizes(l)[0] ?? 1) : 1;
  return {
    batch: Math.max(0, Math.min(sel.batch, batchCount(l) - 1)),
    channel: Math.max(0, Math.min(sel.channel, channelCount(l) - 1)),
    depth: Math.max(0, Math.min(sel.depth, depth - 1)),
  };
}

function newLike(data: TypedArray, n: number): TypedArray {
  return new (data.constructor as new (n: number) => TypedArray)(n);
}

/** Plane cells [r0, r0 + rows) x [c0, c0 + cols) of `sel` (clipped to the plane), in the tensor's own dtype. */
export function planeTile(t: Tensor, l: Layout, sel: PlaneSel, r0: number, c0: number, rows: number, cols: number): Tile {
  const s = planeSlice(l, sel);
  const rr = Math.max(0, Math.min(rows, s.rows - r0));
  const cc = Math.max(0, Math.min(cols, s.cols - c0));
  const out = newLike(t.data, rr * cc);
  const src = t.data as unknown as { [i: number]: number | bigint };
  const dst = out as unknown as { [i: number]: number | bigint };
  for (let r = 0, k = 0; r < rr; r++) {
    const rowBase = s.base + (r0 + r) * s.rowStride + c0 * s.colStride;
    for (let c = 0; c < cc; c++, k++) dst[k] = src[rowBase + c * s.colStride]!;
  }
  return { sel, r0, c0, rows: rr, cols: cc, values: toWire({ dtype: t.dtype, shape: [rr, cc], data: out }) };
}

/**
 * The plane of `sel`, reduced by blocks of `factor` x `factor` cells (factor = ceil(longest side / maxSide)) with
 * the core's pooling (`max` or `mean`, 'same' padding, NaN propagating so NaNs stay visible), and the plane's
 * finite range. A contiguous plane is pooled in place; a strided one (channels last, C > 1) is copied first.
 */
export function lodPlane(t: Tensor, l: Layout, sel: PlaneSel, reduction: 'max' | 'mean', maxSide = LOD_SIDE): LodPlane {
  const s = planeSlice(l, sel);
  const factor = Math.max(1, Math.ceil(Math.max(s.rows, s.cols) / maxSide));
  const n = s.rows * s.cols;
  let plane: TypedArray;
  let dtype: Tensor['dtype'] = t.dtype === 'bool' ? 'uint8' : t.dtype;
  if (s.colStride === 1 && s.rowStride === s.cols && !(t.data instanceof BigInt64Array || t.data instanceof BigUint64Array)) {
    plane = t.data.subarray(s.base, s.base + n) as TypedArray;
  } else {
    const f = new Float64Array(n);
    const src = t.data as unknown as { [i: number]: number | bigint };
    for (let r = 0, k = 0; r < s.rows; r++) {
      const rowBase = s.base + r * s.rowStride;
      for (let c = 0; c < s.cols; c++, k++) f[k] = Number(src[rowBase + c * s.colStride]!);
    }
    plane = f;
    dtype = 'float64';
  }
  const range: [number, number] = finiteRange(plane) ?? [0, 1];
  let values: ArrayLike<number>;
  let lodRows = s.rows, lodCols = s.cols;
  if (factor === 1 || n === 0) {
    values = plane as ArrayLike<number>;
  } else {
    // An overview is for colour, not a framework's answer: a dtype Keras refuses for the op (integer averages,
    // uint32/bool maxima) is reduced as float32.
    const shape = [s.rows, s.cols];
    const spec = castForFramework(shape, { op: reduction === 'max' ? 'max' : 'avg', poolSize: factor, padding: 'same', nan: 'propagate', spatialRank: 2 }, dtype).spec;
    const r = pool({ dtype, shape, data: plane } as Tensor, spec);
    lodRows = r.output.shape[1] ?? 0;
    lodCols = r.output.shape[2] ?? 0;
    values = r.output.data as ArrayLike<number>;
  }
  return { sel, rows: s.rows, cols: s.cols, factor, lodRows, lodCols, reduction, codes: encodeLod(values, range).buffer as ArrayBuffer, range };
}
