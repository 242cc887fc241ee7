import { strict as assert } from 'node:assert';
import { lut, NAN_RGB, putColour, thumbnailRgba } from '../../../src/view/colormap';

const pixel = (px: Uint8ClampedArray, side: number, x: number, y: number): number[] => [...px.subarray((y * side + x) * 4, (y * side + x) * 4 + 4)];

describe('colours of the pictures of a plane (heatmaps and the all-channels thumbnails)', () => {
  const table = lut('viridis');
  const scale = { lo: 0, hi: 10 };

  it('putColour: a value gets its table entry, NaN gets NAN_RGB, both opaque', () => {
    const px = new Uint8ClampedArray(12);
    putColour(px, 0, 0, scale, table);
    putColour(px, 4, 10, scale, table);
    putColour(px, 8, NaN, scale, table);
    assert.deepEqual([...px.subarray(0, 4)], [...table.subarray(0, 4)]);
    assert.deepEqual([...px.subarray(4, 8)], [...table.subarray(255 * 4, 256 * 4)]);
    assert.deepEqual([...px.subarray(8, 12)], [...NAN_RGB, 255]);
  });

  it('a thumbnail paints a NaN cell NAN_RGB, not the lowest colour, and every other cell as the heatmap does', () => {
    // 2 x 2 plane drawn 4 pixels a side: each cell covers a 2 x 2 block of pixels.
    const px = thumbnailRgba(Float64Array.from([0, NaN, 10, 5]), 2, 2, 4, scale, table);
    assert.equal(px.length, 4 * 4 * 4);
    for (const [x, y] of [[2, 0], [3, 0], [2, 1], [3, 1]] as const) assert.deepEqual(pixel(px, 4, x, y), [...NAN_RGB, 255], `pixel (${x}, ${y})`);
    assert.notDeepEqual(pixel(px, 4, 2, 0), [...table.subarray(0, 4)]);
    assert.deepEqual(pixel(px, 4, 1, 1), [...table.subarray(0, 4)], 'cell (0, 0) = 0: lowest colour');
    assert.deepEqual(pixel(px, 4, 0, 3), [...table.subarray(255 * 4, 256 * 4)], 'cell (1, 0) = 10: highest colour');
    assert.deepEqual(pixel(px, 4, 3, 3), [...table.subarray(128 * 4, 129 * 4)], 'cell (1, 1) = 5: the middle');
  });

  it('a plane taller than the thumbnail is sampled by nearest cell on each axis', () => {
    // 8 rows, 1 column, side 2: pixel rows take plane rows 0 and 4.
    const values = Float64Array.from([0, 1, 2, 3, NaN, 5, 6, 7]);
    const px = thumbnailRgba(values, 8, 1, 2, { lo: 0, hi: 7 }, table);
    assert.deepEqual(pixel(px, 2, 1, 0), [...table.subarray(0, 4)]);
    assert.deepEqual(pixel(px, 2, 1, 1), [...NAN_RGB, 255]);
  });
});
