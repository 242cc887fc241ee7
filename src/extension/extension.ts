// The entry point in Node's extension host (package.json `main`): worker_threads running dist/worker.js, and big
// local files read into shared memory. extensionWeb.ts is the browser's entry; both wire the same features.
import * as vscode from 'vscode';
import { setPlatform } from './platform';
import { nodeFiles } from './platform/nodeFiles';
import { nodeThreads } from './platform/nodeThreads';
import { registerAll } from './register';

export function activate(context: vscode.ExtensionContext): void {
  setPlatform({ host: 'node', threads: nodeThreads(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath), files: nodeFiles });
  context.subscriptions.push(...registerAll(context));
}

export function deactivate(): void {
  // Panels and workers are disposed through context.subscriptions.
}
