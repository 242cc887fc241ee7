// Where the framework's arithmetic departs materially from the exact answer, with both values and the step at
// fault: cases small enough to check by hand.
import assert from 'node:assert/strict';
import { type PoolSpec, type Tensor, arithmeticMarks, differsMaterially, explainValue, pool } from '../../../src/core';

function run(x: Tensor, spec: PoolSpec): { texts: string[]; marks: number[]; framework: number[] } {
  const r = pool(x, spec);
  const texts = Array.from({ length: r.output.data.length }, (_, i) => explainValue(x, r, i));
  const marks = Array.from(arithmeticMarks(r.plan, x, r.output.data as Float32Array));
  const framework = Array.from(pool(x, { ...spec, arithmetic: 'framework' }).output.data as Float32Array);
  return { texts, marks, framework };
}

describe('arithmetic notes: framework vs exact', () => {
  it('float16 [[60000, 30000], [10, 20]] 2x2 avg: Keras overflows (60000 + 30000 > 65504), the exact mean is 22507.5 (22512 in float16)', () => {
    const x: Tensor = { dtype: 'float16', shape: [2, 4], data: Float32Array.from([60000, 30000, 1, 2, 10, 20, 3, 4]) };
    const { texts, marks, framework } = run(x, { op: 'avg', poolSize: 2 });
    assert.deepEqual(framework, [Infinity, 2.5]);
    assert.deepEqual(marks, [0]);
    assert.equal(texts[0], 'avg = 90030 / 4 = 22507.5, 22512 in float16. Keras sums in float16: 60000 + 30000 overflows to inf; Keras gives inf, the exact mean in float16 is 22512');
    assert.equal(texts[1], 'avg = 10 / 4 = 2.5');
  });

  it('PyTorch sums float16 in float32: the same window does not overflow there, nothing is marked', () => {
    const x: Tensor = { dtype: 'float16', shape: [1, 1, 2, 2], data: Float32Array.from([60000, 30000, 10, 20]) };
    const { marks, framework } = run(x, { op: 'avg', framework: 'pytorch', poolSize: 2, dataFormat: 'channelsFirst' });
    assert.deepEqual(marks, []);
    assert.equal(framework[0], 22512); // 22507.5 rounded to float16 (spacing 16 there)
  });

  it('float32 [[1e8, 1], [-1e8, 1]]: (1e8 + 1) rounds to 1e8 in float32, Keras gives 1 / 4 = 0.25, the exact mean is 0.5', () => {
    const x: Tensor = { dtype: 'float32', shape: [2, 2], data: Float32Array.from([1e8, 1, -1e8, 1]) };
    const { texts, marks, framework } = run(x, { op: 'avg', poolSize: 2 });
    assert.deepEqual(framework, [0.25]);
    assert.deepEqual(marks, [0]);
    assert.match(texts[0]!, /Keras sums in float32: large cells cancel .*Keras gives 0\.25, the exact mean is 0\.5$/);
  });

  it('float16 LP p=3 of [-0.00278, -0.00278]: each cube underflows to -0 in float16, PyTorch gives 0 where the exact norm is NaN', () => {
    const x: Tensor = { dtype: 'float16', shape: [1, 1, 2], data: Float32Array.from([-0.00278, -0.00278]) };
    const { texts, framework } = run(x, { op: 'lp', framework: 'pytorch', p: 3, poolSize: 2, dataFormat: 'channelsFirst' });
    assert.deepEqual(framework, [0]);
    assert.match(texts[0]!, /PyTorch computes x\^p in float16: 2 of 2 x\^3 underflow to 0; PyTorch gives 0, the exact L3 norm is NaN$/);
  });

  it('float16 LP p=3 of [-inf, 1]: (-inf)^(1/3) is +inf in PyTorch', () => {
    const x: Tensor = { dtype: 'float16', shape: [1, 1, 2], data: Float32Array.from([-Infinity, 1]) };
    assert.deepEqual(Array.from(pool(x, { op: 'lp', framework: 'pytorch', p: 3, poolSize: 2, dataFormat: 'channelsFirst', arithmetic: 'framework' }).output.data as Float32Array), [Infinity]);
  });

  it('material means non-finite vs finite, zero vs nonzero, or 1% apart; float16 rounding alone is not', () => {
    assert.ok(differsMaterially(Infinity, 1));
    assert.ok(differsMaterially(0, 1e-30));
    assert.ok(differsMaterially(1.02, 1));
    assert.ok(!differsMaterially(22512, 22507.5));
    assert.ok(!differsMaterially(NaN, NaN));
    assert.ok(differsMaterially(-Infinity, Infinity));
  });

  it("'arithmetic' must be 'exact' or 'framework'", () => {
    const x: Tensor = { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) };
    assert.throws(() => pool(x, { op: 'avg', poolSize: 2, arithmetic: 'fast' as never }), /arithmetic = 'fast': must be 'exact' or 'framework'/);
  });

  it('max pooling and float64 have no separate framework arithmetic: no marks', () => {
    const x: Tensor = { dtype: 'float64', shape: [2, 2], data: Float64Array.from([1e300, 1e300, -1e300, 1]) };
    const r = pool(x, { op: 'avg', poolSize: 2 });
    assert.equal(arithmeticMarks(r.plan, x, r.output.data as Float64Array).length, 0);
  });
});
