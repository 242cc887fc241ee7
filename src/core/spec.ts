/**
 * What a caller asks for (`PoolSpec`) and the one error type for asking wrongly (`PoolSpecError`).
 * Names follow Keras (`poolSize`, `strides`, `padding`, `dataFormat`); PyTorch-only options keep PyTorch's
 * names (`dilation`, `ceilMode`, `countIncludePad`, `divisorOverride`, `outputSize`, `p`).
 */

export type PoolOp = 'max' | 'avg' | 'globalMax' | 'globalAvg' | 'adaptiveMax' | 'adaptiveAvg' | 'lp';
/** Every `PoolOp`, in the order the panel lists them: what `planPool` and the webview protocol accept. */
export const POOL_OPS: readonly PoolOp[] = ['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg', 'lp'];
export type Framework = 'keras' | 'pytorch';
export type DataFormat = 'channelsLast' | 'channelsFirst';
/**
 * The NaN rule asked for: `framework` (the default) is the framework's own rule for the op (see `NanRule`);
 * `propagate` and `ignore` override it.
 */
export type NanPolicy = 'framework' | 'propagate' | 'ignore';
/**
 * The NaN rule a plan applies (`PoolPlan.nan`). `propagate`: a NaN in the window makes the result NaN (PyTorch
 * everywhere; Keras averages and `reduce_max`). `ignore`: NaN cells are skipped, an all-NaN max window gives -inf
 * (tfjs). `neverWins`: TF's MaxPool (Keras max and adaptive max): the running max starts at the dtype's lowest
 * finite value and a NaN never replaces it, so an all-NaN (or all -inf) window gives that lowest finite value.
 * `unlessGreater`: TF's MaxPool3D (Keras 3-D max and adaptive max), from -inf in row-major order, per channel:
 * channels outside whole groups of 8 (its scalar loop) take each cell unless the running max is greater, so a NaN
 * is replaced by any later cell and wins only as the last, and of tied cells the last wins; channels in whole
 * groups of 8 (its AVX vectors) take a cell only when greater (a NaN never wins, ties keep the first). All -inf
 * gives -inf; a padding cell counts as the lowest finite value.
 */
export type NanRule = 'propagate' | 'ignore' | 'neverWins' | 'unlessGreater';
/** How averages and LP norms are computed: see `PoolSpec.arithmetic`. */
export type Arithmetic = 'exact' | 'framework';
export type SpatialRank = 1 | 2 | 3;

/** The spatial rank nearest `n`: 1 for anything below 2, 3 for anything above 2 (e.g. a request's window length). */
export function toSpatialRank(n: number): SpatialRank {
  return n <= 1 ? 1 : n >= 3 ? 3 : 2;
}

export interface PoolSpec {
  op: PoolOp;
  /** Rule set. `keras` (default): `valid`/`same` padding, padding never counted. `pytorch`: explicit padding etc. */
  framework?: Framework;
  /** Window size per spatial axis (a number means the same on every axis). Required for max, avg and lp. */
  poolSize?: number | readonly number[];
  /** Step per spatial axis. Default: `poolSize` (Keras and PyTorch agree). */
  strides?: number | readonly number[];
  /**
   * Keras: `'valid'` (default) or `'same'`. PyTorch: symmetric padding per axis (a number or one per axis),
   * `0 <= p <= floor(poolSize / 2)` (PyTorch 2.13 checks the raw window, even with dilation); `'valid'` means 0.
   */
  padding?: 'valid' | 'same' | number | readonly number[];
  /** Spacing between window cells (max pooling only). Default 1. */
  dilation?: number | readonly number[];
  /** PyTorch: round the output length up, but the last window must start inside the input or left padding. */
  ceilMode?: boolean;
  /** PyTorch average pooling: count padded cells in the divisor (PyTorch default true; Keras never counts them). */
  countIncludePad?: boolean;
  /** PyTorch average pooling: divide every window by this instead of its cell count. */
  divisorOverride?: number;
  /** Adaptive pooling: output length per spatial axis; `null` on an axis keeps the input length. */
  outputSize?: number | readonly (number | null)[];
  /** LP pooling: the norm's power (> 0). */
  p?: number;
  /** `channelsLast` (N, ...spatial, C), the default, or `channelsFirst` (N, C, ...spatial). */
  dataFormat?: DataFormat;
  /** Global pooling: keep the reduced spatial axes as size 1. Default false. */
  keepdims?: boolean;
  /** `framework` (default: the framework's own rule per op, see `NanRule`), `propagate` or `ignore`. */
  nan?: NanPolicy;
  /**
   * PyTorch max pooling: `return_indices=True`. Only PyTorch's 1-D integer max pooling depends on it (refused
   * without it); the argmax is computed either way. Default false.
   */
  returnIndices?: boolean;
  /**
   * Averages and LP norms. `exact` (default): each window's cells added in float64 in row-major order, divided
   * and rounded once to the output dtype. `framework`: the framework's own CPU arithmetic step by step, for
   * float16/float32 inputs (sums in float16 or float32 that may overflow, cancel or underflow; see
   * frameworkArith.ts). Max pooling is exact either way.
   */
  arithmetic?: Arithmetic;
  /**
   * `'float32'`: pool the input converted to float32 first, as `tf.cast(x, tf.float32)` or `x.float()` before the
   * layer would. For inputs whose dtype the framework refuses for the op (integers in Keras averages, float16 in
   * Keras 3-D pooling): `castForFramework` sets it and says why, so a viewer can still show the pooling.
   */
  castTo?: 'float32';
  /**
   * Number of spatial axes. Default: the length of an array `poolSize`/`outputSize`, else from the input rank
   * (rank 1 -> 1, rank 2 -> 2 (a matrix), rank r >= 3 -> r - 2).
   */
  spatialRank?: SpatialRank;
}

/** A spec that cannot be applied. `message` names the parameter, the value given and the rule it breaks. */
export class PoolSpecError extends Error {
  override readonly name = 'PoolSpecError';
  constructor(
    readonly param: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`${param} = ${showValue(value)}: ${rule}`);
  }
}

function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(showValue).join(', ')}]`;
  if (typeof v === 'bigint') return `${v}n`;
  return String(v);
}

export function isMaxOp(op: PoolOp): boolean {
  return op === 'max' || op === 'globalMax' || op === 'adaptiveMax';
}

export function isGlobalOp(op: PoolOp): boolean {
  return op === 'globalMax' || op === 'globalAvg';
}

export function isAdaptiveOp(op: PoolOp): boolean {
  return op === 'adaptiveMax' || op === 'adaptiveAvg';
}

/**
 * The NaN rule in force: an explicit `propagate`/`ignore`, else the framework's own: TF's MaxPool (Keras 1-D/2-D
 * max and adaptive max) lets no NaN win, its MaxPool3D keeps a cell unless the running max is greater; everything
 * else, and all of PyTorch, propagates.
 */
export function nanRuleOf(framework: Framework, op: PoolOp, asked: PoolSpec['nan'], rank: SpatialRank): NanRule {
  if (asked === 'propagate' || asked === 'ignore') return asked;
  if (framework !== 'keras' || (op !== 'max' && op !== 'adaptiveMax')) return 'propagate';
  return rank === 3 ? 'unlessGreater' : 'neverWins';
}
