import { strict as assert } from 'node:assert';
import { cellAt, fitTransform, lodFactor, numbersFit, visibleCells, zoomAt } from '../../../webview/viewMath';

describe('heatmap view math', () => {
  describe('fitTransform', () => {
    it('4x4 grid in a 440px box: cells capped at 56px and centred', () => {
      const t = fitTransform(4, 4, 440, 440);
      assert.equal(t.scale, 56);
      assert.equal(t.x0, (440 - 224) / 2);
      assert.equal(t.y0, (440 - 224) / 2);
    });
    it('1024 columns in 440px: cells smaller than a pixel', () => {
      const t = fitTransform(1024, 1024, 440, 440);
      assert.equal(t.scale, 440 / 1024);
      assert.equal(t.x0, 0);
    });
    it('a 1x8 strip fits the width', () => {
      const t = fitTransform(1, 8, 400, 50);
      assert.equal(t.scale, 50);
    });
  });

  describe('cellAt', () => {
    const t = { scale: 10, x0: 5, y0: 5 };
    it('maps a point inside cell (1, 2)', () => assert.deepEqual(cellAt(t, 5 + 25, 5 + 15, 4, 4), { r: 1, c: 2 }));
    it('is undefined left of the grid', () => assert.equal(cellAt(t, 4, 10, 4, 4), undefined));
    it('is undefined past the last column', () => assert.equal(cellAt(t, 5 + 40, 10, 4, 4), undefined));
  });

  describe('visibleCells', () => {
    it('the whole grid when it fits', () => {
      assert.deepEqual(visibleCells({ scale: 10, x0: 0, y0: 0 }, 100, 100, 4, 4), { r0: 0, r1: 4, c0: 0, c1: 4 });
    });
    it('a window of a zoomed-in grid, partial cells included', () => {
      assert.deepEqual(visibleCells({ scale: 10, x0: -15, y0: -25 }, 30, 20, 100, 100), { r0: 2, r1: 5, c0: 1, c1: 5 });
    });
  });

  describe('lodFactor', () => {
    it('1 when a cell covers a device pixel', () => assert.equal(lodFactor(1), 1));
    it('3 for 0.43 px cells (1024 cells in 440 px)', () => assert.equal(lodFactor(440 / 1024), 3));
    it('counts device pixels: 0.5 px cells at 2x DPR need no overview', () => assert.equal(lodFactor(0.5, 2), 1));
    it('10 for 4096 cells in 440 px', () => assert.equal(lodFactor(440 / 4096), 10));
  });

  describe('zoomAt', () => {
    it('keeps the point under the cursor fixed', () => {
      const t = zoomAt({ scale: 10, x0: 0, y0: 0 }, 2, 50, 30, 1, 100);
      assert.equal(t.scale, 20);
      // cell coordinate under (50, 30) stays (5, 3)
      assert.equal((50 - t.x0) / t.scale, 5);
      assert.equal((30 - t.y0) / t.scale, 3);
    });
    it('clamps to the allowed scale range', () => {
      assert.equal(zoomAt({ scale: 10, x0: 0, y0: 0 }, 100, 0, 0, 1, 96).scale, 96);
      assert.equal(zoomAt({ scale: 10, x0: 0, y0: 0 }, 0.001, 0, 0, 2, 96).scale, 2);
    });
  });

  describe('numbersFit', () => {
    it('"16" fits a 56px cell at 11px', () => assert.equal(numbersFit(56, 2, 11), true));
    it('"0.1234" does not fit a 20px cell', () => assert.equal(numbersFit(20, 6, 11), false));
  });
});
