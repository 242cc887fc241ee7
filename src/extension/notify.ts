// The one way the extension talks to the user outside its panel: notifications, modal questions and the status
// bar. Every message passes through `plainMessage`, because messages quote text from files and literals and
// VS Code renders `[label](command:…)` in notifications as a live link (see untrusted.ts). ESLint forbids calling
// `window.show*Message` anywhere else.
import * as vscode from 'vscode';
import { plainMessage } from './untrusted';

export function showError(message: string): Thenable<string | undefined> {
  return vscode.window.showErrorMessage(plainMessage(message));
}

export function showInfo(message: string): Thenable<string | undefined> {
  return vscode.window.showInformationMessage(plainMessage(message));
}

export function showWarning(message: string): Thenable<string | undefined> {
  return vscode.window.showWarningMessage(plainMessage(message));
}

/** A modal question; resolves the chosen item, or undefined when dismissed (or refused, as in tests). */
export function askModal(message: string, ...items: string[]): Thenable<string | undefined> {
  return vscode.window.showWarningMessage(plainMessage(message), { modal: true }, ...items);
}

export function statusMessage(message: string, ms: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(plainMessage(message), ms);
}
