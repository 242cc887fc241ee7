/**
 * The one interface for reading a whole file for a panel. Node's extension host reads big local files straight
 * into shared memory (nodeFiles.ts); everywhere else — the browser, remote and virtual file systems — every read
 * goes through `workspace.fs` (`workspaceFiles` here). The entry point picks one. No Node built-ins here.
 */
import * as vscode from 'vscode';

export class ReadCancelled extends Error {
  constructor() {
    super('reading was cancelled');
  }
}

export interface FileReading {
  /**
   * Reads `uri` (whose size `stat` gave as `size`). `progress` is told the bytes read so far where the reader can
   * tell; a cancelled `token` rejects with `ReadCancelled` (at the latest when the read ends).
   */
  readWholeFile(uri: vscode.Uri, size: number, progress?: (bytesRead: number) => void, token?: vscode.CancellationToken): Promise<Uint8Array>;
}

/** Reads through `workspace.fs` only: one call, whatever the file system (the browser's only way). */
export const workspaceFiles: FileReading = {
  async readWholeFile(uri, _size, progress, token) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (token?.isCancellationRequested) throw new ReadCancelled();
    progress?.(bytes.byteLength);
    return bytes;
  },
};
