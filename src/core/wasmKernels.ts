/**
 * The WebAssembly SIMD path (the kernels in wasm/pool.wat), for the cases where it pays and where it can match
 * the TypeScript path bit for bit: float32 and float64 data (float32/float16/float64 dtypes; float64 runs the
 * _d kernels on f64x2 lanes), max/avg/global/adaptive ops, NaN `propagate`, no dilation, any channel count and
 * data format (channels first is C = 1 per plane), and a third spatial axis only when its window is one cell.
 * Everything else returns null and the caller runs the TypeScript path; so does a runtime without WebAssembly
 * (wasm/module.ts).
 *
 * A call streams the input through the kernels' memory, reading each input row once, and fills a fresh
 * Float32Array (Float64Array for float64) or the caller's `out`. An input from `residentTensor` is read where it
 * lies, and an output from `residentArray` written where it lies (wasm/resident.ts). `runWasm` runs the first
 * strategy of STRATEGIES that applies; each strategy's file under wasm/ says what it does and why it is exact.
 */
import type { PoolPlan } from './plan';
import type { Tensor, TypedArray } from './tensor';
import { poolCtx } from './wasm/context';
import { fused2x2 } from './wasm/fused2x2';
import { generalRows } from './wasm/generalRows';
import { hvmax7 } from './wasm/hvmax7';
import { type FloatArray, OutOfWasmMemory } from './wasm/memory';
import { kernelSet, loadKernels } from './wasm/module';
import { type Resident, residentOf } from './wasm/resident';
import type { Strategy } from './wasm/strategy';
import { vanHerkRows } from './wasm/vanHerkRows';
import { wholeRows } from './wasm/wholeRows';

export { loadKernels } from './wasm/module';
export { outAllowed, residentArray, residentTensor } from './wasm/resident';

/** Tried in this order; the first that applies runs (a strategy may rely on the earlier ones not applying). */
const STRATEGIES: readonly Strategy[] = [fused2x2, hvmax7, vanHerkRows, wholeRows, generalRows];

/** Whether the WebAssembly kernels run here (for tests and the benchmark). */
export function wasmAvailable(): boolean {
  return loadKernels() !== null;
}

/**
 * Runs the plan in WebAssembly, or returns null when this case is not covered (see the module comment) or
 * its rows need more wasm memory than the runtime gives.
 */
export function wasmPool(plan: PoolPlan, input: Tensor, into?: TypedArray): TypedArray | null {
  const resident = residentOf(input.data.buffer);
  if (resident !== undefined) {
    try {
      return runWasm(plan, input, into as FloatArray | undefined, resident);
    } catch (e) {
      if (!(e instanceof OutOfWasmMemory)) throw e;
      // Its scratch space is too small for this call: stream the input through the shared memory instead.
    }
  }
  try {
    return runWasm(plan, input, into as FloatArray | undefined, null);
  } catch (e) {
    if (e instanceof OutOfWasmMemory) return null;
    throw e;
  }
}

function runWasm(plan: PoolPlan, input: Tensor, into: FloatArray | undefined, resident: Resident | null): TypedArray | null {
  if (input.dtype !== 'float32' && input.dtype !== 'float16' && input.dtype !== 'float64') return null;
  // Every op that is not a max runs as a sum: a new op returns null here until it has kernels.
  if (plan.op === 'lp' || plan.nan !== 'propagate' || plan.axes.some((a) => a.dilation !== 1)) return null;
  // The row passes size their padded rows, rings and van Herk rows by the window's length: a window far longer
  // than its axis (mostly padding) would take memory in proportion to the window, not the data. The TypeScript
  // path visits only its in-bounds cells.
  if (plan.axes.some((a) => a.poolSize > 2 * a.inSize + 64)) return null;
  const k = resident?.k ?? loadKernels();
  if (k === null) return null;
  const ctx = poolCtx(plan, input, k, into, resident);
  if (ctx === null) return null;
  STRATEGIES.find((s) => s.applies(ctx))!.run(ctx);
  return ctx.out;
}

/**
 * Whether a float output holds a NaN (pool.ts's check that TF's `neverWins` rule agrees with the kernels'
 * `propagate`): by the SIMD `hasnan` kernel where the array lies in a resident tensor's memory (the setting of
 * live re-pooling), else by a scan that tests four cells' sum and looks closer only when it is NaN.
 */
export function outputHasNaN(d: Float32Array | Float64Array): boolean {
  const r = residentOf(d.buffer);
  let from = 0;
  if (r !== undefined) {
    const bytes = d.byteLength - (d.byteLength % 16);
    if (bytes > 0 && kernelSet(r.k, d instanceof Float64Array).hasnan(d.byteOffset, bytes) !== 0) return true;
    from = bytes / d.BYTES_PER_ELEMENT;
  }
  return scanNaN(d, from);
}

function scanNaN(d: Float32Array | Float64Array, from: number): boolean {
  const n = d.length;
  let i = from;
  for (; i + 4 <= n; i += 4) {
    const s = d[i]! + d[i + 1]! + d[i + 2]! + d[i + 3]!;
    // NaN when a cell is NaN, or when +inf meets -inf: then look at the cells.
    if (s !== s && (d[i] !== d[i] || d[i + 1] !== d[i + 1] || d[i + 2] !== d[i + 2] || d[i + 3] !== d[i + 3])) return true;
  }
  for (; i < n; i++) if (d[i] !== d[i]) return true;
  return false;
}

