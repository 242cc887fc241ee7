/**
 * Colour maps shared by the panel and the hover pictures (pure: no vscode, DOM or fs).
 * 256-entry RGBA lookup tables, built once from d3-scale-chromatic's perceptual maps:
 * viridis (default), a diverging red-blue map centred on zero for signed data, and greyscale.
 * NaN cells get a colour outside every map so they can't be mistaken for a value.
 */
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { finiteRange as coreFiniteRange, type TypedArray } from '../core';

export type ColormapName = 'viridis' | 'diverging' | 'greyscale';
export const COLORMAPS: readonly ColormapName[] = ['viridis', 'diverging', 'greyscale'];

/** The colour drawn for NaN: magenta, absent from all three maps. */
export const NAN_RGB: readonly [number, number, number] = [255, 0, 255];

function parseColour(css: string): [number, number, number] {
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16)];
  throw new Error(`unexpected colour ${css}`);
}

const cache = new Map<ColormapName, Uint8ClampedArray>();

/** 256 RGBA entries, low values first. The diverging map runs blue (negative) to red (positive). */
export function lut(name: ColormapName): Uint8ClampedArray {
  const hit = cache.get(name);
  if (hit) return hit;
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const [r, g, b] =
      name === 'viridis' ? parseColour(interpolateViridis(t))
        : name === 'diverging' ? parseColour(interpolateRdBu(1 - t))
          : [i, i, i];
    table.set([r, g, b, 255], i * 4);
  }
  cache.set(name, table);
  return table;
}

/** The value range a colour map spans; diverging ranges are symmetric around zero. */
export interface ColourScale {
  lo: number;
  hi: number;
}

export function scaleFor(min: number, max: number, name: ColormapName): ColourScale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { lo: 0, hi: 1 };
  if (name === 'diverging') {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return { lo: -m, hi: m };
  }
  return min === max ? { lo: min - 0.5, hi: max + 0.5 } : { lo: min, hi: max };
}

/** Data with both signs reads best on the diverging map; anything else on viridis. */
export function defaultColormap(min: number, max: number): ColormapName {
  return min < 0 && max > 0 ? 'diverging' : 'viridis';
}

/** The `poolingLens.colormap` setting applied: a named map, or `auto` (see `defaultColormap`). */
export function pickColormap(setting: string, min: number, max: number): ColormapName {
  return (COLORMAPS as readonly string[]).includes(setting) ? (setting as ColormapName) : defaultColormap(min, max);
}

/**
 * Finite min and max (NaN and infinities skipped); both NaN when there is no finite value. The core's
 * `finiteRange` does the scan (its WebAssembly kernel on big float planes); this is its shape for pictures.
 */
export function finiteRange(values: ArrayLike<number>): { min: number; max: number } {
  const r = coreFiniteRange(ArrayBuffer.isView(values) ? values as unknown as TypedArray : Float64Array.from(values));
  return r ? { min: r[0], max: r[1] } : { min: NaN, max: NaN };
}

/**
 * Index 0..steps-1 of `v` on `scale` (256 steps: an entry of a `lut`), the nearest step; -1 for NaN. Infinities
 * clamp to the ends. Every picture, the panel's and the hover's, colours its cells through this.
 */
export function colourIndex(v: number, scale: ColourScale, steps = 256): number {
  if (Number.isNaN(v)) return -1;
  const t = (v - scale.lo) / (scale.hi - scale.lo);
  if (!(t > 0)) return 0;
  if (t >= 1) return steps - 1;
  return Math.round(t * (steps - 1));
}

/**
 * Writes the RGBA of `v` at byte `at` of `px`: the table's entry at its colour index, NAN_RGB for NaN. Every picture
 * of a plane paints through this, so NaN looks the same in all of them.
 */
export function putColour(px: Uint8ClampedArray, at: number, v: number, scale: ColourScale, table: Uint8ClampedArray): void {
  const k = colourIndex(v, scale);
  // Element by element: this runs once per pixel of every paint, so it allocates nothing.
  if (k < 0) {
    px[at] = NAN_RGB[0];
    px[at + 1] = NAN_RGB[1];
    px[at + 2] = NAN_RGB[2];
  } else {
    px[at] = table[k * 4] ?? 0;
    px[at + 1] = table[k * 4 + 1] ?? 0;
    px[at + 2] = table[k * 4 + 2] ?? 0;
  }
  px[at + 3] = 255;
}

/** A rows x cols plane (row-major) as a side x side RGBA image, each pixel its nearest cell: a small multiple. */
export function thumbnailRgba(values: ArrayLike<number>, rows: number, cols: number, side: number, scale: ColourScale, table: Uint8ClampedArray): Uint8ClampedArray {
  const px = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) {
    const rowBase = Math.floor((y * rows) / side) * cols;
    for (let x = 0; x < side; x++) putColour(px, (y * side + x) * 4, values[rowBase + Math.floor((x * cols) / side)] ?? NaN, scale, table);
  }
  return px;
}

/** Black or white, whichever reads better on the given entry (WCAG relative luminance). */
export function textColourOn(table: Uint8ClampedArray, index: number): string {
  const [r, g, b] = index < 0 ? NAN_RGB : [table[index * 4] ?? 0, table[index * 4 + 1] ?? 0, table[index * 4 + 2] ?? 0];
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance > 0.179 ? '#000' : '#fff';
}
