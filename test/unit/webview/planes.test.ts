import { strict as assert } from 'node:assert';
import { planPool } from '../../../src/core';
import { cellOfSpatial, flatIndex, outputsCovering, planeIndex, unflatten, type Layout } from '../../../src/view/planes';

describe('planes: which cells a view shows and how windows link', () => {
  const nhwc: Layout = { shape: [2, 3, 4, 5], spatialRank: 2, channelsLast: true };
  const nchw: Layout = { shape: [2, 5, 3, 4], spatialRank: 2, channelsLast: false };

  it('x=[2,3,4,5] NHWC: plane (b=1, c=2) cell (r=2, col=3) is flat ((1*3+2)*4+3)*5+2', () => {
    assert.equal(planeIndex(nhwc, { batch: 1, channel: 2, depth: 0 }).index(2, 3), ((1 * 3 + 2) * 4 + 3) * 5 + 2);
  });
  it('x=[2,5,3,4] NCHW: plane (b=1, c=2) cell (2, 3) is flat ((1*5+2)*3+2)*4+3', () => {
    assert.equal(planeIndex(nchw, { batch: 1, channel: 2, depth: 0 }).index(2, 3), ((1 * 5 + 2) * 3 + 2) * 4 + 3);
  });
  it('unflatten inverts flatIndex for every cell, both layouts', () => {
    for (const l of [nhwc, nchw]) {
      const n = l.shape.reduce((a, b) => a * b, 1);
      for (let i = 0; i < n; i++) {
        const u = unflatten(l, i);
        assert.equal(flatIndex(l, u.batch, u.channel, u.spatial), i);
      }
    }
  });
  it('1-D layouts show one row; 3-D layouts the plane at the chosen depth', () => {
    const strip = planeIndex({ shape: [1, 7, 2], spatialRank: 1, channelsLast: true }, { batch: 0, channel: 1, depth: 0 });
    assert.deepEqual([strip.rows, strip.cols, strip.index(0, 3)], [1, 7, 7]);
    const vol: Layout = { shape: [1, 3, 4, 5, 1], spatialRank: 3, channelsLast: true };
    const p = planeIndex(vol, { batch: 0, channel: 0, depth: 2 });
    assert.deepEqual([p.rows, p.cols, p.index(1, 1)], [4, 5, 2 * 20 + 5 + 1]);
    assert.deepEqual(cellOfSpatial(vol, { batch: 0, channel: 0, depth: 2 }, [2, 1, 1]), { r: 1, c: 1 });
    assert.equal(cellOfSpatial(vol, { batch: 0, channel: 0, depth: 2 }, [1, 1, 1]), undefined);
  });

  describe('outputsCovering (input cell -> output cells whose window holds it)', () => {
    it('x=[4,4] f=2 s=2 valid: input (2, 3) feeds output (1, 1) only', () => {
      const plan = planPool([4, 4], { op: 'max', poolSize: 2 });
      assert.deepEqual(outputsCovering(plan, [2, 3]), [[1], [1]]);
    });
    it('x=[4,4] f=3 s=1 valid: input (1, 1) is in every window', () => {
      const plan = planPool([4, 4], { op: 'avg', poolSize: 3, strides: 1 });
      assert.deepEqual(outputsCovering(plan, [1, 1]), [[0, 1], [0, 1]]);
    });
    it('x=[5] f=2 s=2 same (Keras): the last cell is in the last, padded window', () => {
      const plan = planPool([5], { op: 'max', poolSize: 2, padding: 'same', spatialRank: 1 });
      assert.deepEqual(outputsCovering(plan, [4]), [[2]]);
    });
    it('PyTorch dilation 2: cells between taps belong to no window of that position', () => {
      const plan = planPool([1, 1, 7], { op: 'max', framework: 'pytorch', poolSize: 2, strides: 1, dilation: 2, dataFormat: 'channelsFirst', spatialRank: 1 });
      // windows: [0,2],[1,3],[2,4],[3,5],[4,6]; cell 3 is in windows 1 and 3
      assert.deepEqual(outputsCovering(plan, [3]), [[1, 3]]);
    });
  });
});
