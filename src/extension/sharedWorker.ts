/**
 * One pooling worker per panel that keeps the panel's input. The input lives in a SharedArrayBuffer (big files are
 * read straight into one; other inputs are copied into one once) and the panel's own tensor is a view of it (one
 * copy of the data in the extension host, none per request);
 * each pooling then sends only its spec, and the worker stays up between requests (no thread start-up, no
 * WebAssembly compile per pooling). Requests run one at a time, in order. Cancelling one terminates the worker
 * (a kernel cannot be interrupted); the next request starts a new one on the same shared input.
 * Cheap plans (see `poolInlineIfCheap`) still run inline. Free of `vscode`: unit-tested.
 */
import { Worker } from 'node:worker_threads';
import type { PoolSpec, Tensor } from '../core';
import { viewData } from '../core/tensor';
import type { LodPlane } from '../protocol/messages';
import {
  DEFAULT_POOL_TIMEOUT_MS, WORKER_RESOURCE_LIMITS, abortError, awaitReply, fromPooledReply, poolInlineIfCheap, poolTimeoutMessage, replyError,
  type LodRequest, type RunPoolResult, type SharedWorkerReply, type SharedWorkerRequest,
} from './poolRunner';

type OkReply = Extract<SharedWorkerReply, { ok: true }>;

export class SharedPoolWorker {
  /** The input, now a view of the shared memory: use it instead of the tensor given to the constructor. */
  readonly input: Tensor;
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private disposed = false;

  constructor(input: Tensor, private readonly workerPath: string, private readonly timeoutMs = DEFAULT_POOL_TIMEOUT_MS) {
    const d = input.data;
    if (d.buffer instanceof SharedArrayBuffer) {
      this.input = input;
    } else {
      const buffer = new SharedArrayBuffer(d.byteLength);
      new Uint8Array(buffer).set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
      this.input = { dtype: input.dtype, shape: input.shape, data: viewData(input.dtype, buffer as unknown as ArrayBuffer) };
    }
  }

  /**
   * Pools the shared input: inline when the plan is cheap, else on the worker after the requests before it. With
   * `lod`, the worker also builds the output's overview (returned as `lod`; inline runs leave it to the caller).
   */
  pool(spec: PoolSpec, options: { signal?: AbortSignal; argmax?: boolean; lod?: LodRequest } = {}): Promise<RunPoolResult & { lod?: LodPlane }> {
    if (options.signal?.aborted) return Promise.reject(abortError());
    try {
      const r = poolInlineIfCheap(this.input, spec, options.argmax !== false);
      if (r) return Promise.resolve(r);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.enqueue((seq) => ({ kind: 'poolShared', seq, spec, argmax: options.argmax !== false, ...(options.lod ? { lod: options.lod } : {}) }),
      options.signal, (m) => {
        if (m.output === undefined) throw new Error('the pooling worker replied without an output');
        return { ...fromPooledReply(m), input: this.input, ranIn: 'worker' as const, ...(m.lod ? { lod: m.lod } : {}) };
      });
  }

  /** The overview of a plane of the input, built on the worker (a 4096x4096 plane takes a few hundred ms). */
  lod(lod: LodRequest, signal?: AbortSignal): Promise<LodPlane> {
    return this.enqueue((seq) => ({ kind: 'lodShared', seq, lod }), signal, (m) => {
      if (m.lod === undefined) throw new Error('the pooling worker replied without an overview');
      return m.lod;
    });
  }

  private enqueue<T>(message: (seq: number) => SharedWorkerRequest, signal: AbortSignal | undefined, decode: (m: OkReply) => T): Promise<T> {
    const run = this.queue.then(() => this.runOne(message, signal, decode));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath, { resourceLimits: WORKER_RESOURCE_LIMITS });
    // A view of shared memory is posted as a view of the same memory (offset and length kept), never copied.
    const share: SharedWorkerRequest = { kind: 'share', dtype: this.input.dtype, shape: this.input.shape, data: this.input.data };
    w.postMessage(share);
    // A worker that dies between requests is simply replaced by the next one.
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
    w.on('error', () => undefined);
    this.worker = w;
    return w;
  }

  private kill(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  private runOne<T>(message: (seq: number) => SharedWorkerRequest, signal: AbortSignal | undefined, decode: (m: OkReply) => T): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('the panel was closed'));
    if (signal?.aborted) return Promise.reject(abortError());
    const worker = this.spawn();
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      awaitReply<SharedWorkerReply, T>(worker, {
        signal, timeoutMs: this.timeoutMs, timeoutMessage: poolTimeoutMessage(this.timeoutMs), name: 'pooling worker',
        isReply: (m) => m.seq === seq,
        decode: (m) => {
          if (!m.ok) throw replyError(m.error);
          return decode(m);
        },
        settled: (stopWorker) => {
          if (stopWorker) this.kill();
        },
      }).then(resolve, reject);
      worker.postMessage(message(seq));
    });
  }

  /** Stops the worker; requests still queued fail. The shared input is freed with the last view of it. */
  dispose(): void {
    this.disposed = true;
    this.kill();
  }
}
