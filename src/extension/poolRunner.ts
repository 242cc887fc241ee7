/**
 * Host side of off-thread pooling. No `vscode` import, so plain-Node tests can drive it.
 *
 * Where a pooling runs is decided by what it costs, from its plan (`planCost`: window-cell visits and output
 * size), not by the input's size alone: a 64x64 input with an adaptive 8000x8000 output, or a small signal with a
 * 128-cell stride-1 window, is as much work as a big image. Only plans within `INLINE_WORK` visits and
 * `INLINE_OUTPUT` output cells (and inputs within `threshold` elements) pool inline (a few ms); the rest run in a
 * `worker_threads` worker so the extension host's event loop never stalls, stopped after `timeoutMs`. Plans over
 * the core's budget (`MAX_POOL_WORK`, `MAX_POOL_OUTPUT`) are refused by `planPool` before anything runs. The input buffer is transferred to the worker (no copy) and
 * transferred back with the result: the resolved value's `input` is the caller's tensor again, on the returned
 * buffer (the original typed array is detached while the worker holds it). Aborting terminates the worker and
 * rejects with an `AbortError`; the transferred input is then gone, so pass `transfer: false` (one copy) when
 * the caller must keep its input through a cancellation.
 */
import { Worker } from 'node:worker_threads';
import { type PoolResult, type PoolSpec, type Tensor, PoolSpecError, planCost, planPool, pool } from '../core';
import type { PoolPlan } from '../core/plan';
import { viewData } from '../core/tensor';
import { NpyFormatError, type NpyHeader } from '../io';
import type { LodPlane, PlaneSel } from '../protocol/messages';
import type { Layout } from '../view/planes';

/**
 * Measured on the 2-core dev machine (Node 20), 2^20 float32 elements with argmax: 2x2 max 17 ms, 3x3 same max
 * 45-55 ms, 7x7 same avg 4 ms (WebAssembly) to 75-90 ms (TypeScript path, channels first). Half of that keeps
 * the worst inline case under the host's ~50 ms budget.
 */
export const DEFAULT_WORKER_THRESHOLD = 1 << 19;

/** Plans with more window-cell visits than this run on a worker (about 2x2 pooling of 2^19 elements). */
export const INLINE_WORK = 1 << 21;
/** Plans with more output cells than this run on a worker (allocating and first-touching them costs too). */
export const INLINE_OUTPUT = 1 << 20;
/** A worker still pooling after this long is stopped and the request fails with a message saying so. */
export const DEFAULT_POOL_TIMEOUT_MS = 120_000;

