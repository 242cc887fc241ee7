// A view's numbers, ready to draw: the plane shown copied out of its tensor, the overview the heatmap draws when
// cells get below a pixel, and the colour scale (own or shared by all views). No DOM.
import { formatValue, pool, type Tensor } from '../src/core';
import type { ViewSettings } from '../src/protocol/messages';
import { finiteRange as finiteMinMax, pickColormap, scaleFor, type ColourScale, type ColormapName } from '../src/view/colormap';
import { planeSlice, planeValues, type Layout, type PlaneSelection } from '../src/view/planes';
import type { Plane } from './heatmap';

/** Plane `sel` of `t` as float64 values for colour, with each cell's exact text at `precision` digits. */
export function planeOf(t: Tensor, l: Layout, sel: PlaneSelection, precision: number): Plane {
  const slice = planeSlice(l, sel);
  const { cols, base, rowStride, colStride } = slice;
  const at = (i: number): number => base + Math.floor(i / cols) * rowStride + (i % cols) * colStride;
  return { rows: slice.rows, cols, values: planeValues(t.data, slice), label: (i) => formatValue(t.data[at(i)] ?? NaN, precision) };
}

/** The core's own average pooling, NaN-tolerant, serves as the overview when cells get below a pixel. */
export function overview(plane: Plane, factor: number): { rows: number; cols: number; values: Float64Array } {
  const t: Tensor = { dtype: 'float64', shape: [plane.rows, plane.cols], data: plane.values };
  const r = pool(t, { op: 'avg', poolSize: factor, padding: 'same', nan: 'ignore', spatialRank: 2 }, { backend: 'ts' });
  return { rows: r.output.shape[1] ?? 0, cols: r.output.shape[2] ?? 0, values: r.output.data as Float64Array };
}

/** Finite [min, max] of a plane, [0, 1] when it has no finite value. */
export function finiteRange(values: Float64Array): [number, number] {
  const { min, max } = finiteMinMax(values);
  return Number.isNaN(min) ? [0, 1] : [min, max];
}

/** A view's colour scale and map: from its own range, or from all views' `ranges` when the scale is shared. */
export function colourFor(view: ViewSettings, ranges: [number, number][], own: [number, number]): { scale: ColourScale; map: ColormapName } {
  let [lo, hi] = own;
  if (view.sharedScale) {
    lo = Math.min(...ranges.map((r) => r[0]));
    hi = Math.max(...ranges.map((r) => r[1]));
  }
  const map = pickColormap(view.colormap, lo, hi);
  return { scale: scaleFor(lo, hi, map), map };
}
