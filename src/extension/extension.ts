// Wiring only: each feature registers itself and returns its disposables.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerDebug } from './debug/inspect';
import { registerHover } from './hover';
import { registerNumpyEditor } from './npyEditor';
import { registerLayers } from './layers';
import { registerInspector } from './panel';
import { setWorkerScript } from './offThread';

export function activate(context: vscode.ExtensionContext): void {
  setWorkerScript(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
  context.subscriptions.push(...registerCommands(context), ...registerInspector(context), ...registerNumpyEditor(context), ...registerHover(context), ...registerLayers(context), ...registerDebug(context));
}

export function deactivate(): void {
  // Panels and workers are disposed through context.subscriptions.
}
