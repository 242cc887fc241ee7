// The host's ways to run work off its thread, each with the bundled worker script (dist/worker.js, set once at
// activation): a pooling on a worker of its own (inline when cheap, see poolRunner.ts), an .npz member read on one,
// and a panel's long-lived worker (sharedWorker.ts). The extension host, shared by every extension, never stalls.
// The panel keeps its input for later requests, so `poolOffThread` copies it to the worker rather than transferring.
import type { PoolSpec, Tensor } from '../core';
import type { NpyHeader } from '../io';
import { runPool, runReadNpzMember, type RunPoolResult } from './poolRunner';
import { SharedPoolWorker } from './sharedWorker';

let workerScript: string | undefined;

/** Set once at activation: the bundled dist/worker.js next to dist/extension.js. */
export function setWorkerScript(path: string): void {
  workerScript = path;
}

function script(): string {
  if (!workerScript) throw new Error('the pooling worker is not set up (setWorkerScript was not called)');
  return workerScript;
}

export function poolOffThread(input: Tensor, spec: PoolSpec, signal?: AbortSignal, argmax = true): Promise<RunPoolResult> {
  return runPool(input, spec, { workerPath: script(), signal, transfer: false, argmax });
}

/** Reads (inflates) one `.npz` member on a worker thread. */
export function readNpzMemberOffThread(archive: Uint8Array, key: string, signal?: AbortSignal): Promise<{ header: NpyHeader; tensor: Tensor }> {
  return runReadNpzMember(archive, key, { workerPath: script(), signal });
}

/** A worker for one panel, holding its input in shared memory (see sharedWorker.ts). */
export function sharedWorkerFor(input: Tensor): SharedPoolWorker {
  return new SharedPoolWorker(input, script());
}
