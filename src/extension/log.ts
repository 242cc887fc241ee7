// The extension's output channel, created on first use.
import * as vscode from 'vscode';

let channel: vscode.OutputChannel | undefined;

export function log(line: string): void {
  channel ??= vscode.window.createOutputChannel('Pooling Lens');
  channel.appendLine(line);
}
