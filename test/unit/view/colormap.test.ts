import { strict as assert } from 'node:assert';
import { colourIndex, defaultColormap, lut, NAN_RGB, scaleFor, textColourOn } from '../../../src/view/colormap';

describe('colour maps', () => {
  it('viridis runs from dark purple to yellow', () => {
    const t = lut('viridis');
    assert.equal(t.length, 256 * 4);
    assert.deepEqual([...t.subarray(0, 3)], [68, 1, 84]);
    assert.deepEqual([...t.subarray(255 * 4, 255 * 4 + 3)], [253, 231, 37]);
  });
  it('the diverging map is blue for negative, near white at zero, red for positive', () => {
    const t = lut('diverging');
    const [r0, , b0] = t.subarray(0, 3);
    const [r1, , b1] = t.subarray(255 * 4, 255 * 4 + 3);
    assert.ok((b0 ?? 0) > (r0 ?? 0), 'low end is blue');
    assert.ok((r1 ?? 0) > (b1 ?? 0), 'high end is red');
    const mid = [...t.subarray(128 * 4, 128 * 4 + 3)];
    assert.ok(mid.every((c) => c > 230), `middle is near white: ${mid.join(',')}`);
  });
  it('greyscale is the identity ramp', () => {
    const t = lut('greyscale');
    assert.deepEqual([...t.subarray(100 * 4, 100 * 4 + 4)], [100, 100, 100, 255]);
  });
  it('NaN has a colour no map uses', () => {
    for (const name of ['viridis', 'diverging', 'greyscale'] as const) {
      const t = lut(name);
      for (let i = 0; i < 256; i++) assert.notDeepEqual([...t.subarray(i * 4, i * 4 + 3)], [...NAN_RGB]);
    }
  });
  it('colourIndex: ends, middle, NaN and infinities', () => {
    const s = { lo: 0, hi: 10 };
    assert.equal(colourIndex(0, s), 0);
    assert.equal(colourIndex(10, s), 255);
    assert.equal(colourIndex(5, s), 128);
    assert.equal(colourIndex(NaN, s), -1);
    assert.equal(colourIndex(Infinity, s), 255);
    assert.equal(colourIndex(-Infinity, s), 0);
  });
  it('scaleFor: diverging ranges are symmetric around zero; constant data still has a range', () => {
    assert.deepEqual(scaleFor(-2, 5, 'diverging'), { lo: -5, hi: 5 });
    assert.deepEqual(scaleFor(3, 3, 'viridis'), { lo: 2.5, hi: 3.5 });
    assert.deepEqual(scaleFor(NaN, NaN, 'viridis'), { lo: 0, hi: 1 });
  });
  it('defaultColormap: diverging only for data with both signs', () => {
    assert.equal(defaultColormap(-1, 1), 'diverging');
    assert.equal(defaultColormap(0, 1), 'viridis');
    assert.equal(defaultColormap(-3, -1), 'viridis');
  });
  it('text is white on dark cells and black on light ones', () => {
    const t = lut('viridis');
    assert.equal(textColourOn(t, 0), '#fff');
    assert.equal(textColourOn(t, 255), '#000');
  });
});
