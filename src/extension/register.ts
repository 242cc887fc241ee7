// Wiring only, the same for both entry points (extension.ts, extensionWeb.ts): each feature registers itself and
// returns its disposables.
import type * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerDebug } from './debug/inspect';
import { registerHover } from './hover';
import { registerNumpyEditor } from './npyEditor';
import { registerLayers } from './layers';
import { registerInspector } from './panel';

export function registerAll(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [...registerCommands(context), ...registerInspector(context), ...registerNumpyEditor(context), ...registerHover(context), ...registerLayers(context), ...registerDebug(context)];
}
