/**
 * `pool()`: plan, pick a kernel (WebAssembly SIMD where it applies and loads, else plain TypeScript; both give
 * identical results), run it, and wrap the result with its plan.
 */
import { MAX_POOL_OUTPUT, type PoolPlan, planPool } from './plan';
import { type PoolSpec, PoolSpecError, isMaxOp } from './spec';
import { type Tensor, type TypedArray, allocData, sizeOf } from './tensor';
import {
  canonical, finishAverage, lastZeroTies, maxPoolTS, numericView, outputDType, reduceMaxTies, sumPoolTS,
} from './kernels';
import { outAllowed, outputHasNaN, wasmPool } from './wasmKernels';
import { toFloat32 } from './cast';
import { type OrderCheck, checkSumOrder, patchWindows, windowSums } from './sumOrder';
import { frameworkPool, frameworkSteps } from './frameworkArith';

export type Backend = 'auto' | 'ts' | 'wasm';

export interface PoolOptions {
  /**
   * `auto` (default): WebAssembly SIMD for the cases it covers when WebAssembly is available, else TypeScript.
   * `ts` forces the TypeScript path; `wasm` is `auto` that reports (via `PoolResult.backend`) which ran.
   */
  backend?: Backend;
  /**
   * Where to write the output, as numpy's `out=`: a typed array of the output's class (Float32Array for
   * float16/float32 results, Float64Array for float64 and integer averages, the input's class for max of
   * integers) with exactly `plan.outputLength` elements, not sharing memory with the input. Reusing one array
   * across calls (live re-pooling) saves allocating and first-touching a new output each time.
   * `PoolResult.output.data` is then this array.
   */
  out?: TypedArray;
  /**
   * Averages: `proven` (default) takes the fast paths (axis by axis, running sums) only where they provably give
   * each window's row-major sum, and sums the other windows directly (sumOrder.ts). `separable` always takes them
   * (the kernels' own tests, and comparing the two): sums may then differ from row-major ones in the last bits.
   */
  sumOrder?: 'proven' | 'separable';
}

export interface PoolResult {
  output: Tensor;
  /**
   * Max ops only: for each output cell, the flat row-major index into `input.data` of the winning cell
   * (first on ties, last NaN under `nan: 'propagate'`), -1 when the window held no candidate.
   * Computed on first read when the WebAssembly kernel produced the values (it computes values only).
   */
  readonly argmax?: Int32Array;
  plan: PoolPlan;
  /** Which kernel computed `output`. */
  backend: 'ts' | 'wasm';
}

/**
 * Pools `input` as `spec` says. Throws `PoolSpecError` for invalid specs, a data length that does not match
 * the shape, an input above 2^31 - 1 elements, a plan over the budget (see `planPool`: `MAX_POOL_OUTPUT`,
 * `MAX_POOL_WORK`), or an int64/uint64 average of more than `MAX_POOL_OUTPUT` elements (its float64 copy is
 * an intermediate). An empty plan gives an empty output tensor (see `plan.emptyReason`).
 */
export function pool(input: Tensor, spec: PoolSpec, options: PoolOptions = {}): PoolResult {
  input = castInput(input, spec);
  const plan = planPool(input.shape, spec, input.dtype);
  const n = sizeOf(input.shape);
  if (input.data.length !== n) {
    throw new PoolSpecError('input data', input.data.length,
      `shape (${input.shape.join(', ')}) holds ${n} elements but the data has ${input.data.length}`);
  }
  if (n > 0x7fffffff) {
    throw new PoolSpecError('input shape', input.shape, 'inputs above 2^31 - 1 elements are not supported (argmax is int32)');
  }
  const max = isMaxOp(plan.op);
  if (!max && (input.dtype === 'int64' || input.dtype === 'uint64') && n > MAX_POOL_OUTPUT) {
    throw new PoolSpecError('input shape', input.shape,
      `averaging ${input.dtype} copies the input's ${n} elements as float64, over the limit of ${MAX_POOL_OUTPUT} ` +
      '(2^28) elements of an intermediate array; pool a smaller input or convert it to float64 first');
  }
  const dtype = outputDType(plan, input);
  const out = options.out;
  if (out !== undefined) checkOut(out, dtype, plan.outputLength, input);
  const fw = frameworkArithmetic(spec, plan, input);
  if (fw !== null) {
    const data = (out ?? allocData(dtype, plan.outputLength)) as Float32Array | Float64Array;
    frameworkPool(plan, fw, numericView(input, null), canonical(plan, plan.countIncludePad), data);
    return { output: { dtype, shape: plan.outputShape, data }, plan, backend: 'ts' };
  }
  // Averages: the fast paths add a window's cells in another order than row-major, so they run only where
  // that provably gives the same sums (sumOrder.ts); other windows are summed directly.
  const order = max || plan.empty || options.sumOrder === 'separable' ? FREE : orderOf(plan, input, dtype);
  const direct = order.kind === 'direct';
  if (options.backend !== 'ts' && !plan.empty && !direct) {
    const w = wasmRun(plan, input, out);
    if (w !== null) {
      patch(plan, input, order, w);
      let argmax: Int32Array | undefined;
      const result: PoolResult = {
        output: { dtype, shape: plan.outputShape, data: w },
        plan,
        backend: 'wasm',
      };
      if (max) {
        Object.defineProperty(result, 'argmax', {
          enumerable: true,
          get: () => (argmax ??= poolTS(plan, input).argmax ?? new Int32Array(0)),
        });
      }
      return result;
    }
  }
  const r = poolTS(plan, input, direct);
  patch(plan, input, order, r.data);
  if (out !== undefined) (out as Float64Array).set(r.data as Float64Array);
  return { output: { dtype, shape: plan.outputShape, data: out ?? r.data }, ...(max ? { argmax: r.argmax ?? new Int32Array(0) } : {}), plan, backend: 'ts' };
}

