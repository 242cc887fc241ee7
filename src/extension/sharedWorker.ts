/**
 * The pooling workers of one panel, sharing the panel's input. The input lives in a SharedArrayBuffer (big files are
 * read straight into one; other inputs are copied into one once) and the panel's own tensor is a view of it (one
 * copy of the data in the extension host, none per request, none per worker);
 * each pooling then sends only its spec, and the workers stay up between requests (no thread start-up, no
 * WebAssembly compile per pooling). There are up to two workers ("lanes", one per core): a request goes to the lane
 * with the least work queued, so the two outputs of a new panel and the input's overview are computed side by side.
 * Within a lane requests run one at a time, in order. Cancelling one terminates its lane's worker (a kernel cannot be
 * interrupted); the lane's next request starts a new one on the same shared input.
 * Cheap plans (see `poolInlineIfCheap`) still run inline. Where the runtime has no shared memory (the browser without
 * cross-origin isolation, see platform/threads.ts) there is one lane, and its worker gets its own copy of the input.
 * Free of `vscode`: unit-tested.
 */
import type { PoolSpec, Tensor } from '../core';
import { viewData } from '../core/tensor';
import type { LodPlane } from '../protocol/messages';
import { copyBytes } from '../protocol/wire';
import {
  DEFAULT_POOL_TIMEOUT_MS, abortError, awaitReply, fromPooledReply, poolInlineIfCheap, poolTimeoutMessage, replyError,
  type LodRequest, type RunPoolResult, type SharedWorkerReply, type SharedWorkerRequest,
} from './poolRunner';
import type { PoolThread, ThreadPlatform } from './platform/threads';

type OkReply = Extract<SharedWorkerReply, { ok: true }>;

/** One worker and the requests queued for it. */
interface Lane {
  worker: PoolThread | undefined;
  queue: Promise<unknown>;
  /** Requests queued or running on this lane. */
  load: number;
}

export class SharedPoolWorker {
  /** The input, now a view of the shared memory: use it instead of the tensor given to the constructor. */
  readonly input: Tensor;
  private readonly lanes: Lane[];
  private seq = 0;
  private disposed = false;

  constructor(
    input: Tensor, private readonly threads: ThreadPlatform, private readonly timeoutMs = DEFAULT_POOL_TIMEOUT_MS,
    lanes = threads.sharedMemory ? Math.min(2, threads.parallelism) : 1,
  ) {
    const d = input.data;
    if (!threads.sharedMemory || d.buffer instanceof SharedArrayBuffer) {
      this.input = input;
    } else {
      const buffer = new SharedArrayBuffer(d.byteLength);
      new Uint8Array(buffer).set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
      this.input = { dtype: input.dtype, shape: input.shape, data: viewData(input.dtype, buffer as unknown as ArrayBuffer) };
    }
    this.lanes = Array.from({ length: lanes }, () => ({ worker: undefined, queue: Promise.resolve(), load: 0 }));
  }

  /** Workers running now (each started on its lane's first request). */
  get workers(): number {
    return this.lanes.filter((l) => l.worker).length;
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
    // The lane with the least work queued; on a tie the first, so one request at a time keeps to one worker.
    const lane = this.lanes.reduce((best, l) => (l.load < best.load ? l : best));
    lane.load += 1;
    const run = lane.queue.then(() => this.runOne(lane, message, signal, decode)).finally(() => {
      lane.load -= 1;
    });
    lane.queue = run.catch(() => undefined);
    return run;
  }

  private spawn(lane: Lane): PoolThread {
    if (lane.worker) return lane.worker;
    const w = this.threads.start();
    w.postMessage(...this.shareMessage());
    // A worker that dies between requests is simply replaced by the next one.
    w.on('exit', () => {
      if (lane.worker === w) lane.worker = undefined;
    });
    w.on('error', () => undefined);
    lane.worker = w;
    return w;
  }

  /**
   * The `share` message: a view of shared memory is posted as a view of the same memory (offset and length kept),
   * never copied. Without shared memory (the browser) the worker gets its own copy of the input, transferred.
   */
  private shareMessage(): [SharedWorkerRequest, ArrayBuffer[]] {
    const { dtype, shape, data } = this.input;
    if (this.threads.sharedMemory) return [{ kind: 'share', dtype, shape, data }, []];
    const copy = viewData(dtype, copyBytes(data));
    return [{ kind: 'share', dtype, shape, data: copy }, [copy.buffer as ArrayBuffer]];
  }

  private kill(lane: Lane): void {
    const w = lane.worker;
    lane.worker = undefined;
    void w?.terminate();
  }

  private runOne<T>(
    lane: Lane, message: (seq: number) => SharedWorkerRequest, signal: AbortSignal | undefined, decode: (m: OkReply) => T,
  ): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('the panel was closed'));
    if (signal?.aborted) return Promise.reject(abortError());
    const worker = this.spawn(lane);
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
          if (stopWorker) this.kill(lane);
        },
      }).then(resolve, reject);
      worker.postMessage(message(seq));
    });
  }

  /** Stops the workers; requests still queued fail. The shared input is freed with the last view of it. */
  dispose(): void {
    this.disposed = true;
    for (const lane of this.lanes) this.kill(lane);
  }
}
