/** Public API of the pooling core. Pure: runs in the extension host, a worker, the webview and plain Node. */
export type { DType, Tensor, TypedArray } from './tensor';
export { DTYPES, sizeOf } from './tensor';
export type { PoolSpec, PoolOp, Framework, DataFormat, NanPolicy, SpatialRank, Arithmetic } from './spec';
export { POOL_OPS, PoolSpecError, toSpatialRank } from './spec';
export type { PoolPlan, AxisPlan, ReadAs } from './plan';
export { MAX_POOL_OUTPUT, MAX_POOL_WORK, inferSpatialRank, planCost, planPool } from './plan';
export type { PoolResult, PoolOptions, Backend } from './pool';
export { pool } from './pool';
export { residentArray, residentTensor } from './wasmKernels';
export { finiteRange } from './range';
export type { PlanDescription } from './describe';
export { describePlanCore as describePlan } from './describe';
export type { OutputWindow, WindowCell, WindowOptions, WindowRange } from './explain';
export { windowOf, explainValue, formatValue } from './explain';
export type { TensorStats } from './stats';
export { stats } from './stats';
export { toPlaneIndex } from './argmax';
