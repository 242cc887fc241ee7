import { strict as assert } from 'node:assert';
import { parseArrayLiteral } from '../../../src/io';
import { toJson, toNumpyLiteral } from '../../../src/extension/exportText';

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
