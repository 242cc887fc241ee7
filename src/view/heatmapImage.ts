/**
 * Small heatmap pictures for hovers: a 2-D plane of numbers becomes a palette PNG as a `data:` URI,
 * which VS Code's hover markdown shows as an image (its sanitizer keeps `data:` sources).
 *
 * Contracts:
 * - Free of `vscode`, the DOM and `fs`, so unit tests and benchmarks run it in plain Node.
 * - Planes larger than `maxCells` on a side are downsampled to at most `maxCells` picture cells per
 *   side by block means of f x f cells (one factor for both axes, so the aspect ratio holds; NaN is
 *   skipped, a block of only NaN stays NaN), so a hover never ships a big image: VS Code cuts hover
 *   markdown after 100,000 characters.
 * - Each picture cell is drawn as a square of whole pixels (nearest neighbour, no blur); the longest
 *   side is about {@link TARGET_PX} pixels, so the hover stays short enough to show its link unscrolled.
 * - Colours come from d3-scale-chromatic's viridis and RdBu maps, as in the panel; NaN is magenta,
 *   a colour absent from every map; infinities clamp to the ends of the scale.
 */
import { zlibSync } from 'fflate';
import { crc32 } from '../io/npz';
import { colourIndex, lut, NAN_RGB, type ColourScale, type ColormapName } from './colormap';
import type { Plane } from './planes';

export type HeatmapColormap = ColormapName;
export type { ColourScale, Plane };
export { finiteRange, pickColormap, scaleFor } from './colormap';


/** Longest side of a picture, in pixels, before rounding to whole pixels per cell. */
export const TARGET_PX = 96;
/** Picture cells per side at most; larger planes are block-averaged down to this. */
export const DEFAULT_MAX_CELLS = 48;
/** Height in pixels of the strip drawn for a single-row plane, so a vector stays visible. */
const MIN_STRIP_PX = 12;
/** Largest square drawn per cell: a 1x1 array is a swatch, not a wall. */
const MAX_CELL_PX = 24;

/** Palette index of NaN; indices 0..254 are the colour map, low values first. */
const NAN_INDEX = 255;
const STEPS = 255;

/** Block-mean downsampling to at most `maxCells` cells per side; returns `plane` itself when it fits. */
export function downsample(plane: Plane, maxCells = DEFAULT_MAX_CELLS): Plane {
  const { rows, cols, values } = plane;
  if (rows <= maxCells && cols <= maxCells) return plane;
  // One factor for both axes keeps the picture's aspect ratio.
  const f = Math.ceil(Math.max(rows, cols) / maxCells);
  const outRows = Math.ceil(rows / f), outCols = Math.ceil(cols / f);
  const sums = new Float64Array(outRows * outCols);
  const counts = new Uint32Array(outRows * outCols);
  for (let r = 0; r < rows; r++) {
    const base = Math.floor(r / f) * outCols;
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c]!;
      if (Number.isNaN(v)) continue;
      const o = base + Math.floor(c / f);
      sums[o] = sums[o]! + v;
      counts[o] = counts[o]! + 1;
    }
  }
  const out = new Float64Array(outRows * outCols);
  for (let i = 0; i < out.length; i++) out[i] = counts[i] === 0 ? NaN : sums[i]! / counts[i]!;
  return { rows: outRows, cols: outCols, values: out };
}

/** Pixels per picture cell so the longest side is about {@link TARGET_PX}: at least 2, at most 24. */
export function cellPixels(rows: number, cols: number): number {
  return Math.max(2, Math.min(MAX_CELL_PX, Math.floor(TARGET_PX / Math.max(rows, cols, 1))));
}

const paletteCache = new Map<HeatmapColormap, Uint8Array>();

/** PLTE payload: 255 entries of the shared colour map, then NaN's magenta (256 RGB triples). */
function palette(map: HeatmapColormap): Uint8Array {
  const hit = paletteCache.get(map);
  if (hit) return hit;
  const table = lut(map);
  const p = new Uint8Array(256 * 3);
  for (let i = 0; i < STEPS; i++) {
    const k = Math.round((i * 255) / (STEPS - 1));
    p.set(table.subarray(k * 4, k * 4 + 3), i * 3);
  }
  p.set(NAN_RGB, NAN_INDEX * 3);
  paletteCache.set(map, p);
  return p;
}

function paletteIndex(v: number, scale: ColourScale): number {
  const k = colourIndex(v, scale, STEPS);
  return k < 0 ? NAN_INDEX : k;
}

export interface HeatmapPicture {
  /** `data:image/png;base64,...` */
  uri: string;
  width: number;
  height: number;
  /** Picture cells per side after downsampling. */
  rows: number;
  cols: number;
  downsampled: boolean;
}

/**
 * Draws `plane` (downsampled to `maxCells` a side) with `cellPx` pixels per cell (default: from the
 * downsampled size, see {@link cellPixels}). An empty plane gives `undefined`: there is nothing to draw.
 */
export function heatmapPng(
  plane: Plane, scale: ColourScale, map: HeatmapColormap, options: { cellPx?: number; maxCells?: number } = {},
): HeatmapPicture | undefined {
  if (plane.rows === 0 || plane.cols === 0) return undefined;
  const small = downsample(plane, options.maxCells ?? DEFAULT_MAX_CELLS);
  const cell = options.cellPx ?? cellPixels(small.rows, small.cols);
  const width = small.cols * cell;
  const rowPx = small.rows === 1 ? Math.max(cell, MIN_STRIP_PX) : cell;
  const height = small.rows * rowPx;
  // Scanlines: a filter byte (0, none) then one palette index per pixel.
  const stride = width + 1;
  const raw = new Uint8Array(stride * height);
  const line = new Uint8Array(width);
  for (let r = 0; r < small.rows; r++) {
    for (let c = 0; c < small.cols; c++) line.fill(paletteIndex(small.values[r * small.cols + c]!, scale), c * cell, (c + 1) * cell);
    for (let y = r * rowPx; y < (r + 1) * rowPx; y++) raw.set(line, y * stride + 1);
  }
  const png = encodePalettePng(width, height, palette(map), raw);
  return {
    uri: `data:image/png;base64,${base64(png)}`,
    width, height, rows: small.rows, cols: small.cols, downsampled: small !== plane,
  };
}

/** Base64 of bytes, with `btoa` (a global in Node and in browsers, so this file stays free of Node's Buffer). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// PNG container (ISO/IEC 15948): signature, IHDR, PLTE, IDAT (zlib), IEND; each chunk CRC-32 checked.

function encodePalettePng(width: number, height: number, plte: Uint8Array, scanlines: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // colour type: palette
  const idat = zlibSync(scanlines, { level: 6 });
  return pngFile([['IHDR', ihdr], ['PLTE', plte], ['IDAT', idat], ['IEND', new Uint8Array(0)]]);
}

/** A PNG file from its chunks (type, data), in order: the signature, then each chunk's length, type, data and CRC-32. */
export function pngFile(chunks: readonly [string, Uint8Array][]): Uint8Array {
  const out = new Uint8Array(8 + chunks.reduce((n, [, d]) => n + 12 + d.length, 0));
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(out.buffer);
  let p = 8;
  for (const [type, data] of chunks) {
    view.setUint32(p, data.length);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = type.charCodeAt(i);
    out.set(data, p + 8);
    view.setUint32(p + 8 + data.length, crc32(out.subarray(p + 4, p + 8 + data.length)));
    p += 12 + data.length;
  }
  return out;
}
