/** The pooling worker in the browser (bundled as dist/web/worker.js): workerCore.ts on a Web Worker's port. */
import type { WorkerRequest } from './poolRunner';
import { serve } from './workerCore';

/** The part of a dedicated worker's global scope used here (the host's tsconfig has no DOM types). */
interface WorkerScope {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (e: { data: WorkerRequest }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = serve((message, transfers) => scope.postMessage(message, transfers));
scope.addEventListener('message', (e) => handle(e.data));
