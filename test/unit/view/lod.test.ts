import { strict as assert } from 'node:assert';
import type { Tensor } from '../../../src/core';
import { fromWire } from '../../../src/protocol/wire';
import { clampSel, decodeLod, encodeLod, LOD_STEPS, lodPlane, planeTile } from '../../../src/view/lod';
import type { Layout } from '../../../src/view/planes';

/** (1, H, W, C) channels last, value = 1000 * h + 10 * w + c. */
function image(h: number, w: number, c: number): { t: Tensor; l: Layout } {
  const data = new Int32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) data[(y * w + x) * c + k] = 1000 * y + 10 * x + k;
  return { t: { dtype: 'int32', shape: [1, h, w, c], data }, l: { shape: [1, h, w, c], spatialRank: 2, channelsLast: true } };
}

describe('view: what crosses for a tensor the host keeps', () => {
  it('x=(1,5,7,3) channel 2: a tile is the plane region, in the tensor\'s dtype, clipped at the edges', () => {
    const { t, l } = image(5, 7, 3);
    const tile = planeTile(t, l, { batch: 0, channel: 2, depth: 0 }, 3, 4, 128, 128);
    assert.deepEqual([tile.rows, tile.cols], [2, 3]);
    const v = fromWire(tile.values);
    assert.equal(v.dtype, 'int32');
    assert.deepEqual([...v.data], [3042, 3052, 3062, 4042, 4052, 4062]);
  });

  it('a tile asked past the plane is empty, not an error or a read out of bounds', () => {
    const { t, l } = image(5, 7, 3);
    const tile = planeTile(t, l, { batch: 0, channel: 0, depth: 0 }, 4096, 4096, 128, 128);
    assert.deepEqual([tile.rows, tile.cols, fromWire(tile.values).data.length], [0, 0, 0]);
  });

  it('int64 tiles keep their exact values', () => {
    const data = BigInt64Array.from([2n ** 62n + 1n, -5n, 7n, 9n]);
    const tile = planeTile({ dtype: 'int64', shape: [2, 2], data }, { shape: [1, 2, 2, 1], spatialRank: 2, channelsLast: true }, { batch: 0, channel: 0, depth: 0 }, 0, 0, 2, 2);
    assert.deepEqual([...fromWire(tile.values).data], [2n ** 62n + 1n, -5n, 7n, 9n]);
  });

  it('x=1000x600 float32, at most 256 per side: 4x4 blocks, max and mean per block, range of the plane', () => {
    const rows = 1000, cols = 600;
    const data = new Float32Array(rows * cols).map((_, i) => Math.sin(i * 0.013) * 100);
    data[5] = Infinity;
    data[cols * 999 + 599] = -Infinity;
    const t: Tensor = { dtype: 'float32', shape: [rows, cols], data };
    const l: Layout = { shape: [1, rows, cols, 1], spatialRank: 2, channelsLast: true };
    const sel = { batch: 0, channel: 0, depth: 0 };
    const max = lodPlane(t, l, sel, 'max', 256);
    assert.deepEqual([max.factor, max.lodRows, max.lodCols, max.rows, max.cols], [4, 250, 150, 1000, 600]);
    const mv = decodeLod(max.codes, max.range);
    const meanLod = lodPlane(t, l, sel, 'mean', 256);
    const mean = decodeLod(meanLod.codes, meanLod.range);
    // Codes are the nearest of 65533 steps over the plane's finite range: within half a step of the block's value.
    const halfStep = (max.range[1] - max.range[0]) / LOD_STEPS / 2 + 1e-9;
    for (const [br, bc] of [[0, 1], [17, 33], [249, 149], [100, 0]] as const) {
      let m = -Infinity, sum = 0;
      for (let r = br * 4; r < br * 4 + 4; r++) for (let c = bc * 4; c < bc * 4 + 4; c++) {
        m = Math.max(m, data[r * cols + c]!);
        sum += data[r * cols + c]!;
      }
      assert.ok(mv[br * 150 + bc] === m || Math.abs(mv[br * 150 + bc]! - m) <= halfStep, `max block ${br},${bc}: ${mv[br * 150 + bc]} vs ${m}`);
      assert.ok(Math.abs(mean[br * 150 + bc]! - sum / 16) <= halfStep + 1e-4 || (!Number.isFinite(sum) && mean[br * 150 + bc] === sum), `mean block ${br},${bc}`);
    }
    assert.equal(mv[1], Infinity);
    let lo = Infinity, hi = -Infinity;
    for (const v of data) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    assert.deepEqual(max.range, [lo, hi]);
  });

  it('a NaN keeps its block NaN (the overview shows where NaNs are)', () => {
    const data = new Float64Array(64 * 64).fill(1);
    data[64 * 10 + 10] = NaN;
    const lod = lodPlane({ dtype: 'float64', shape: [64, 64], data }, { shape: [1, 64, 64, 1], spatialRank: 2, channelsLast: true }, { batch: 0, channel: 0, depth: 0 }, 'mean', 16);
    const v = decodeLod(lod.codes, lod.range);
    assert.equal(lod.factor, 4);
    assert.ok(Number.isNaN(v[2 * 16 + 2]!));
    assert.equal(v[0], 1);
  });

  it('a strided plane (channels last, 3 channels) is reduced from its own channel only', () => {
    const { t, l } = image(40, 40, 3);
    const lod = lodPlane(t, l, { batch: 0, channel: 1, depth: 0 }, 'max', 10);
    const v = decodeLod(lod.codes, lod.range);
    assert.equal(lod.factor, 4);
    assert.ok(Math.abs(v[0]! - (1000 * 3 + 10 * 3 + 1)) <= (lod.range[1] - lod.range[0]) / LOD_STEPS / 2, String(v[0]));
    // The last block holds the plane's maximum, the top of its range, which the codes give back exactly.
    assert.equal(v[9 * 10 + 9], 1000 * 39 + 10 * 39 + 1);
  });

  it('overview codes: ends of the range exact, special values kept, every value within half a step, 2 bytes a cell', () => {
    const range: [number, number] = [-3, 5];
    const values = [-3, 5, 0, 1.2345, -Infinity, Infinity, NaN, -3.0000001, 5.0000001, 4.99999];
    const codes = encodeLod(values, range);
    assert.equal(codes.byteLength, values.length * 2);
    const back = decodeLod(codes.buffer as ArrayBuffer, range);
    assert.deepEqual([back[0], back[1], back[4], back[5]], [-3, 5, -Infinity, Infinity]);
    assert.ok(Number.isNaN(back[6]!));
    // Outside the range by rounding (a mean a hair above the maximum) clamps to the range's end.
    assert.deepEqual([back[7], back[8]], [-3, 5]);
    for (const i of [2, 3, 9]) assert.ok(Math.abs(back[i]! - values[i]!) <= 8 / LOD_STEPS / 2 + 1e-12, `${values[i]} -> ${back[i]}`);
    // A constant plane (min = max) decodes to its value everywhere.
    assert.deepEqual([...decodeLod(encodeLod([7, 7], [7, 7]).buffer as ArrayBuffer, [7, 7])], [7, 7]);
  });

  it('clampSel keeps a selection inside the layout', () => {
    const l: Layout = { shape: [2, 4, 4, 4, 3], spatialRank: 3, channelsLast: true };
    assert.deepEqual(clampSel(l, { batch: 5, channel: 7, depth: 9 }), { batch: 1, channel: 2, depth: 3 });
  });
});
