/**
 * `ThreadPlatform` for the browser's web-worker extension host (vscode.dev, github.dev, VS Code Server): Web Workers
 * running dist/web/worker.js. The extension's files are not at a URL a worker can load (a `vscode-remote:` or
 * `vscode-vfs:` location), so the script's bytes are read once through the caller's `loadScript` (the entry point
 * uses `workspace.fs`) and started from a `blob:` URL. A worker is usable at once: messages posted before the script
 * is loaded wait for it. Without cross-origin isolation there is no SharedArrayBuffer: `sharedMemory` says so and a
 * panel's worker gets a copy of the input. A Web Worker has no exit event; a script that cannot load is an `error`.
 * Free of `vscode` and of Node built-ins (the web bundle must not contain any).
 */
import type { PoolThread, ThreadPlatform } from './threads';

type Listener = (value: never) => void;
type Event = 'message' | 'error' | 'exit';

/** The part of the DOM's `Worker` used here (the host's tsconfig has no DOM types). */
interface BrowserWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message' | 'messageerror', listener: (e: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (e: { message?: string; preventDefault(): void }) => void): void;
  terminate(): void;
}
type BrowserWorkerConstructor = new (url: string, options: { name: string }) => BrowserWorker;

/** A Web Worker behind Node's `Worker` surface (on/off/postMessage/terminate), started when its script is ready. */
class WebPoolThread implements PoolThread {
  private worker: BrowserWorker | undefined;
  private terminated = false;
  private readonly queued: { message: unknown; transfer: readonly ArrayBuffer[] }[] = [];
  private readonly listeners: Record<Event, Set<Listener>> = { message: new Set(), error: new Set(), exit: new Set() };

  constructor(scriptUrl: Promise<string>) {
    scriptUrl.then((url) => this.started(url), (err: unknown) => this.emit('error', new Error(`the pooling worker's script could not be loaded: ${errorText(err)}`)));
  }

  private started(url: string): void {
    if (this.terminated) return;
    const Ctor = (globalThis as unknown as { Worker: BrowserWorkerConstructor }).Worker;
    const worker = new Ctor(url, { name: 'pooling-lens-worker' });
    worker.addEventListener('message', (e) => this.emit('message', e.data));
    worker.addEventListener('messageerror', () => this.emit('error', new Error('a message from the pooling worker could not be read')));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.emit('error', new Error(e.message || 'the pooling worker failed'));
    });
    this.worker = worker;
    for (const { message, transfer } of this.queued.splice(0)) worker.postMessage(message, [...transfer]);
  }

  private emit(event: Event, value: unknown): void {
    for (const l of [...this.listeners[event]]) (l as (v: unknown) => void)(value);
  }

  postMessage(message: unknown, transfer: readonly ArrayBuffer[] = []): void {
    if (this.terminated) return;
    if (this.worker) this.worker.postMessage(message, [...transfer]);
    else this.queued.push({ message, transfer });
  }

  on(event: Event, listener: Listener): this {
    this.listeners[event].add(listener);
    return this;
  }

  off(event: Event, listener: Listener): this {
    this.listeners[event].delete(listener);
    return this;
  }

  terminate(): void {
    this.terminated = true;
    this.queued.length = 0;
    this.worker?.terminate();
    this.worker = undefined;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether this page may post SharedArrayBuffers to workers (cross-origin isolated). */
export function hasSharedMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** Web Workers running the script `loadScript` gives (read once, on the first worker's start). */
export function webThreads(loadScript: () => Promise<Uint8Array>): ThreadPlatform {
  let url: Promise<string> | undefined;
  const scriptUrl = (): Promise<string> => {
    url ??= loadScript().then((bytes) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/javascript' })));
    // A failed load is retried by the next worker.
    url.catch(() => (url = undefined));
    return url;
  };
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return { start: () => new WebPoolThread(scriptUrl()), parallelism: Math.max(1, cores), sharedMemory: hasSharedMemory() };
}
