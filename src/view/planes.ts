/**
 * Which 2-D plane of a full-rank tensor a view shows, and the index arithmetic both ways. Pure (no DOM),
 * so the mapping used for linked highlighting is unit-tested. A layout is the core plan's full-rank shape:
 * (N, ...spatial, C) for channels-last or (N, C, ...spatial) for channels-first.
 */
import { axisWindow, planPool, type PoolPlan } from '../core/plan';
import { toSpatialRank, type SpatialRank } from '../core/spec';
import type { Tensor, TypedArray } from '../core/tensor';

export interface Layout {
  /** Full-rank shape: batch, spatial axes and channels in the plan's order. */
  shape: readonly number[];
  spatialRank: SpatialRank;
  channelsLast: boolean;
}

/** The plane shown: batch `batch`, channel `channel`, and for 3-D the depth index `depth`. */
export interface PlaneSelection {
  batch: number;
  channel: number;
  depth: number;
}

export interface PlaneIndex {
  rows: number;
  cols: number;
  /** Flat row-major index into the tensor's data of plane cell (r, c). */
  index(r: number, c: number): number;
  /** Spatial coordinates (one per spatial axis) of plane cell (r, c). */
  spatial(r: number, c: number): number[];
}

export function spatialSizes(l: Layout): number[] {
  return l.channelsLast ? l.shape.slice(1, 1 + l.spatialRank) : l.shape.slice(2, 2 + l.spatialRank);
}

export function channelCount(l: Layout): number {
  return (l.channelsLast ? l.shape[l.shape.length - 1] : l.shape[1]) ?? 1;
}

export function batchCount(l: Layout): number {
  return l.shape[0] ?? 1;
}

/** Flat index of (batch, channel, spatial coords) in the layout. */
export function flatIndex(l: Layout, batch: number, channel: number, spatial: readonly number[]): number {
  const sizes = spatialSizes(l);
  const C = channelCount(l);
  let flat = l.channelsLast ? batch : batch * C + channel;
  for (let a = 0; a < sizes.length; a++) flat = flat * (sizes[a] ?? 1) + (spatial[a] ?? 0);
  return l.channelsLast ? flat * C + channel : flat;
}

/** Inverse of `flatIndex`. */
export function unflatten(l: Layout, flat: number): { batch: number; channel: number; spatial: number[] } {
  const sizes = spatialSizes(l);
  const C = channelCount(l);
  let rest = flat;
  let channel = 0;
  if (l.channelsLast) {
    channel = rest % C;
    rest = Math.floor(rest / C);
  }
  const spatial = new Array<number>(sizes.length).fill(0);
  for (let a = sizes.length - 1; a >= 0; a--) {
    const n = sizes[a] ?? 1;
    spatial[a] = n === 0 ? 0 : rest % n;
    rest = n === 0 ? 0 : Math.floor(rest / n);
  }
  if (!l.channelsLast) {
    channel = rest % C;
    rest = Math.floor(rest / C);
  }
  return { batch: rest, channel, spatial };
}

/** The plane of `sel`: rows x cols = H x W (2-D, 3-D at depth `sel.depth`) or 1 x W (1-D). */
export function planeIndex(l: Layout, sel: PlaneSelection): PlaneIndex {
  const sizes = spatialSizes(l);
  const sr = l.spatialRank;
  const rows = sr === 1 ? 1 : (sizes[sr - 2] ?? 1);
  const cols = sizes[sr - 1] ?? 1;
  const spatial = (r: number, c: number): number[] =>
    sr === 1 ? [c] : sr === 2 ? [r, c] : [sel.depth, r, c];
  return { rows, cols, spatial, index: (r, c) => flatIndex(l, sel.batch, sel.channel, spatial(r, c)) };
}

/** A row-major plane of numbers: `values.length === rows * cols` (NaN allowed). What the pictures are drawn from. */
export interface Plane {
  rows: number;
  cols: number;
  values: Float64Array;
}

/** A plane as an affine slice of a tensor's flat data (see `planeSlice`). */
export interface PlaneSlice {
  rows: number;
  cols: number;
  base: number;
  rowStride: number;
  colStride: number;
}

/**
 * The plane of `sel` as an affine slice of the flat data: cell (r, c) is `data[base + r * rowStride + c * colStride]`
 * (the strides of an axis of length 1 are those of the row-major plane; they are never multiplied by more than 0).
 */
