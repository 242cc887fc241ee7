import { strict as assert } from 'node:assert';
import { parseArrayLiteral } from '../../../src/io';
import { copyRefusal, exportTextBound, toJson, toNumpyLiteral } from '../../../src/extension/exportText';

describe('exporting a tensor as text', () => {
  it('float32 (1, 2, 2, 1) as a NumPy literal with its dtype', () => {
    const t = { dtype: 'float32' as const, shape: [1, 2, 2, 1], data: new Float32Array([6, 8, 14, 16]) };
    assert.equal(toNumpyLiteral(t), 'np.array([[[[6.],\n            [8.]],\n\n           [[14.],\n            [16.]]]], dtype=np.float32)');
  });
  it('NaN, infinities and -0 survive the NumPy literal and parse back', () => {
    const t = { dtype: 'float64' as const, shape: [4], data: new Float64Array([NaN, Infinity, -Infinity, -0]) };
    const text = toNumpyLiteral(t);
    assert.equal(text, 'np.array([np.nan, np.inf, -np.inf, -0.], dtype=np.float64)');
    const back = parseArrayLiteral(text);
    assert.equal(back.dtype, 'float64');
    assert.ok(Number.isNaN(back.data[0] as number));
    assert.ok(Object.is(back.data[3], -0));
  });
  it('round-trips a 3-D int32 tensor through the NumPy literal', () => {
    const data = new Int32Array(24).map((_, i) => i * 7 - 50);
    const text = toNumpyLiteral({ dtype: 'int32', shape: [2, 3, 4], data });
    const back = parseArrayLiteral(text);
    assert.deepEqual(back.shape, [2, 3, 4]);
    assert.equal(back.dtype, 'int32');
    assert.deepEqual([...back.data], [...data]);
  });
  it('int64 beyond 2^53 stays exact', () => {
    assert.equal(toNumpyLiteral({ dtype: 'int64', shape: [1], data: new BigInt64Array([2n ** 60n + 3n]) }), 'np.array([1152921504606846979], dtype=np.int64)');
  });
  it('bool as True/False', () => {
    assert.equal(toNumpyLiteral({ dtype: 'bool', shape: [2], data: new Uint8Array([1, 0]) }), 'np.array([True, False], dtype=np.bool_)');
  });
  it('zero-size tensors keep their shape', () => {
    assert.equal(toNumpyLiteral({ dtype: 'float32', shape: [2, 0], data: new Float32Array(0) }), 'np.array([[],\n          []], dtype=np.float32).reshape(2, 0)');
    assert.equal(toNumpyLiteral({ dtype: 'int8', shape: [0, 3], data: new Int8Array(0) }), 'np.array([], dtype=np.int8).reshape(0, 3)');
  });
  it('JSON: nested arrays; non-finite values become null and are counted', () => {
    const j = toJson({ dtype: 'float64', shape: [2, 2], data: new Float64Array([1.5, NaN, -Infinity, 4]) });
    assert.deepEqual(JSON.parse(j.text), [[1.5, null], [null, 4]]);
    assert.equal(j.nonFinite, 2);
  });
});

describe('exporting refuses text it cannot afford, before building it', () => {
  const huge = { dtype: 'float32' as const, shape: [4503599627370496, 0], data: new Float32Array(0) };
  it('a zero-size (2^52, 0) tensor is refused at once, naming the text length', () => {
    const started = performance.now();
    const why = copyRefusal(huge, 'input');
    assert.match(why ?? '', /input \(4503599627370496, 0\) would be .* characters of text \(no values, but every empty list/);
    assert.throws(() => toNumpyLiteral(huge), RangeError);
    assert.throws(() => toJson(huge), RangeError);
    assert.ok(performance.now() - started < 1000, "refused at once (it used to build 2^52 empty lists)");
  });
  it('the bound is never below the real text (shapes with and without zeros, every rank up to 5)', () => {
    const shapes = [[0], [3], [2, 0], [0, 5], [2, 3], [2, 3, 4], [1, 1, 1, 1, 1], [3, 0, 2], [7, 1, 2, 3, 2]];
    for (const shape of shapes) {
      const n = shape.reduce((a, b) => a * b, 1);
      const t = { dtype: 'float64' as const, shape, data: new Float64Array(n).fill(-Number.MAX_VALUE / 3) };
      assert.ok(exportTextBound(shape) >= toNumpyLiteral(t).length, `numpy ${shape}`);
      assert.ok(exportTextBound(shape) >= toJson(t).text.length, `json ${shape}`);
    }
  });
  it('ordinary tensors are accepted; more than the value limit is refused', () => {
    assert.equal(copyRefusal({ dtype: 'uint8', shape: [512, 512], data: new Uint8Array(512 * 512) }, 'x'), null);
    assert.match(copyRefusal({ dtype: 'uint8', shape: [2000, 1000], data: new Uint8Array(2_000_000) }, 'x') ?? '', /too many for the clipboard/);
  });
});
