import { strict as assert } from 'node:assert';
import { isPoolRequest } from '../../../src/protocol/messages';
import { defaultRequests, type PoolDefaults } from '../../../src/extension/poolDefaults';
import { inferSpatialRank } from '../../../src/core';
import { toSpec } from '../../../src/extension/compute';

const keras: PoolDefaults = { op: 'max', framework: 'keras', poolSize: 2, strides: null, padding: 'valid', dataFormat: 'channelsLast', nan: 'propagate' };

describe('default outputs of a new panel', () => {
  it('max then average, 2x2 with strides = pool size, for a matrix', () => {
    const [a, b] = defaultRequests(2, keras);
    assert.equal(a?.op, 'max');
    assert.equal(b?.op, 'avg');
    assert.deepEqual(a?.poolSize, [2, 2]);
    assert.deepEqual(a?.strides, [2, 2]);
    assert.equal(a?.padding, 'valid');
  });
  it('defaultOp avg puts average first and max second', () => {
    assert.deepEqual(defaultRequests(1, { ...keras, op: 'avg' }).map((r) => r.op), ['avg', 'max']);
  });
  it('explicit strides and PyTorch rules give numeric padding', () => {
    const [a] = defaultRequests(3, { ...keras, framework: 'pytorch', strides: 1, poolSize: 3 });
    assert.deepEqual(a?.strides, [1, 1, 1]);
    assert.deepEqual(a?.padding, [0, 0, 0]);
  });
  it('every default request passes the protocol validation', () => {
    for (const rank of [1, 2, 3]) {
      assert.ok(defaultRequests(rank, keras).every(isPoolRequest));
    }
  });
  it('reads a vector as 1-D, a matrix as 2-D and (N, ..., C) as rank - 2', () => {
    assert.deepEqual([[5], [4, 4], [1, 8, 3], [1, 4, 4, 1], [1, 2, 4, 4, 1]].map(inferSpatialRank), [1, 2, 1, 2, 3]);
  });
  it('turns a Keras request into a spec without PyTorch-only fields', () => {
    const [a] = defaultRequests(2, keras);
    const spec = toSpec(a!);
    assert.equal(spec.ceilMode, undefined);
    assert.equal(spec.dilation, undefined);
    assert.deepEqual(spec.poolSize, [2, 2]);
  });
});
