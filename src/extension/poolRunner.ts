/**
 * Host side of off-thread pooling. No `vscode` import, so plain-Node tests can drive it.
 *
 * Inputs up to `threshold` elements pool inline (a few ms); larger ones run in a `worker_threads` worker so the
 * extension host's event loop never stalls. The input buffer is transferred to the worker (no copy) and
 * transferred back with the result: the resolved value's `input` is the caller's tensor again, on the returned
 * buffer (the original typed array is detached while the worker holds it). Aborting terminates the worker and
 * rejects with an `AbortError`; the transferred input is then gone, so pass `transfer: false` (one copy) when
 * the caller must keep its input through a cancellation.
 */
import { Worker } from 'node:worker_threads';
import { type PoolResult, type PoolSpec, type Tensor, PoolSpecError, pool } from '../core';
import type { PoolPlan } from '../core/plan';
import { viewData } from '../core/tensor';

/**
 * Measured on the 2-core dev machine (Node 20), 2^20 float32 elements with argmax: 2x2 max 17 ms, 3x3 same max
 * 45-55 ms, 7x7 same avg 4 ms (WebAssembly) to 75-90 ms (TypeScript path, channels first). Half of that keeps
 * the worst inline case under the host's ~50 ms budget.
 */
export const DEFAULT_WORKER_THRESHOLD = 1 << 19;

export interface RunPoolOptions {
  /** Path of the bundled worker script (dist/worker.js). */
  workerPath: string;
  signal?: AbortSignal;
  /** Inputs with more elements than this go to a worker. Default `DEFAULT_WORKER_THRESHOLD`. */
  threshold?: number;
  /** Transfer the input's buffer (default true) instead of copying it. */
  transfer?: boolean;
  /** Compute argmax for max ops (default true). */
  argmax?: boolean;
  /** Extra options for the worker (tests: `execArgv`). */
  workerOptions?: ConstructorParameters<typeof Worker>[1];
}

export interface RunPoolResult extends PoolResult {
  /** The input, given back (on the buffer the worker returned when it went off-thread). */
  input: Tensor;
  /** Where it ran. */
  ranIn: 'inline' | 'worker';
}

/** Messages between `runPool` and src/extension/worker.ts. */
export interface WorkerRequest {
  dtype: Tensor['dtype'];
  shape: number[];
  buffer: ArrayBuffer;
  spec: PoolSpec;
  argmax: boolean;
}

export type WorkerReply =
  | {
    ok: true; input: ArrayBuffer; output: { dtype: Tensor['dtype']; shape: number[]; buffer: ArrayBuffer };
    argmax: ArrayBuffer | null; plan: PoolPlan; backend: 'ts' | 'wasm';
  }
  | { ok: false; input: ArrayBuffer | null; error: { name: string; message: string; param?: string; value?: unknown; rule?: string } };

export function abortError(): Error {
  const e = new Error('pooling was cancelled');
  e.name = 'AbortError';
  return e;
}

/** Typed array of `dtype` over a whole buffer. */
export const viewOf = viewData;

export function runPool(input: Tensor, spec: PoolSpec, options: RunPoolOptions): Promise<RunPoolResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const threshold = options.threshold ?? DEFAULT_WORKER_THRESHOLD;
  if (input.data.length <= threshold) {
    try {
      const r = pool(input, spec);
      if (options.argmax !== false) void r.argmax;
      return Promise.resolve(Object.assign(r, { input, ranIn: 'inline' as const }));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return new Promise<RunPoolResult>((resolve, reject) => {
    const d = input.data;
    const whole = d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && !(d.buffer instanceof SharedArrayBuffer);
    const transfer = options.transfer !== false && whole;
    const buffer = transfer ? d.buffer as ArrayBuffer : d.slice().buffer as ArrayBuffer;
    const worker = new Worker(options.workerPath, options.workerOptions);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerReply) => finish(() => {
      const back: Tensor = transfer && m.input !== null
        ? { dtype: input.dtype, shape: input.shape, data: viewOf(input.dtype, m.input) }
        : input;
      if (!m.ok) {
        const e = m.error;
        reject(e.name === 'PoolSpecError' ? new PoolSpecError(e.param ?? '', e.value, e.rule ?? e.message) : new Error(e.message));
        return;
      }
      const result: RunPoolResult = {
        output: { dtype: m.output.dtype, shape: m.output.shape, data: viewOf(m.output.dtype, m.output.buffer) },
        plan: m.plan, backend: m.backend, input: back, ranIn: 'worker',
        ...(m.argmax !== null ? { argmax: new Int32Array(m.argmax) } : {}),
      };
      resolve(result);
    }));
    worker.on('error', (err) => finish(() => reject(new Error(`pooling worker crashed: ${err.message}`))));
    worker.on('exit', (code) => finish(() => reject(new Error(`pooling worker exited (code ${code}) before replying`))));
    const req: WorkerRequest = { dtype: input.dtype, shape: input.shape, buffer, spec, argmax: options.argmax !== false };
    worker.postMessage(req, [buffer]);
  });
}