export function planeSlice(l: Layout, sel: PlaneSelection): PlaneSlice {
  const idx = planeIndex(l, sel);
  const base = idx.rows > 0 && idx.cols > 0 ? idx.index(0, 0) : 0;
  return {
    rows: idx.rows,
    cols: idx.cols,
    base,
    rowStride: idx.rows > 1 ? idx.index(1, 0) - base : idx.cols,
    colStride: idx.cols > 1 ? idx.index(0, 1) - base : 1,
  };
}

/**
 * The cells of `slice` copied out of `data`, row-major, as float64 (int64 values as the nearest double) for colour
 * and statistics. A zero-size plane (one side 0, the other up to 2^53) copies nothing and never loops over rows.
 */
export function planeValues(data: TypedArray, slice: PlaneSlice): Float64Array {
  const { rows, cols, base, rowStride, colStride } = slice;
  const values = new Float64Array(rows * cols);
  if (values.length === 0) return values;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, k++) values[k] = Number(data[base + r * rowStride + c * colStride] ?? 0);
    }
  } else if (colStride === 1) {
    for (let r = 0; r < rows; r++) {
      const start = base + r * rowStride;
      values.set(data.subarray(start, start + cols), r * cols);
    }
  } else {
    for (let r = 0, k = 0; r < rows; r++) {
      const rowBase = base + r * rowStride;
      for (let c = 0; c < cols; c++, k++) values[k] = data[rowBase + c * colStride] ?? NaN;
    }
  }
  return values;
}

/** Plane `sel` of a tensor laid out as `l`, as numbers (see `planeValues`). */
export function planeOf(t: Tensor, l: Layout, sel: PlaneSelection): Plane {
  const slice = planeSlice(l, sel);
  return { rows: slice.rows, cols: slice.cols, values: planeValues(t.data, slice) };
}

/** Plane cell of spatial coordinates, or undefined when they lie in another depth slice. */
export function cellOfSpatial(l: Layout, sel: PlaneSelection, spatial: readonly number[]): { r: number; c: number } | undefined {
  if (l.spatialRank === 1) return { r: 0, c: spatial[0] ?? 0 };
  if (l.spatialRank === 2) return { r: spatial[0] ?? 0, c: spatial[1] ?? 0 };
  if ((spatial[0] ?? 0) !== sel.depth) return undefined;
  return { r: spatial[1] ?? 0, c: spatial[2] ?? 0 };
}

export function inputLayout(plan: PoolPlan): Layout {
  return { shape: plan.readShape, spatialRank: plan.spatialRank, channelsLast: plan.dataFormat === 'channelsLast' };
}

/**
 * The input's layout as both sides read it: from a successful plan, else as a global pool with `request`'s data
 * format and rank reads the shape, else as one long row.
 */
export function inputLayoutFor(
  shape: readonly number[], plan: PoolPlan | undefined, request: { dataFormat: 'channelsLast' | 'channelsFirst'; poolSize: readonly number[] } | undefined,
): Layout {
  if (plan) return inputLayout(plan);
  if (request) {
    try {
      return inputLayout(planPool(shape, { op: 'globalMax', dataFormat: request.dataFormat, spatialRank: toSpatialRank(request.poolSize.length) }));
    } catch {
      // fall through: shown as one long row
    }
  }
  return { shape: [1, shape.reduce((a, b) => a * b, 1), 1], spatialRank: 1, channelsLast: true };
}

export function outputLayout(plan: PoolPlan): Layout {
  return { shape: plan.fullOutputShape, spatialRank: plan.spatialRank, channelsLast: plan.dataFormat === 'channelsLast' };
}

/**
 * Output positions, per spatial axis, whose windows contain input position `x` on that axis (padding and
 * dilation gaps respected). Used to mark every output cell an input cell contributes to.
 */
export function outputsCovering(plan: PoolPlan, inputSpatial: readonly number[]): number[][] {
  const countPad = false;
  return plan.axes.map((ax, a) => {
    const x = inputSpatial[a] ?? 0;
    const hits: number[] = [];
    for (let o = 0; o < ax.outSize; o++) {
      const w = axisWindow(ax, o, countPad);
      const k = (x - w.start) / w.step;
      if (Number.isInteger(k) && k >= 0 && k < w.count) hits.push(o);
    }
    return hits;
  });
}
