// Reading a whole file for a panel in Node's extension host. Big local files go from disk straight into shared
// memory: the tensor read from them is a view of it, and the panel's pooling worker uses that memory as it is (see
// sharedWorker.ts), so the extension host holds the data once. Other files, and every non-`file:` URI (remote file
// systems, virtual workspaces), are read through `workspace.fs` (`workspaceFiles`).
import { open } from 'node:fs/promises';
import type * as vscode from 'vscode';
import { ReadCancelled, workspaceFiles, type FileReading } from './files';

/** Local files from this size on are read into shared memory, in chunks, with progress in bytes. */
export const SHARED_READ_BYTES = 4 * 1024 * 1024;
/** One read call: large enough to be fast, small enough for steady progress and a prompt cancel. */
const CHUNK_BYTES = 32 * 1024 * 1024;

/** A file that shrank while read gives what it had. */
async function readShared(uri: vscode.Uri, size: number, progress?: (bytesRead: number) => void, token?: vscode.CancellationToken): Promise<Uint8Array> {
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  const handle = await open(uri.fsPath, 'r');
  let at = 0;
  try {
    while (at < size) {
      if (token?.isCancellationRequested) throw new ReadCancelled();
      const { bytesRead } = await handle.read(bytes, at, Math.min(CHUNK_BYTES, size - at), at);
      if (bytesRead === 0) break;
      at += bytesRead;
      progress?.(at);
    }
  } finally {
    await handle.close();
  }
  return at === size ? bytes : bytes.subarray(0, at);
}

export const nodeFiles: FileReading = {
  readWholeFile(uri, size, progress, token) {
    if (uri.scheme !== 'file' || size < SHARED_READ_BYTES) return workspaceFiles.readWholeFile(uri, size, undefined, token);
    return readShared(uri, size, progress, token);
  },
};
