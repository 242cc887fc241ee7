/**
 * The one interface the host's off-thread pooling needs from its runtime: start the bundled pooling worker and talk
 * to it. Node's extension host implements it with `worker_threads` (nodeThreads.ts), the browser's web-worker
 * extension host with a Web Worker (webThreads.ts); the entry point picks one (extension.ts, extensionWeb.ts), so
 * poolRunner.ts and sharedWorker.ts never ask which runtime they are in. Free of `vscode` and of Node built-ins.
 */

/** A started pooling worker, as much of Node's `Worker` as the host uses (a Web Worker is adapted to it). */
export interface PoolThread {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (message: never) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'message' | 'error' | 'exit', listener: (...args: never[]) => void): unknown;
  /** Stops the worker; a stopped worker sends nothing more. */
  terminate(): unknown;
}

/** The runtime's workers. */
export interface ThreadPlatform {
  /** Starts a new pooling worker (the bundled worker script of this runtime). */
  start(): PoolThread;
  /** How many workers a panel may keep busy at once (its "lanes"), at least 1. */
  readonly parallelism: number;
  /**
   * Whether a SharedArrayBuffer can be posted to a worker. Not in a browser page without cross-origin isolation
   * (the web-worker extension host of vscode.dev and VS Code Server): a panel's worker then gets a copy of the input.
   */
  readonly sharedMemory: boolean;
}
