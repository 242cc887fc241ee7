import type { PoolPlan } from './plan';
import type { Tensor, TypedArray } from './tensor';

export function wasmPool(_plan: PoolPlan, _input: Tensor): TypedArray | null {
  return null;
}
