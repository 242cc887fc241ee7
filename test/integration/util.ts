// Helpers shared by the integration suites: the extension under test, documents, and waiting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'pooling-lens.pooling-lens';

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  await ext.activate();
  return ext;
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the examples workspace open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openEditor(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
}

/** Selects the first occurrence of `text` in the editor, failing if it isn't there. */
export function selectText(editor: vscode.TextEditor, text: string, occurrence = 0): vscode.Selection {
  const all = editor.document.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = all.indexOf(text, at + 1);
  assert.ok(at >= 0, `"${text}" not found in ${editor.document.fileName}`);
  const sel = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + text.length));
  editor.selection = sel;
  return sel;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Collects garbage in this process (the extension host) `rounds` times, `pauseMs` apart, so memory figures show
 * what is still held rather than what is merely not yet collected.
 */
export async function collectGarbage(rounds = 4, pauseMs = 250): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gc = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as () => void;
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
