/**
 * Host side of off-thread pooling. No `vscode` import, so plain-Node tests can drive it.
 *
 * Where a pooling runs is decided by what it costs, from its plan (`planCost`: window-cell visits and output
 * size), not by the input's size alone: a 64x64 input with an adaptive 8000x8000 output, or a small signal with a
 * 128-cell stride-1 window, is as much work as a big image. Only plans within `INLINE_WORK` visits and
 * `INLINE_OUTPUT` output cells (and inputs within `threshold` elements) pool inline (a few ms); the rest run in a
 * worker (the runtime's: `worker_threads` or a Web Worker, see platform/threads.ts) so the extension host's event
 * loop never stalls, stopped after `timeoutMs`. Plans over the core's budget (`MAX_POOL_WORK`, `MAX_POOL_OUTPUT`)
 * are refused by `planPool` before anything runs. The input buffer is transferred to the worker (no copy) and
 * transferred back with the result: the resolved value's `input` is the caller's tensor again, on the returned
 * buffer (the original typed array is detached while the worker holds it). Aborting terminates the worker and
 * rejects with an `AbortError`; the transferred input is then gone, so pass `transfer: false` (one copy) when
 * the caller must keep its input through a cancellation.
 */
import { type PoolResult, type PoolSpec, type Tensor, PoolSpecError, planCost, planPool, pool } from '../core';
import type { PoolPlan } from '../core/plan';
import { NpyFormatError, type NpyHeader } from '../io';
import type { LodPlane, PlaneSel, WireTensor } from '../protocol/messages';
import { copyBytes, exactBuffer, fromWire, ownsWholeBuffer } from '../protocol/wire';
import type { Layout } from '../view/planes';
import type { PoolThread, ThreadPlatform } from './platform/threads';

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
  /** The runtime's workers (platform/threads.ts). */
  threads: ThreadPlatform;
  signal?: AbortSignal;
  /** Inputs with more elements than this go to a worker. Default `DEFAULT_WORKER_THRESHOLD`. */
  threshold?: number;
  /** Stop a worker that has not replied after this many ms. Default `DEFAULT_POOL_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Transfer the input's buffer (default true) instead of copying it. */
  transfer?: boolean;
  /** Compute argmax for max ops (default true). */
  argmax?: boolean;
}

export interface RunPoolResult extends PoolResult {
  /** The input, given back (on the buffer the worker returned when it went off-thread). */
  input: Tensor;
  /** Where it ran. */
  ranIn: 'inline' | 'worker';
}

/** Messages between `runPool` / `runReadNpzMember` / `SharedPoolWorker` and src/extension/worker.ts. */
export type WorkerRequest = PoolWorkerRequest | NpzWorkerRequest | SharedWorkerRequest;

/** An error sent back by a worker: its name and message, and the fields of a `PoolSpecError` or `NpyFormatError`. */
export interface WorkerError {
  name: string;
  message: string;
  param?: string;
  value?: unknown;
  rule?: string;
  byteOffset?: number;
  member?: string;
}

/** A pooling's result as a worker sends it: the output (and argmax) by transfer. */
export interface PooledReply {
  output: WireTensor;
  argmax: ArrayBuffer | null;
  plan: PoolPlan;
  backend: 'ts' | 'wasm';
}

/** A panel's worker: `share` hands it the input once (shared memory), each `poolShared` pools it. */
export type SharedWorkerRequest =
  | { kind: 'share'; dtype: Tensor['dtype']; shape: number[]; data: Tensor['data'] }
  | { kind: 'poolShared'; seq: number; spec: PoolSpec; argmax: boolean; lod?: LodRequest }
  | { kind: 'lodShared'; seq: number; lod: LodRequest };

/** An overview to build where the data is (see src/view/lod.ts): of the output of a `poolShared`, or of the input. */
export interface LodRequest {
  layout: Layout;
  sel: PlaneSel;
  reduction: 'max' | 'mean';
}

