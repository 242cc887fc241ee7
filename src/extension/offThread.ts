// The host's ways to run work off its thread, each with the runtime's workers (platform/threads.ts, chosen by the
// entry point): a pooling on a worker of its own (inline when cheap, see poolRunner.ts), an .npz member read on one,
// and a panel's long-lived worker (sharedWorker.ts). The extension host, shared by every extension, never stalls.
// The panel keeps its input for later requests, so `poolOffThread` copies it to the worker rather than transferring.
import type { PoolSpec, Tensor } from '../core';
import type { NpyHeader } from '../io';
import { platform } from './platform';
import { runPool, runReadNpzMember, type RunPoolResult } from './poolRunner';
import { SharedPoolWorker } from './sharedWorker';

export function poolOffThread(input: Tensor, spec: PoolSpec, signal?: AbortSignal, argmax = true): Promise<RunPoolResult> {
  return runPool(input, spec, { threads: platform().threads, signal, transfer: false, argmax });
}

/** Reads (inflates) one `.npz` member on a worker. */
export function readNpzMemberOffThread(archive: Uint8Array, key: string, signal?: AbortSignal): Promise<{ header: NpyHeader; tensor: Tensor }> {
  return runReadNpzMember(archive, key, { threads: platform().threads, signal });
}

/** A worker for one panel, holding its input (in shared memory where the runtime has it, see sharedWorker.ts). */
export function sharedWorkerFor(input: Tensor): SharedPoolWorker {
  return new SharedPoolWorker(input, platform().threads);
}
