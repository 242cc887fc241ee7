import { strict as assert } from 'node:assert';
import type { PoolRequest } from '../../../src/protocol/messages';
import { FieldError, axesText, opsFor, parseAxes, withFramework, withRank } from '../../../webview/requests';

const base: PoolRequest = {
  id: 'max', op: 'max', framework: 'keras', poolSize: [2, 2], strides: [2, 2], padding: 'valid', dilation: [1, 1],
  ceilMode: false, countIncludePad: true, divisorOverride: 0, outputSize: [1, 1], p: 2, dataFormat: 'channelsLast',
  keepdims: false, nan: 'propagate',
};

describe('editing requests from the panel fields', () => {
  it('"3" fills every axis', () => assert.deepEqual(parseAxes('Pool size', '3', 2, 1), [3, 3]));
  it('"2, 3" and "(2, 3)" and "2x3" give one value per axis', () => {
    for (const t of ['2, 3', '(2, 3)', '2x3', ' 2 3 ']) assert.deepEqual(parseAxes('Pool size', t, 2, 1), [2, 3]);
  });
  it('refuses text that is not a whole number, naming the field', () => {
    assert.throws(() => parseAxes('Strides', '1.5', 2, 1), (e: unknown) => e instanceof FieldError && /Strides: "1.5" is not a whole number/.test(e.message));
    assert.throws(() => parseAxes('Strides', 'abc', 2, 1), FieldError);
  });
  it('refuses the wrong number of values', () => {
    assert.throws(() => parseAxes('Pool size', '2, 2, 2', 2, 1), /give 1 value or 2/);
  });
  it('refuses values below the minimum and absurd ones', () => {
    assert.throws(() => parseAxes('Pool size', '0', 2, 1), /0 is below the smallest allowed value, 1/);
    assert.throws(() => parseAxes('Pool size', '1000000', 2, 1), /too large/);
  });
  it('refuses an empty field', () => assert.throws(() => parseAxes('Pool size', ' ', 2, 1), /enter a number/));
  it('axesText collapses equal values', () => {
    assert.equal(axesText([2, 2]), '2');
    assert.equal(axesText([2, 3]), '2, 3');
  });
  it('withRank keeps per-axis values where it can', () => {
    const r = withRank({ ...base, poolSize: [2, 3] }, 3);
    assert.deepEqual(r.poolSize, [2, 3, 2]);
    assert.deepEqual(withRank(base, 1).strides, [2]);
  });
  it('Keras offers no adaptive or LP pooling; PyTorch does', () => {
    assert.ok(!opsFor('keras').includes('lp'));
    assert.ok(opsFor('pytorch').includes('adaptiveAvg'));
  });
  it('switching to PyTorch turns padding into numbers; back to Keras gives valid', () => {
    const torch = withFramework({ ...base, padding: 'same' }, 'pytorch');
    assert.deepEqual(torch.padding, [0, 0]);
    assert.equal(withFramework({ ...torch, op: 'lp' }, 'keras').op, 'max');
    assert.equal(withFramework(torch, 'keras').padding, 'valid');
  });
});