/** A `poolShared` reply carries a pooling (and the output's overview when asked); a `lodShared` reply an overview. */
export type SharedWorkerReply = { seq: number } & (
  | ({ ok: true; lod?: LodPlane } & (PooledReply | { output?: undefined }))
  | { ok: false; error: WorkerError });

/** Inflate and read one member of an `.npz` archive (the archive's bytes are transferred). */
export interface NpzWorkerRequest {
  kind: 'npzMember';
  archive: ArrayBuffer;
  key: string;
}

export type NpzWorkerReply =
  | { ok: true; header: NpyHeader; tensor: WireTensor }
  | { ok: false; error: WorkerError };

/** Pool `input` (its buffer transferred to the worker and back with the reply). */
export interface PoolWorkerRequest {
  kind: 'pool';
  input: WireTensor;
  spec: PoolSpec;
  argmax: boolean;
}

export type WorkerReply =
  | ({ ok: true; input: ArrayBuffer } & PooledReply)
  | { ok: false; input: ArrayBuffer | null; error: WorkerError };

export function abortError(): Error {
  const e = new Error('pooling was cancelled');
  e.name = 'AbortError';
  return e;
}

/** A worker's pooling as a result on this side: the output and argmax are views of the transferred buffers. */
export function fromPooledReply(m: PooledReply): PoolResult {
  return {
    output: fromWire(m.output), plan: m.plan, backend: m.backend,
    ...(m.argmax !== null ? { argmax: new Int32Array(m.argmax) } : {}),
  };
}

export function runPool(input: Tensor, spec: PoolSpec, options: RunPoolOptions): Promise<RunPoolResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  try {
    const r = poolInlineIfCheap(input, spec, options.argmax !== false, options.threshold ?? DEFAULT_WORKER_THRESHOLD);
    if (r) return Promise.resolve(r);
  } catch (e) {
    return Promise.reject(e);
  }
  const transfer = options.transfer !== false && ownsWholeBuffer(input.data);
  const wire: WireTensor = { dtype: input.dtype, shape: input.shape, buffer: transfer ? exactBuffer(input.data) : copyBytes(input.data) };
  const req: WorkerRequest = { kind: 'pool', input: wire, spec, argmax: options.argmax !== false };
  return runOnce<WorkerReply, RunPoolResult>({
    threads: options.threads, request: req, transfer: [wire.buffer], signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_POOL_TIMEOUT_MS, timeoutMessage: poolTimeoutMessage, name: 'pooling worker',
    decode: (m) => {
      if (!m.ok) throw replyError(m.error);
      const back: Tensor = transfer ? fromWire({ ...wire, buffer: m.input }) : input;
      return { ...fromPooledReply(m), input: back, ranIn: 'worker' };
    },
  });
}

/**
 * The routing rule of every pooling: a plan within `INLINE_WORK` visits and `INLINE_OUTPUT` output cells, on an
 * input within `threshold` elements, is pooled here and now (null: it belongs on a worker). Throws the core's
 * `PoolSpecError` for invalid and over-budget specs, in microseconds, before any thread is started.
 */
export function poolInlineIfCheap(input: Tensor, spec: PoolSpec, argmax: boolean, threshold = Infinity): RunPoolResult | null {
  const cost = planCost(planPool(input.shape, spec));
  if (input.data.length > threshold || cost.work > INLINE_WORK || cost.outputLength > INLINE_OUTPUT) return null;
  const r = pool(input, spec);
  if (argmax) void r.argmax;
  return Object.assign(r, { input, ranIn: 'inline' as const });
}

/** The message of a pooling stopped after `timeoutMs`, with what to change. */
export function poolTimeoutMessage(timeoutMs: number): string {
  return `pooling took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; choose a smaller window, ` +
    'larger strides or a smaller output size';
}

/** A worker's error reply as the error it stands for: the core's `PoolSpecError` or the reader's `NpyFormatError` again, else a plain Error. */
export function replyError(e: WorkerError): Error {
  if (e.name === 'PoolSpecError') return new PoolSpecError(e.param ?? '', e.value, e.rule ?? e.message);
  if (e.name === 'NpyFormatError') return new NpyFormatError(e.message, e.byteOffset, e.member);
  return new Error(e.message);
}

