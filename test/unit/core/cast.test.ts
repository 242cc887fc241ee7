import * as assert from 'node:assert/strict';
import { castForFramework, pool, PoolSpecError, type Tensor } from '../../../src/core';

const photo: Tensor = { dtype: 'uint8', shape: [1, 4, 4, 1], data: Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 255]) };

describe('castForFramework: a dtype the framework refuses is shown cast to float32', () => {
  it('Keras average of uint8: refused by the core, cast by castForFramework with the refusal quoted', () => {
    const spec = { op: 'avg' as const, poolSize: 2 };
    assert.throws(() => pool(photo, spec), (e: unknown) => e instanceof PoolSpecError && e.param === 'input dtype');
    const { spec: cast, note } = castForFramework(photo.shape, spec, photo.dtype);
    assert.equal(cast.castTo, 'float32');
    assert.match(note ?? '', /^shown for the input cast to float32: TF's AvgPool takes float16, float32 and float64 only/);
    const r = pool(photo, cast);
    assert.equal(r.output.dtype, 'float32');
    // (0 + 10 + 40 + 50) / 4, (20 + 30 + 60 + 70) / 4, (80 + 90 + 120 + 130) / 4, (100 + 110 + 140 + 255) / 4
    assert.deepEqual(Array.from(r.output.data as Float32Array), [25, 45, 105, 151.25]);
  });

  it('Keras max of uint8 is taken as it is: no cast, no note, uint8 out', () => {
    const spec = { op: 'max' as const, poolSize: 2 };
    const c = castForFramework(photo.shape, spec, photo.dtype);
    assert.equal(c.spec, spec);
    assert.equal(c.note, undefined);
    assert.equal(pool(photo, c.spec).output.dtype, 'uint8');
  });

  it('a spec invalid for other reasons is left for pool to report (no cast hides it)', () => {
    const spec = { op: 'avg' as const, poolSize: 9 };
    const c = castForFramework([1, 4, 4, 1], { ...spec, padding: 'bogus' as never }, 'uint8');
    assert.equal(c.spec.castTo, undefined);
  });

  it('int64 (BigInt) and bool convert to float32 values', () => {
    const big: Tensor = { dtype: 'int64', shape: [1, 2, 2, 1], data: BigInt64Array.from([1n, 2n, 3n, 5n]) };
    assert.deepEqual(Array.from(pool(big, { op: 'avg', poolSize: 2, castTo: 'float32' }).output.data as Float32Array), [2.75]);
    const bool: Tensor = { dtype: 'bool', shape: [1, 2, 2, 1], data: Uint8Array.from([1, 0, 1, 1]) };
    assert.deepEqual(Array.from(pool(bool, { op: 'avg', poolSize: 2, castTo: 'float32' }).output.data as Float32Array), [0.75]);
  });

  it('castTo other than float32 is a PoolSpecError', () => {
    assert.throws(() => pool(photo, { op: 'max', poolSize: 2, castTo: 'int8' as never }), /castTo = 'int8': must be 'float32' or absent/);
  });
});
