import { strict as assert } from 'node:assert';
import type { PoolRequest } from '../../../src/protocol/messages';
import {
  FieldError, axesText, fieldOfCoreError, opsFor, parseAxes, parsePositive, parseWhole, withFramework, withRank,
} from '../../../webview/requests';

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

describe('the numeric fields (precision, batch / channel / depth, divisor override, p)', () => {
  const precision = (text: string): number => parseWhole('precision', text, 1, 17, 'Precision: significant digits, 1 to 17');
  it('a whole number in range is read; outside it, or not whole, the field error says what is accepted', () => {
    assert.equal(precision('3'), 3);
    assert.equal(precision(' 17 '), 17);
    for (const bad of ['0', '18', '2.5', 'abc', '']) {
      assert.throws(() => precision(bad), (e: unknown) => e instanceof FieldError && e.field === 'precision' && e.message === 'Precision: significant digits, 1 to 17', bad);
    }
  });
  it('an index field accepts 0 to n - 1; empty reads as 0 as the field always has', () => {
    const channel = (text: string): number => parseWhole('channel', text, 0, 2, 'Channel (of 3): 0 to 2');
    assert.equal(channel('2'), 2);
    assert.equal(channel(''), 0);
    assert.throws(() => channel('3'), /Channel \(of 3\): 0 to 2/);
    assert.throws(() => channel('-1'), FieldError);
  });
  it('the divisor override takes any whole number >= 0 (0 or empty: none)', () => {
    const divisor = (text: string): number => parseWhole('divisorOverride', text, 0, Infinity, 'Divisor override: a whole number > 0, or empty for none');
    assert.equal(divisor(''), 0);
    assert.equal(divisor('9'), 9);
    assert.throws(() => divisor('1.5'), FieldError);
  });
  it('p takes a finite number above 0', () => {
    assert.equal(parsePositive('p', '1.5', 'p: a number greater than 0'), 1.5);
    for (const bad of ['0', '-1', 'Infinity', 'x']) assert.throws(() => parsePositive('p', bad, 'p: a number greater than 0'), /p: a number greater than 0/, bad);
  });
  it("a core error goes under the control of the parameter it names, else under the operation", () => {
    assert.equal(fieldOfCoreError('padding = [2, 2] must be at most half the window'), 'padding');
    assert.equal(fieldOfCoreError('spatialRank must be 1, 2 or 3'), 'rank');
    assert.equal(fieldOfCoreError('output would hold 900,000,000 elements'), 'op');
    assert.equal(fieldOfCoreError('constructor is not a parameter'), 'op');
  });
});