/** One request to a new worker, settled by its one reply (see `runOnce`). */
interface OneShot<R, T> {
  threads: ThreadPlatform;
  request: WorkerRequest;
  transfer: ArrayBuffer[];
  signal?: AbortSignal;
  timeoutMs: number;
  timeoutMessage: (timeoutMs: number) => string;
  /** How the worker is named in crash messages ("pooling worker crashed: …"). */
  name: string;
  /** The result from the reply; throws (rejecting the promise) for an error reply. */
  decode: (reply: R) => T;
}

/** How `awaitReply` waits for a worker's reply to one request. */
export interface ReplyWait<M, T> {
  signal?: AbortSignal;
  timeoutMs: number;
  /** The error's message when `timeoutMs` passes first. */
  timeoutMessage: string;
  /** How the worker is named in crash messages ("pooling worker crashed: …"). */
  name: string;
  /** Whether a message is the awaited reply (a panel's worker tags each reply with its request's number). */
  isReply?: (message: M) => boolean;
  /** The result from the reply; throws (rejecting the promise) for an error reply. */
  decode: (reply: M) => T;
  /** Called once, as it settles: `stopWorker` after a timeout, an abort or a crash (the worker is busy or broken). */
  settled: (stopWorker: boolean) => void;
}

/**
 * Waits for `worker`'s reply: settles with whatever comes first of the decoded reply, an abort (`AbortError`), the
 * timeout, a crash or an exit, then stops listening.
 */
export function awaitReply<M, T>(worker: PoolThread, o: ReplyWait<M, T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (stopWorker: boolean, fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      o.settled(stopWorker);
      fn();
    };
    const timer = setTimeout(() => finish(true, () => reject(new Error(o.timeoutMessage))), o.timeoutMs);
    const onAbort = (): void => finish(true, () => reject(abortError()));
    const onMessage = (m: M): void => {
      if (o.isReply && !o.isReply(m)) return;
      finish(false, () => {
        try {
          resolve(o.decode(m));
        } catch (e) {
          reject(e);
        }
      });
    };
    const onError = (err: Error): void => finish(true, () => reject(new Error(`${o.name} crashed: ${err.message}`)));
    const onExit = (code: number): void => finish(false, () => reject(new Error(`${o.name} exited (code ${code}) before replying`)));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** Starts a worker, posts `request` and settles as `awaitReply` does; the worker is terminated then, whatever came. */
function runOnce<R, T>(o: OneShot<R, T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = o.threads.start();
    // An error after the reply (while it is terminated) goes nowhere rather than unhandled.
    worker.on('error', () => undefined);
    awaitReply<R, T>(worker, {
      signal: o.signal, timeoutMs: o.timeoutMs, timeoutMessage: o.timeoutMessage(o.timeoutMs), name: o.name, decode: o.decode,
      settled: () => void worker.terminate(),
    }).then(resolve, reject);
    worker.postMessage(o.request, o.transfer);
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
  options: { threads: ThreadPlatform; signal?: AbortSignal; timeoutMs?: number },
): Promise<{ header: NpyHeader; tensor: Tensor }> {
  if (options.signal?.aborted) return Promise.reject(abortError());
  const copy = copyBytes(archive);
  const req: NpzWorkerRequest = { kind: 'npzMember', archive: copy, key };
  return runOnce<NpzWorkerReply, { header: NpyHeader; tensor: Tensor }>({
    threads: options.threads, request: req, transfer: [copy], signal: options.signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_POOL_TIMEOUT_MS,
    timeoutMessage: (ms) => `reading the archive member took longer than ${Math.round(ms / 1000)} s and was stopped`,
    name: 'the reading worker',
    decode: (m) => {
      if (!m.ok) throw replyError(m.error);
      return { header: m.header, tensor: fromWire(m.tensor) };
    },
  });
}