/**
 * The WebAssembly path where it gives the TypeScript path's result, else null. It propagates NaN: under TF's
 * `neverWins` rule its result stands only when no output is NaN (then no window held a NaN, where the two rules
 * agree). Keras global max then gets `reduce_max`'s sign of tied zeros. Float16 averages stay on the TypeScript
 * path, which rounds them once from float64.
 */
function wasmRun(plan: PoolPlan, input: Tensor, out: TypedArray | undefined): TypedArray | null {
  // Keras 3-D max (TF's MaxPool3D) keeps the last of tied cells, and Keras adaptive max pools axis by axis
  // outermost first: orders the kernels do not follow.
  const kerasOrder = plan.framework === 'keras' && (plan.op === 'adaptiveMax' || (plan.spatialRank === 3 && plan.op === 'max'));
  if ((input.dtype === 'float16' && !isMaxOp(plan.op)) || kerasOrder) return null;
  const neverWins = plan.nan === 'neverWins';
  const w = wasmPool(neverWins ? { ...plan, nan: 'propagate' } : plan, input, out);
  if (w === null) return null;
  if (neverWins && outputHasNaN(w as Float32Array)) return null;
  if (reduceMaxTies(plan)) lastZeroTies(plan, input, w as Float32Array);
  return w;
}

/** `input` as `spec.castTo` asks: itself, or converted to float32. */
function castInput(input: Tensor, spec: PoolSpec): Tensor {
  if (spec.castTo === undefined) return input;
  if (spec.castTo !== 'float32') throw new PoolSpecError('castTo', spec.castTo, "must be 'float32' or absent");
  return input.dtype === 'float32' ? input : toFloat32(input);
}

/** Throws a `PoolSpecError` unless `out` can hold the output (class, length) and does not overlap the input. */
function checkOut(out: TypedArray, dtype: Tensor['dtype'], length: number, input: Tensor): void {
  const Ctor = allocData(dtype, 0).constructor as { name: string };
  if (out.constructor !== Ctor || out.length !== length) {
    throw new PoolSpecError('out', `${out.constructor.name}(${out.length})`,
      `the output is ${dtype}, so out must be a ${Ctor.name} of exactly ${length} elements`);
  }
  const d = input.data;
  if (out.buffer === d.buffer && out.byteOffset < d.byteOffset + d.byteLength && d.byteOffset < out.byteOffset + out.byteLength) {
    throw new PoolSpecError('out', `${out.constructor.name}(${out.length})`, 'out must not share memory with the input');
  }
  if (!outAllowed(out)) {
    throw new PoolSpecError('out', `${out.constructor.name}(${out.length})`,
      "out must not be a resident tensor's data or any view of its memory other than an array from residentArray()");
  }
}

const FREE: OrderCheck = { kind: 'free' };

/** The framework's steps when `spec` asks for its arithmetic and they differ from `exact` here, else null. */
function frameworkArithmetic(spec: PoolSpec, plan: PoolPlan, input: Tensor): ReturnType<typeof frameworkSteps> {
  const a = spec.arithmetic ?? 'exact';
  if (a !== 'exact' && a !== 'framework') {
    throw new PoolSpecError('arithmetic', a, "must be 'exact' or 'framework'");
  }
  return a === 'framework' && !plan.empty ? frameworkSteps(plan, input.dtype) : null;
}

/** Where the separable and running-sum paths give the row-major window sums for this input (sumOrder.ts). */
function orderOf(plan: PoolPlan, input: Tensor, dtype: Tensor['dtype']): OrderCheck {
  const order = checkSumOrder(plan, input, canonical(plan, plan.countIncludePad));
  // patchWindows re-sums without skipping NaN and writes float32/float64 values: under `nan: 'ignore'`, and for
  // outputs finishAverage rounds or converts (float16, int64), sum every window directly instead.
  const patchable = plan.nan !== 'ignore' && (dtype === 'float32' || dtype === 'float64');
  return order.kind === 'patch' && !patchable ? { kind: 'direct' } : order;
}

/** Re-sums in row-major order the windows that `order` says the fast path may have summed otherwise. */
function patch(plan: PoolPlan, input: Tensor, order: OrderCheck, data: TypedArray): void {
  if (order.kind !== 'patch') return;
  const c = canonical(plan, plan.countIncludePad);
  patchWindows(numericView(input, null), c, plan.divisorOverride, order.cells, data as Float32Array | Float64Array);
}

function poolTS(plan: PoolPlan, input: Tensor, direct = false): { data: Tensor['data']; argmax: Int32Array | null } {
  const dtype = outputDType(plan, input);
  if (plan.empty) return { data: allocData(dtype, 0), argmax: isMaxOp(plan.op) ? new Int32Array(0) : null };
  if (isMaxOp(plan.op)) {
    const r = maxPoolTS(plan, input, canonical(plan, false));
    return { data: r.data, argmax: r.argmax };
  }
  const c = canonical(plan, plan.countIncludePad);
  const values = numericView(input, plan.p);
  const skipNaN = plan.nan === 'ignore';
  const { sums, nans } = direct ? windowSums(values, c, skipNaN) : sumPoolTS(plan, values, c, skipNaN);
  if (dtype === 'int64') {
    const exact = new Float64Array(plan.outputLength);
    finishAverage(plan, c, sums, nans, exact, input.dtype);
    return { data: BigInt64Array.from(exact, (v) => (Number.isFinite(v) ? BigInt(v) : 0n)), argmax: null };
  }
  const out = allocData(dtype, plan.outputLength) as Float32Array | Float64Array;
  finishAverage(plan, c, sums, nans, out, input.dtype);
  return { data: out, argmax: null };
}