export interface RunPoolOptions {
  /** Path of the bundled worker script (dist/worker.js). */
  workerPath: string;
  signal?: AbortSignal;
  /** Inputs with more elements than this go to a worker. Default `DEFAULT_WORKER_THRESHOLD`. */
  threshold?: number;
  /** Stop a worker that has not replied after this many ms. Default `DEFAULT_POOL_TIMEOUT_MS`. */
  timeoutMs?: number;
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

/** Messages between `runPool` / `runReadNpzMember` / `SharedPoolWorker` and src/extension/worker.ts. */
export type WorkerRequest = PoolWorkerRequest | NpzWorkerRequest | SharedWorkerRequest;

/** A panel's worker: `share` hands it the input once (shared memory), each `poolShared` pools it. */
export type SharedWorkerRequest =
  | { kind: 'share'; dtype: Tensor['dtype']; shape: number[]; buffer: SharedArrayBuffer }
  | { kind: 'poolShared'; seq: number; spec: PoolSpec; argmax: boolean; lod?: LodRequest }
  | { kind: 'lodShared'; seq: number; lod: LodRequest };

/** An overview to build where the data is (see src/view/lod.ts): of the output of a `poolShared`, or of the input. */
export interface LodRequest {
  layout: Layout;
  sel: PlaneSel;
  reduction: 'max' | 'mean';
}

export type SharedWorkerReply = { seq: number } & (
  | {
    ok: true; output?: { dtype: Tensor['dtype']; shape: number[]; buffer: ArrayBuffer }; argmax?: ArrayBuffer | null;
    plan?: PoolPlan; backend?: 'ts' | 'wasm'; lod?: LodPlane;
  }
  | { ok: false; error: { name: string; message: string; param?: string; value?: unknown; rule?: string } });

/** Inflate and read one member of an `.npz` archive (the archive's bytes are transferred). */
export interface NpzWorkerRequest {
  kind: 'npzMember';
  archive: ArrayBuffer;
  key: string;
}

export type NpzWorkerReply =
  | { ok: true; header: NpyHeader; tensor: { dtype: Tensor['dtype']; shape: number[]; buffer: ArrayBuffer } }
  | { ok: false; error: { name: string; message: string; byteOffset?: number; member?: string } };

export interface PoolWorkerRequest {
  kind?: 'pool';
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
  let inline: boolean;
  try {
    // Refuses invalid and over-budget specs here, in microseconds, before any thread is started.
    const cost = planCost(planPool(input.shape, spec));
    inline = input.data.length <= threshold && cost.work <= INLINE_WORK && cost.outputLength <= INLINE_OUTPUT;
  } catch (e) {
    return Promise.reject(e);
  }
  if (inline) {
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
    const buffer = transfer ? d.buffer as ArrayBuffer : exactCopy(d);
    // A heap limit turns a runaway allocation in the worker into a worker error (ERR_WORKER_OUT_OF_MEMORY)
    // instead of the whole extension host running out of memory.
    const worker = new Worker(options.workerPath, { resourceLimits: { maxOldGenerationSizeMb: 2048 }, ...options.workerOptions });
    let settled = false;
    const timeoutMs = options.timeoutMs ?? DEFAULT_POOL_TIMEOUT_MS;
    const timer = setTimeout(() => finish(() => reject(new Error(
      `pooling took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; choose a smaller window, ` +
      'larger strides or a smaller output size',
    ))), timeoutMs);
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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

/**
 * Reads member `key` of an `.npz` archive on a worker thread: inflating (up to the readers' 1 GiB limit) and
 * checking the CRC of a big member take seconds, which the extension host must not spend. `archive` is copied to
 * the worker; the tensor comes back by transfer. Rejects with the reader's `NpyFormatError`, an `AbortError`, or a
 * timeout after `timeoutMs`.
 */
export function runReadNpzMember(
  archive: Uint8Array, key: string,
  options: { workerPath: string; signal?: AbortSignal; timeoutMs?: number },
): Promise<{ header: NpyHeader; tensor: Tensor }> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const worker = new Worker(options.workerPath, { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    let settled = false;
    const timeoutMs = options.timeoutMs ?? DEFAULT_POOL_TIMEOUT_MS;
    const timer = setTimeout(() => finish(() => reject(new Error(`reading the archive member took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`))), timeoutMs);
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = (): void => finish(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: NpzWorkerReply) => finish(() => {
      if (!m.ok) {
        reject(m.error.name === 'NpyFormatError' ? new NpyFormatError(m.error.message, m.error.byteOffset, m.error.member) : new Error(m.error.message));
        return;
      }
      resolve({ header: m.header, tensor: { dtype: m.tensor.dtype, shape: m.tensor.shape, data: viewOf(m.tensor.dtype, m.tensor.buffer) } });
    }));
    worker.on('error', (err) => finish(() => reject(new Error(`the reading worker crashed: ${err.message}`))));
    worker.on('exit', (code) => finish(() => reject(new Error(`the reading worker exited (code ${code}) before replying`))));
    const copy = exactCopy(archive);
    const req: NpzWorkerRequest = { kind: 'npzMember', archive: copy, key };
    worker.postMessage(req, [copy]);
  });
}

/**
 * A copy of a view's bytes in an ArrayBuffer of exactly that length, safe to transfer. Not `view.slice()`: on a
 * Node `Buffer` (what `workspace.fs.readFile` may return, and what views of it are) `slice` is a view of the same
 * pooled memory, and transferring its buffer would detach the caller's bytes.
 */
function exactCopy(view: ArrayBufferView): ArrayBuffer {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice().buffer as ArrayBuffer;
}
