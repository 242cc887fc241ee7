/**
 * Which dtypes each framework pools and what dtype it returns, per op and rank, as measured with Keras 3.15 /
 * TF 2.21 and PyTorch 2.13 on CPU (test/fixtures/pooling/generate.py records the refusals and outputs it checks).
 * The panel says "Keras rules" or "PyTorch rules": a result in another dtype than the framework's, or a result
 * where the framework raises, would misstate what the layer does. Keras is read as a layer built with the input's
 * dtype (`MaxPooling2D(dtype='float16')`), since a float32 layer casts every float input to float32 first.
 *
 * Keras (TF kernels): MaxPool/AvgPool take float16/float32/float64 in 1-D and 2-D, MaxPool also the integers up
 * to 64 bits except uint32/uint64 (and not bool); every 3-D kernel is float32 only; `reduce_max` (global max)
 * takes every dtype; `reduce_mean` (global average) of integers and bool gives float32.
 * PyTorch: pooling kernels take float16/float32/float64; MaxPool2d/3d also int8..int64 (MaxPool1d only with
 * `return_indices=True`); AvgPool also int64 (integer mean, truncated toward zero); AvgPool3d/LPPool3d have no
 * float16 kernel; LPPool of integers gives float32 (with an integer p only int64 and bool: x^p keeps the dtype);
 * the adaptive (and so global) pools take floats only.
 */
import { type Framework, type PoolOp, PoolSpecError, isMaxOp } from './spec';
import type { DType } from './tensor';

const FLOATS: readonly DType[] = ['float16', 'float32', 'float64'];
const SIGNED: readonly DType[] = ['int8', 'int16', 'int32', 'int64'];

export function isFloatDType(dtype: DType): boolean {
  return FLOATS.includes(dtype);
}

/** The dtype `framework`'s `op` returns for an input of `dtype` (one it accepts: see `checkDType`). */
export function frameworkOutputDType(framework: Framework, op: PoolOp, dtype: DType): DType {
  if (isMaxOp(op) || isFloatDType(dtype)) return dtype;
  // Integer and bool inputs of the ops that divide.
  if (op === 'lp') return 'float32';
  if (framework === 'keras') return op === 'globalAvg' ? 'float32' : 'float64';
  // PyTorch's integer average (int64 only; checkDType refuses the others) stays integer, truncated.
  return dtype;
}

/**
 * Whether the window average is an integer division truncated toward zero: PyTorch's AvgPool of int64, and its
 * LPPool of int64/bool with an integer `p` (x^p stays int64 and is averaged by avg_pool; a fractional p gives
 * float32 powers). An integer-valued `p` is read as Python's int, as in `nn.LPPool2d(2, ...)`.
 */
export function truncatesAverage(framework: Framework, op: PoolOp, dtype: DType, p: number | null): boolean {
  if (framework !== 'pytorch' || isFloatDType(dtype)) return false;
  return op === 'avg' || (op === 'lp' && p !== null && Number.isInteger(p));
}

/** TF's kernel name of a Keras op, for messages. */
const TF_KERNEL: Record<PoolOp, string> = {
  max: 'MaxPool', avg: 'AvgPool', globalMax: 'reduce_max', globalAvg: 'reduce_mean', adaptiveMax: 'MaxPool',
  adaptiveAvg: 'AvgPool', lp: 'LP pooling',
};

/** Why Keras refuses `dtype` for `op` in `rank` dimensions, or null when it accepts it. */
function kerasRefusal(op: PoolOp, rank: number, dtype: DType): string | null {
  if (op === 'globalMax' || op === 'globalAvg' || op === 'lp') return null;
  const kernel = `${TF_KERNEL[op]}${rank === 3 ? '3D' : ''}`;
  if (rank === 3) {
    return dtype === 'float32' ? null
      : `TF 2.21's ${kernel} kernel on CPU takes float32 only (Keras raises for ${dtype} in 3-D pooling); convert to float32`;
  }
  if (isFloatDType(dtype)) return null;
  if (!isMaxOp(op)) {
    return `TF's ${kernel} takes float16, float32 and float64 only (Keras average pooling raises for ${dtype}); convert to a float dtype`;
  }
  if (dtype === 'uint32' || dtype === 'uint64' || dtype === 'bool') {
    return `TF's ${kernel} has no ${dtype} kernel (Keras raises); it takes floats and int8..int64, uint8, uint16`;
  }
  return null;
}

/** PyTorch's function name of an op in `rank` dimensions, for messages. */
function torchName(op: PoolOp, rank: number): string {
  const base = { max: 'max_pool', avg: 'avg_pool', globalMax: 'adaptive_max_pool', globalAvg: 'adaptive_avg_pool',
    adaptiveMax: 'adaptive_max_pool', adaptiveAvg: 'adaptive_avg_pool', lp: 'lp_pool' }[op];
  return `${base}${rank}d`;
}

/** Why PyTorch refuses `dtype` for `op`, or null when it accepts it. */
function torchRefusal(op: PoolOp, rank: number, dtype: DType, returnIndices: boolean, p: number | null): string | null {
  const name = torchName(op, rank);
  if (isFloatDType(dtype)) {
    if (dtype === 'float16' && rank === 3 && (op === 'avg' || op === 'lp')) {
      return `PyTorch 2.13 has no float16 ${name} on CPU ("avg_pool3d_out_frame" not implemented for 'Half'); convert to float32`;
    }
    return null;
  }
  if (op === 'max') {
    if (!SIGNED.includes(dtype) && dtype !== 'uint8') return `PyTorch's ${name} is not implemented for ${dtype}`;
    if (rank === 1 && !returnIndices) {
      return `PyTorch's max_pool1d without return_indices is not implemented for integers ("max_pool1d_impl" not ` +
        `implemented for ${dtype}); pass returnIndices: true (return_indices=True) or convert to a float dtype`;
    }
    return null;
  }
  if (op === 'avg') return dtype === 'int64' ? null : `PyTorch's ${name} is not implemented for ${dtype} (of the integers, only int64)`;
  if (op === 'lp') {
    // x.pow(p): a fractional p gives float32 powers (any integer dtype); an integer p keeps the dtype, which
    // avg_pool then takes only as int64 (bool powers are int64).
    return p === null || !Number.isInteger(p) || dtype === 'int64' || dtype === 'bool' ? null
      : `PyTorch's ${name} with an integer p is not implemented for ${dtype} (x^p stays ${dtype} and avg_pool ` +
        'takes only int64 among the integers); use a fractional p or convert to a float dtype';
  }
  return `PyTorch's ${name} takes float16, float32 and float64 only (not ${dtype}); convert to a float dtype`;
}

/**
 * Throws a `PoolSpecError` (parameter `input dtype`) when `framework` refuses `dtype` for `op` in `rank`
 * spatial dimensions, quoting the framework's rule.
 */
export function checkDType(
  framework: Framework, op: PoolOp, rank: number, dtype: DType, returnIndices = false, p: number | null = null,
): void {
  const why = framework === 'keras' ? kerasRefusal(op, rank, dtype) : torchRefusal(op, rank, dtype, returnIndices, p);
  if (why !== null) throw new PoolSpecError('input dtype', dtype, why);
}
