// Draws the extension's icon, media/icon.png (128x128): what Pooling Lens shows, in its own colours. A 4x4 feature
// map on the left, its 2x2 max pool (computed by src/core's `pool`) on the right, both on viridis from src/view's
// colour map with one shared scale, the top-left window and the output cell it gives outlined. Written as an RGBA
// PNG with node's zlib: no image library, no network. Run `npx tsx scripts/make-icon.ts` after changing it, and
// commit the PNG (the Marketplace and Open VSX read it from the package).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { pool } from '../src/core';
import { colourIndex, lut, scaleFor } from '../src/view/colormap';
import { pngFile } from '../src/view/heatmapImage';

const SIZE = 128;
const BACKGROUND: Rgb = [0x1f, 0x23, 0x33];
const ARROW: Rgb = [0xc8, 0xcc, 0xd8];
const OUTLINE: Rgb = [0xff, 0xff, 0xff];
const CORNER_RADIUS = 22;
/** Input cells are CELL px with a GAP between them; an output cell spans the two input cells of its window. */
const CELL = 12;
const GAP = 1;
const OUTPUT_CELL = 2 * CELL + GAP;
const GRID = 4 * CELL + 3 * GAP;
const INPUT_X = 9;
const OUTPUT_X = SIZE - 9 - GRID;
const TOP = Math.round((SIZE - GRID) / 2);

type Rgb = readonly [number, number, number];

/** A small feature map with a bright blob towards the lower right, so the pooled colours differ visibly. */
const FEATURE_MAP = [
  1, 3, 2, 0,
  4, 8, 5, 1,
  2, 6, 9, 3,
  0, 2, 4, 7,
];

const pixels = new Uint8Array(SIZE * SIZE * 4);

function blend(x: number, y: number, [r, g, b]: Rgb, alpha = 1): void {
  if (x < 0 || y < 0 || x >= SIZE || y >= SIZE || alpha <= 0) return;
  const at = (y * SIZE + x) * 4;
  const under = (pixels[at + 3] ?? 0) / 255;
  const out = alpha + under * (1 - alpha);
  const mix = (c: number, i: number): number => (c * alpha + (pixels[at + i] ?? 0) * under * (1 - alpha)) / out;
  pixels.set([Math.round(mix(r, 0)), Math.round(mix(g, 1)), Math.round(mix(b, 2)), Math.round(out * 255)], at);
}

function fillRect(x0: number, y0: number, w: number, h: number, colour: Rgb): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) blend(x, y, colour);
}

function strokeRect(x0: number, y0: number, w: number, h: number, colour: Rgb, width: number): void {
  fillRect(x0, y0, w, width, colour);
  fillRect(x0, y0 + h - width, w, width, colour);
  fillRect(x0, y0, width, h, colour);
  fillRect(x0 + w - width, y0, width, h, colour);
}

/** The rounded square behind everything, its corners anti-aliased by 4x4 supersampling. */
function background(): void {
  const inside = (px: number, py: number): boolean => {
    const cx = Math.min(Math.max(px, CORNER_RADIUS), SIZE - CORNER_RADIUS);
    const cy = Math.min(Math.max(py, CORNER_RADIUS), SIZE - CORNER_RADIUS);
    return (px - cx) ** 2 + (py - cy) ** 2 <= CORNER_RADIUS ** 2;
  };
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let s = 0; s < 16; s++) if (inside(x + ((s % 4) + 0.5) / 4, y + (Math.floor(s / 4) + 0.5) / 4)) hits++;
      blend(x, y, BACKGROUND, hits / 16);
    }
  }
}

/** A right-pointing triangle between the two grids: input → output. */
function arrow(): void {
  const cx = (INPUT_X + GRID + OUTPUT_X) / 2;
  const half = 5;
  for (let y = SIZE / 2 - half; y < SIZE / 2 + half; y++) {
    const reach = half - Math.abs(y + 0.5 - SIZE / 2);
    for (let x = Math.floor(cx - half / 2); x < cx - half / 2 + reach; x++) blend(x, y, ARROW);
  }
}

function main(): void {
  const input = { dtype: 'float64' as const, shape: [4, 4], data: Float64Array.from(FEATURE_MAP) };
  const output = pool(input, { op: 'max', poolSize: 2 }).output;
  const scale = scaleFor(Math.min(...FEATURE_MAP), Math.max(...FEATURE_MAP), 'viridis');
  const table = lut('viridis');
  const colour = (v: number): Rgb => {
    const k = colourIndex(v, scale) * 4;
    return [table[k] ?? 0, table[k + 1] ?? 0, table[k + 2] ?? 0];
  };
  background();
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) fillRect(INPUT_X + c * (CELL + GAP), TOP + r * (CELL + GAP), CELL, CELL, colour(FEATURE_MAP[r * 4 + c] ?? 0));
  }
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) fillRect(OUTPUT_X + c * (OUTPUT_CELL + GAP), TOP + r * (OUTPUT_CELL + GAP), OUTPUT_CELL, OUTPUT_CELL, colour(output.data[r * 2 + c] as number));
  }
  strokeRect(INPUT_X - 2, TOP - 2, OUTPUT_CELL + 4, OUTPUT_CELL + 4, OUTLINE, 2);
  strokeRect(OUTPUT_X - 2, TOP - 2, OUTPUT_CELL + 4, OUTPUT_CELL + 4, OUTLINE, 2);
  arrow();
  const target = join(__dirname, '..', 'media', 'icon.png');
  writeFileSync(target, encodeRgbaPng(SIZE, SIZE, pixels));
  process.stdout.write(`wrote ${target} (${SIZE}x${SIZE}); 2x2 max pool of the map: ${Array.from(output.data as Float64Array).join(', ')}\n`);
}

/** PNG (ISO/IEC 15948) of 8-bit RGBA pixels: signature, IHDR, one IDAT, IEND, each chunk CRC-32 checked. */
function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  return pngFile([['IHDR', ihdr], ['IDAT', new Uint8Array(deflateSync(raw, { level: 9 }))], ['IEND', new Uint8Array(0)]]);
}

main();
