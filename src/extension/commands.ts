// Command palette entries. Each command reports its outcome as a value (for tests and chained
// commands) and tells the user what happened; none lets an exception escape to VS Code.
import * as vscode from 'vscode';
import { ArrayParseError, findArrayLiteralAt, parseArrayLiteral } from '../io';
import { newPanelRequests } from './config';
import { inferSpatialRank } from './compute';
import { InspectorPanel } from './panel';
import { npzMembers, tensorFromFile } from './sources';

export type InspectOutcome =
  | { ok: true; shape: number[]; dtype: string }
  | { ok: false; message: string; range?: vscode.Range };

const NO_ARRAY =
  'Pooling Lens: no array literal here. Select an array such as [[1, 2], [3, 4]] or np.array([...]), or put the cursor inside one, then run "Inspect Selection" again.';

export async function inspectSelection(extensionUri: vscode.Uri): Promise<InspectOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return fail('Pooling Lens: open a file with an array literal first, then run "Inspect Selection".');
  const document = editor.document;
  let start: number;
  let text: string;
  if (!editor.selection.isEmpty) {
    start = document.offsetAt(editor.selection.start);
    text = document.getText(editor.selection);
  } else {
    const all = document.getText();
    const found = findArrayLiteralAt(all, document.offsetAt(editor.selection.active));
    if (!found) return fail(NO_ARRAY);
    start = found.start;
    text = all.slice(found.start, found.end);
  }
  if (text.trim() === '') return fail(NO_ARRAY);
  try {
    const tensor = parseArrayLiteral(text);
    const position = document.positionAt(start);
    const name = document.isUntitled ? 'Untitled' : vscode.workspace.asRelativePath(document.uri, false);
    InspectorPanel.show(
      extensionUri,
      tensor,
      { label: `${name.split('/').pop() ?? name}:${position.line + 1}`, description: `${name}:${position.line + 1}:${position.character + 1}`, kind: 'array literal' },
      { kind: 'literal', uri: document.uri.toString(), text, offset: start },
      newPanelRequests(inferSpatialRank(tensor.shape)),
    );
    return { ok: true, shape: [...tensor.shape], dtype: tensor.dtype };
  } catch (err) {
    if (err instanceof ArrayParseError) {
      const range = new vscode.Range(
        document.positionAt(start + err.offset),
        document.positionAt(start + err.offset + Math.max(err.length, 1)),
      );
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range);
      return fail(`Pooling Lens: ${err.message} (line ${range.start.line + 1}, column ${range.start.character + 1})`, range);
    }
    return fail(`Pooling Lens: could not inspect this array: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function fail(message: string, range?: vscode.Range): InspectOutcome {
  void vscode.window.showErrorMessage(message);
  return { ok: false, message, range };
}

/**
 * Opens a .npy, or an array of an .npz (asking which when there are several and `member` isn't given),
 * in the inspector. Without a URI, asks for a file.
 */
export async function openNumpyFile(extensionUri: vscode.Uri, uri?: vscode.Uri, member?: string): Promise<InspectOutcome> {
  if (!(uri instanceof vscode.Uri)) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'NumPy arrays': ['npy', 'npz'] },
      openLabel: 'Inspect',
      title: 'Pooling Lens: open a NumPy file',
    });
    if (!picked?.[0]) return { ok: false, message: 'no file chosen' };
    uri = picked[0];
  }
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (member === undefined && uri.path.toLowerCase().endsWith('.npz')) {
      const members = npzMembers(bytes);
      if (members.length > 1) {
        const choice = await vscode.window.showQuickPick(members.map((m) => ({ label: m.key, description: m.detail })), {
          title: `Which array of ${uri.path.split('/').pop() ?? ''}?`,
        });
        if (!choice) return { ok: false, message: 'no array chosen' };
        member = choice.label;
      }
    }
    const loaded = tensorFromFile(uri, bytes, member);
    InspectorPanel.show(extensionUri, loaded.tensor, loaded.source, loaded.origin);
    return { ok: true, shape: [...loaded.tensor.shape], dtype: loaded.tensor.dtype };
  } catch (err) {
    const where = vscode.workspace.asRelativePath(uri);
    return fail(`Pooling Lens: cannot open ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function registerCommands(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('poolingLens.inspectSelection', () => inspectSelection(context.extensionUri)),
    vscode.commands.registerCommand('poolingLens.openNumpyFile', (uri?: vscode.Uri, member?: string) => openNumpyFile(context.extensionUri, uri, member)),
  ];
}
