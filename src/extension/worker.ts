/** The pooling worker in Node's extension host (bundled as dist/worker.js): workerCore.ts on `worker_threads`' port. */
import { parentPort } from 'node:worker_threads';
import { serve } from './workerCore';

const handle = serve((message, transfers) => parentPort?.postMessage(message, transfers));
parentPort?.on('message', handle);
