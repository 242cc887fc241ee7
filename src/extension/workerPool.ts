// Where the panel's pooling runs: inline for small inputs, on a worker thread for large ones (see
// poolRunner.ts), so the extension host, shared by every extension, never stalls. The panel keeps its
// input for later requests, so the input is copied to the worker rather than transferred.
import type { PoolSpec, Tensor } from '../core';
import type { NpyHeader } from '../io';
import { runPool, runReadNpzMember, type RunPoolResult } from './poolRunner';
import { SharedPoolWorker } from './sharedWorker';

let workerScript: string | undefined;

/** Set once at activation: the bundled dist/worker.js next to dist/extension.js. */
export function setWorkerScript(path: string): void {
  workerScript = path;
}

export function poolOffThread(input: Tensor, spec: PoolSpec, signal?: AbortSignal, argmax = true): Promise<RunPoolResult> {
  if (!workerScript) throw new Error('the pooling worker is not set up (setWorkerScript was not called)');
  return runPool(input, spec, { workerPath: workerScript, signal, transfer: false, argmax });
}

/** Reads (inflates) one `.npz` member on a worker thread. */
export function readNpzMemberOffThread(archive: Uint8Array, key: string, signal?: AbortSignal): Promise<{ header: NpyHeader; tensor: Tensor }> {
  if (!workerScript) throw new Error('the pooling worker is not set up (setWorkerScript was not called)');
  return runReadNpzMember(archive, key, { workerPath: workerScript, signal });
}

/** A worker for one panel, holding its input in shared memory (see sharedWorker.ts). */
export function sharedWorkerFor(input: Tensor): SharedPoolWorker {
  if (!workerScript) throw new Error('the pooling worker is not set up (setWorkerScript was not called)');
  return new SharedPoolWorker(input, workerScript);
}
