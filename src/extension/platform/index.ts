/**
 * The runtime the extension runs in, as one small interface per capability (workers, file reading), chosen once by
 * the entry point: extension.ts (Node's extension host) or extensionWeb.ts (the browser's web-worker extension host).
 * The clipboard (`vscode.env.clipboard`) and the webview's nonces (`globalThis.crypto`) are the same in both and
 * need none. Code that needs a capability asks `platform()`, never which runtime it is in.
 */
import type { FileReading } from './files';
import type { ThreadPlatform } from './threads';

export interface Platform {
  /** Which extension host, for logs and tests: 'node' or 'web' (the browser's web worker). */
  readonly host: 'node' | 'web';
  readonly threads: ThreadPlatform;
  readonly files: FileReading;
}

let current: Platform | undefined;

/** Called once by the entry point, before anything is registered. */
export function setPlatform(p: Platform): void {
  current = p;
}

export function platform(): Platform {
  if (!current) throw new Error('the runtime is not set up (the entry point did not call setPlatform)');
  return current;
}
