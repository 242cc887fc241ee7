// The entry point in the browser's web-worker extension host (package.json `browser`: vscode.dev, github.dev, VS Code
// Server's browser host): Web Workers running dist/web/worker.js, and every file read through workspace.fs. The
// bundle (dist/web/extension.js) must contain no Node built-in: scripts/build.mjs fails if one slips in.
import * as vscode from 'vscode';
import { setPlatform } from './platform';
import { workspaceFiles } from './platform/files';
import { webThreads } from './platform/webThreads';
import { registerAll } from './register';

export function activate(context: vscode.ExtensionContext): void {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'worker.js');
  setPlatform({ host: 'web', threads: webThreads(() => Promise.resolve(vscode.workspace.fs.readFile(script))), files: workspaceFiles });
  context.subscriptions.push(...registerAll(context));
}

export function deactivate(): void {
  // Panels and workers are disposed through context.subscriptions.
}
