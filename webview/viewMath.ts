/**
 * The geometry of one heatmap view, free of the DOM so it can be unit-tested: where cells land on the
 * canvas for a zoom/pan transform, which cells are visible, and the level of detail (how many cells one
 * overview pixel stands for when cells are smaller than a pixel).
 */

/** Screen position of cell (r, c) is (x0 + c * scale, y0 + r * scale), in CSS pixels. */
export interface Transform {
  scale: number;
  x0: number;
  y0: number;
}

/** Largest cells that fit the whole grid in the box, centred; never larger than `maxCell`. */
export function fitTransform(rows: number, cols: number, width: number, height: number, maxCell = 56): Transform {
  const scale = Math.min(maxCell, width / Math.max(cols, 1), height / Math.max(rows, 1));
  return { scale, x0: (width - cols * scale) / 2, y0: (height - rows * scale) / 2 };
}

/** The cell under a point, or undefined outside the grid. */
export function cellAt(t: Transform, x: number, y: number, rows: number, cols: number): { r: number; c: number } | undefined {
  const c = Math.floor((x - t.x0) / t.scale);
  const r = Math.floor((y - t.y0) / t.scale);
  if (r < 0 || c < 0 || r >= rows || c >= cols) return undefined;
  return { r, c };
}

/** Cells at least partly inside the box: rows [r0, r1) and columns [c0, c1). */
export function visibleCells(t: Transform, width: number, height: number, rows: number, cols: number): { r0: number; r1: number; c0: number; c1: number } {
  const clamp = (v: number, hi: number): number => Math.max(0, Math.min(hi, v));
  return {
    r0: clamp(Math.floor(-t.y0 / t.scale), rows),
    r1: clamp(Math.ceil((height - t.y0) / t.scale), rows),
    c0: clamp(Math.floor(-t.x0 / t.scale), cols),
    c1: clamp(Math.ceil((width - t.x0) / t.scale), cols),
  };
}

/**
 * Level of detail: how many cells per side one overview cell pools, so that an overview cell covers at
 * least one device pixel. 1 means cells are drawn directly.
 */
export function lodFactor(scale: number, devicePixelRatio = 1): number {
  const px = scale * devicePixelRatio;
  return px >= 1 ? 1 : Math.ceil(1 / px);
}

/** Zooms by `factor` keeping the point (x, y) fixed on screen; the scale stays within [minScale, maxScale]. */
export function zoomAt(t: Transform, factor: number, x: number, y: number, minScale: number, maxScale: number): Transform {
  const scale = Math.min(maxScale, Math.max(minScale, t.scale * factor));
  const k = scale / t.scale;
  return { scale, x0: x - (x - t.x0) * k, y0: y - (y - t.y0) * k };
}

/** Whether a number fits in a cell of this size (digits at ~0.6 em, one em of height). */
export function numbersFit(scale: number, longestLabel: number, fontPx: number): boolean {
  return scale >= fontPx * 1.3 && scale >= longestLabel * fontPx * 0.62 + 6;
}
