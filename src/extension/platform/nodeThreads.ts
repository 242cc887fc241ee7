/**
 * `ThreadPlatform` for Node's extension host: `worker_threads` workers running dist/worker.js, each with a heap
 * limit (a runaway allocation is then a worker error, not the extension host running out of memory), and shared
 * memory (SharedArrayBuffer) always available.
 */
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { PoolThread, ThreadPlatform } from './threads';

/** Every worker thread's heap limit. */
export const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 2048 };

/** Workers running the script at `workerPath` (tests pass `options`, e.g. `execArgv`). */
export function nodeThreads(workerPath: string, options?: WorkerOptions): ThreadPlatform {
  return {
    start: () => new Worker(workerPath, { resourceLimits: WORKER_RESOURCE_LIMITS, ...options }) as unknown as PoolThread,
    parallelism: Math.max(1, availableParallelism()),
    sharedMemory: true,
  };
}
