/**
 * A framework refuses some dtypes for some ops (Keras: integer averages, 3-D pooling of anything but float32;
 * PyTorch: integer averages but int64, integer adaptive pools, ...; see dtypes.ts). A viewer asked to show such a
 * pooling can instead show what the user would write to get one: the input cast to float32 first. This module
 * decides that, and converts.
 */
import { PoolSpecError, type PoolSpec } from './spec';
import { allocData, type DType, type Tensor } from './tensor';
import { planPool } from './plan';

export interface FrameworkCast {
  spec: PoolSpec;
  /** Why the input is pooled as float32 (the framework's refusal), when it is. */
  note?: string;
}

/**
 * `spec` as it is when the framework takes `dtype` for it; else `spec` with `castTo: 'float32'` and a note that
 * quotes the framework's refusal and says what is shown. Other problems of the spec are left for `pool` to report.
 */
export function castForFramework(shape: readonly number[], spec: PoolSpec, dtype: DType): FrameworkCast {
  if (dtype === 'float32' || spec.castTo === 'float32') return { spec };
  try {
    planPool(shape, spec, dtype);
    return { spec };
  } catch (err) {
    if (!(err instanceof PoolSpecError) || err.param !== 'input dtype') return { spec };
    const cast: PoolSpec = { ...spec, castTo: 'float32' };
    try {
      planPool(shape, cast, 'float32');
    } catch {
      return { spec };
    }
    return { spec: cast, note: `shown for the input cast to float32: ${err.rule}` };
  }
}

/** `input` converted to float32 (a new tensor; values rounded to the nearest float32, bool as 0/1). */
export function toFloat32(input: Tensor): Tensor {
  const d = input.data;
  const out = allocData('float32', d.length) as Float32Array;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]!);
  } else {
    out.set(d);
  }
  return { dtype: 'float32', shape: input.shape, data: out };
}
