import assert from 'node:assert/strict';
import { unzlibSync } from 'fflate';
import {
  cellPixels, downsample, finiteRange, heatmapPng, pickColormap, scaleFor, type Plane,
} from '../../../src/view/heatmapImage';

interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  palette: Uint8Array;
  /** One palette index per pixel, row-major (filter bytes removed). */
  pixels: Uint8Array;
  chunkTypes: string[];
}

/** A minimal PNG reader for what heatmapPng writes: checks the signature and every chunk's CRC. */
function decodePng(uri: string): DecodedPng {
  assert.ok(uri.startsWith('data:image/png;base64,'));
  const bytes = new Uint8Array(Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64'));
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 8;
  const chunkTypes: string[] = [];
  let ihdr: Uint8Array | undefined, palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (p < bytes.length) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    const data = bytes.subarray(p + 8, p + 8 + len);
    assert.equal(view.getUint32(p + 8 + len), crc32(bytes.subarray(p + 4, p + 8 + len)), `CRC of ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'PLTE') palette = data;
    if (type === 'IDAT') idat.push(data);
    p += 12 + len;
  }
  assert.ok(ihdr && palette);
  const h = new DataView(ihdr.buffer, ihdr.byteOffset, 13);
  const width = h.getUint32(0), height = h.getUint32(4);
  const raw = unzlibSync(Buffer.concat(idat));
  assert.equal(raw.length, (width + 1) * height);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width + 1)], 0, 'filter type none');
    pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, bitDepth: ihdr[8] ?? 0, colourType: ihdr[9] ?? 0, palette, pixels, chunkTypes };
}

function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

function plane(rows: number, cols: number, values: number[]): Plane {
  return { rows, cols, values: Float64Array.from(values) };
}

describe('heatmapPng: hover pictures', () => {
  it('a 2x2 plane at 3 px per cell: a valid palette PNG, low values dark, high values bright', () => {
    const pic = heatmapPng(plane(2, 2, [0, 1, 2, 3]), scaleFor(0, 3, 'viridis'), 'viridis', { cellPx: 3 });
    assert.ok(pic);
    assert.equal(pic.width, 6);
    assert.equal(pic.height, 6);
    const png = decodePng(pic.uri);
    assert.deepEqual(png.chunkTypes, ['IHDR', 'PLTE', 'IDAT', 'IEND']);
    assert.equal(png.bitDepth, 8);
    assert.equal(png.colourType, 3);
    assert.equal(png.palette.length, 256 * 3);
    const at = (x: number, y: number): number => png.pixels[y * png.width + x] ?? -1;
    // Cells are whole 3x3 squares; index round(t * 254) on the 255-entry map: 0, 85, 169, 254.
    assert.deepEqual([at(0, 0), at(2, 2), at(3, 0), at(0, 3), at(5, 5)], [0, 0, 85, 169, 254]);
    // viridis runs from dark purple (#440154) to yellow (#fde725).
    assert.deepEqual([...png.palette.subarray(0, 3)], [0x44, 0x01, 0x54]);
    assert.deepEqual([...png.palette.subarray(254 * 3, 255 * 3)], [0xfd, 0xe7, 0x25]);
  });

  it('NaN is magenta, infinities clamp to the ends', () => {
    const pic = heatmapPng(plane(1, 3, [NaN, -Infinity, Infinity]), scaleFor(0, 1, 'viridis'), 'viridis', { cellPx: 2 });
    assert.ok(pic);
    const png = decodePng(pic.uri);
    assert.deepEqual([png.pixels[0], png.pixels[2], png.pixels[4]], [255, 0, 254]);
    assert.deepEqual([...png.palette.subarray(255 * 3)], [255, 0, 255]);
  });

  it('a single row is drawn as a strip at least 12 px tall', () => {
    const pic = heatmapPng(plane(1, 48, Array.from({ length: 48 }, (_, i) => i)), scaleFor(0, 47, 'viridis'), 'viridis');
    assert.ok(pic);
    assert.equal(pic.width, 96);
    assert.equal(pic.height, 12);
  });

  it('an empty plane has no picture', () => assert.equal(heatmapPng(plane(0, 3, []), scaleFor(0, 1, 'viridis'), 'viridis'), undefined));

  it('a large plane is downsampled and stays small', () => {
    const n = 1000;
    const values = Array.from({ length: n * n }, (_, i) => Math.sin(i / 37));
    const pic = heatmapPng(plane(n, n, values), scaleFor(-1, 1, 'diverging'), 'diverging');
    assert.ok(pic);
    assert.equal(pic.downsampled, true);
    assert.deepEqual([pic.rows, pic.cols], [48, 48]);
    assert.ok(pic.uri.length < 40_000, `${pic.uri.length} characters`);
  });
});

describe('downsample', () => {
  it('returns the plane itself when it fits', () => {
    const p = plane(2, 2, [1, 2, 3, 4]);
    assert.equal(downsample(p, 2), p);
  });
  it('averages f x f blocks with one factor for both axes (aspect kept), skipping NaN', () => {
    // 3x4 to at most 2 cells a side: f = 2, so 2x2 cells; the ragged last row is its own block.
    const d = downsample(plane(3, 4, [1, 3, 10, NaN, 5, 7, NaN, NaN, 100, 200, 1, 1]), 2);
    assert.deepEqual([d.rows, d.cols], [2, 2]);
    assert.deepEqual([...d.values], [4, 10, 150, 1]);
  });
  it('a block of only NaN stays NaN', () => {
    const d = downsample(plane(2, 4, [NaN, NaN, 1, 2, NaN, NaN, 3, 4]), 2);
    assert.deepEqual([d.rows, d.cols], [1, 2]);
    assert.ok(Number.isNaN(d.values[0]));
    assert.equal(d.values[1], 2.5);
  });
});

describe('colour scale helpers', () => {
  it('auto picks diverging for both signs, viridis otherwise; explicit settings win', () => {
    assert.equal(pickColormap('auto', -1, 2), 'diverging');
    assert.equal(pickColormap('auto', 0, 2), 'viridis');
    assert.equal(pickColormap('greyscale', -1, 2), 'greyscale');
  });
  it('diverging scales are symmetric; constant data gets a unit-wide scale', () => {
    assert.deepEqual(scaleFor(-1, 3, 'diverging'), { lo: -3, hi: 3 });
    assert.deepEqual(scaleFor(5, 5, 'viridis'), { lo: 4.5, hi: 5.5 });
    assert.deepEqual(scaleFor(NaN, NaN, 'viridis'), { lo: 0, hi: 1 });
  });
  it('finiteRange skips NaN and infinities', () => {
    assert.deepEqual(finiteRange([NaN, -Infinity, 2, -1, Infinity]), { min: -1, max: 2 });
    assert.ok(Number.isNaN(finiteRange([NaN, Infinity]).min));
  });
  it('cells are 2 to 24 px, about 96 px on the longest side', () => {
    assert.equal(cellPixels(4, 4), 24);
    assert.equal(cellPixels(1, 1), 24);
    assert.equal(cellPixels(10, 20), 4);
    assert.equal(cellPixels(48, 48), 2);
    assert.equal(cellPixels(64, 64), 2);
  });
});
