// Command palette entries. Each command reports its outcome as a value (for tests and chained
// commands) and tells the user what happened; none lets an exception escape to VS Code.
import * as vscode from 'vscode';
import { inferSpatialRank } from '../core';
import { ArrayParseError, findArrayLiteralAt, parseArrayLiteral } from '../io';
import { newPanelRequests } from './config';
import type { PoolRequest } from '../protocol/messages';
import { showError } from './notify';
import { InspectorPanel } from './panel';
import { plainMessage } from './untrusted';
import { fileName, loadFromFile, npzMemberPage, readFileWithConsent } from './sources';
import { inspectDebugExpression } from './debug/inspect';
import { languageOf } from './debug/session';

export type InspectOutcome =
  | { ok: true; shape: number[]; dtype: string }
  | { ok: false; message: string; range?: vscode.Range };

const NO_ARRAY =
  'Pooling Lens: no array literal here. Select an array such as [[1, 2], [3, 4]] or np.array([...]), or put the cursor inside one, then run "Inspect Selection" again.';

/** Parse errors of inspected literals, underlined where they are until the document changes. */
const diagnostics = vscode.languages.createDiagnosticCollection('poolingLens');

/** Parses `text` (found at `start` in `document`) and opens the inspector on it. */
async function inspectText(extensionUri: vscode.Uri, document: vscode.TextDocument, start: number, text: string, requests?: PoolRequest[]): Promise<InspectOutcome> {
  if (text.trim() === '') return fail(NO_ARRAY);
  diagnostics.delete(document.uri);
  try {
    const tensor = parseArrayLiteral(text, { language: document.languageId });
    const position = document.positionAt(start);
    const file = document.isUntitled ? 'Untitled' : vscode.workspace.asRelativePath(document.uri, false);
    const where = `${file.split('/').pop() ?? file}:${position.line + 1}`;
    // The variable it is assigned to, when there is one: "image (article_example.py:20)".
    const located = findArrayLiteralAt(document.getText(), start + 1, { language: document.languageId });
    const variable = located?.start === start ? located.name : undefined;
    InspectorPanel.show(
      extensionUri,
      tensor,
      { label: variable ? `${variable} (${where})` : where, description: `${file}:${position.line + 1}:${position.character + 1}`, kind: 'array literal' },
      { kind: 'literal', uri: document.uri.toString(), text, offset: start },
      requests ?? newPanelRequests(inferSpatialRank(tensor.shape)),
    );
    return { ok: true, shape: [...tensor.shape], dtype: tensor.dtype };
  } catch (err) {
    if (err instanceof ArrayParseError) {
      const range = new vscode.Range(
        document.positionAt(start + err.offset),
        document.positionAt(start + err.offset + Math.max(err.length, 1)),
      );
      const diagnostic = new vscode.Diagnostic(range, plainMessage(err.detail), vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'Pooling Lens';
      diagnostics.set(document.uri, [diagnostic]);
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
      if (editor) {
        editor.selection = new vscode.Selection(range.start, range.end);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
      return fail(`Pooling Lens: ${err.detail} (line ${range.start.line + 1}, column ${range.start.character + 1})`, range);
    }
    return fail(`Pooling Lens: could not inspect this array: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The selection, or with none the literal under the cursor. */
function literalInEditor(editor: vscode.TextEditor): { start: number; text: string } | undefined {
  const document = editor.document;
  if (!editor.selection.isEmpty) {
    return { start: document.offsetAt(editor.selection.start), text: document.getText(editor.selection) };
  }
  const all = document.getText();
  const found = findArrayLiteralAt(all, document.offsetAt(editor.selection.active));
  return found ? { start: found.start, text: all.slice(found.start, found.end) } : undefined;
}

/**
 * While a debug session of the editor's language is paused, a selection (the debug hover's, or any) is an expression
 * of the program: it is evaluated in the focused frame rather than parsed.
 */
function pausedSessionFor(editor: vscode.TextEditor): boolean {
  const item = vscode.debug.activeStackItem;
  if (!item || editor.selection.isEmpty) return false;
  const language = languageOf(item.session);
  const doc = editor.document.languageId;
  return (language === 'python' && doc === 'python') || (language === 'javascript' && /^(javascript|typescript)(react)?$/.test(doc));
}

export async function inspectSelection(extensionUri: vscode.Uri, requests?: PoolRequest[]): Promise<InspectOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return fail('Pooling Lens: open a file with an array literal first, then run "Inspect Selection".');
  if (!requests && pausedSessionFor(editor)) return inspectDebugExpression(extensionUri, editor.document.getText(editor.selection).trim());
  const found = literalInEditor(editor);
  if (!found) return fail(NO_ARRAY);
  return inspectText(extensionUri, editor.document, found.start, found.text, requests);
}

/** From a hover's "Open in Pooling Lens" link: the literal at [start, end) of a document. */
export async function inspectRange(extensionUri: vscode.Uri, uri: unknown, start: unknown, end: unknown): Promise<InspectOutcome> {
  if (typeof uri !== 'string' || !Number.isInteger(start) || !Number.isInteger(end) || (end as number) < (start as number)) {
    return fail('Pooling Lens: "Open in Pooling Lens" needs a document and a range.');
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const text = document.getText().slice(start as number, end as number);
  return inspectText(extensionUri, document, start as number, text);
}

const POOL_CHOICES: { label: string; op: PoolRequest['op']; description: string }[] = [
  { label: 'Max pooling', op: 'max', description: 'MaxPooling2D / nn.MaxPool2d' },
  { label: 'Average pooling', op: 'avg', description: 'AveragePooling2D / nn.AvgPool2d' },
  { label: 'Global max pooling', op: 'globalMax', description: 'GlobalMaxPooling2D' },
  { label: 'Global average pooling', op: 'globalAvg', description: 'GlobalAveragePooling2D' },
];

/** "Pool with…": choose the operation and pool size first, then inspect the selection with them. */
export async function poolWith(extensionUri: vscode.Uri): Promise<InspectOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return fail('Pooling Lens: open a file with an array literal first, then run "Pool with…".');
  const found = literalInEditor(editor);
  if (!found) return fail(NO_ARRAY);
  const op = await vscode.window.showQuickPick(POOL_CHOICES, { title: 'Pooling Lens: which pooling?', placeHolder: 'Operation' });
  if (!op) return { ok: false, message: 'cancelled' };
  let size = 1;
  if (op.op === 'max' || op.op === 'avg') {
    const picked = await vscode.window.showQuickPick(['2', '3', '4', '5', '7', '8'].map((n) => ({ label: `${n}x${n}`, size: Number(n) })), {
      title: `Pooling Lens: ${op.label.toLowerCase()} with which pool size?`,
    });
    if (!picked) return { ok: false, message: 'cancelled' };
    size = picked.size;
  }
  let rank: 1 | 2 | 3 = 2;
  try {
    rank = inferSpatialRank(parseArrayLiteral(found.text, { language: editor.document.languageId }).shape);
  } catch {
    // inspectText reports the parse error where it is
  }
  const [first] = newPanelRequests(rank);
  const requests = first
    ? [{ ...first, id: op.op, op: op.op, poolSize: first.poolSize.map(() => size), strides: first.strides.map(() => size) }]
    : undefined;
  return inspectText(extensionUri, editor.document, found.start, found.text, requests);
}

/** Members offered in the command's quick pick; larger archives are paged in the panel. */
const QUICK_PICK_MEMBERS = 1000;

function fail(message: string, range?: vscode.Range): InspectOutcome {
  void showError(message);
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
    const bytes = await readFileWithConsent(uri);
    if (!bytes) return { ok: false, message: 'not opened' };
    if (member === undefined && uri.path.toLowerCase().endsWith('.npz')) {
      // A quick pick of the first members; an archive with more is paged in the panel's own picker.
      const page = npzMemberPage(bytes, 0, QUICK_PICK_MEMBERS);
      if (page.total > 1) {
        const more = page.total > page.members.length
          ? ` (the first ${page.members.length.toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')}; the panel pages through all of them)`
          : '';
        const choice = await vscode.window.showQuickPick(page.members.map((m) => ({ label: m.key, description: m.detail })), {
          title: `Which array of ${fileName(uri)}?${more}`,
        });
        if (!choice) return { ok: false, message: 'no array chosen' };
        member = choice.label;
      }
    }
    const loaded = await loadFromFile(uri, bytes, member);
    if (!loaded) return { ok: false, message: 'not opened' };
    const archive = uri.path.toLowerCase().endsWith('.npz') ? bytes : undefined;
    InspectorPanel.show(extensionUri, loaded.tensor, loaded.source, loaded.origin, undefined, archive);
    return { ok: true, shape: [...loaded.tensor.shape], dtype: loaded.tensor.dtype };
  } catch (err) {
    const where = vscode.workspace.asRelativePath(uri);
    return fail(`Pooling Lens: cannot open ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function registerCommands(context: vscode.ExtensionContext): vscode.Disposable[] {
  const uri = context.extensionUri;
  return [
    diagnostics,
    vscode.workspace.onDidChangeTextDocument((e) => diagnostics.delete(e.document.uri)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    vscode.commands.registerCommand('poolingLens.inspectSelection', () => inspectSelection(uri)),
    vscode.commands.registerCommand('poolingLens.inspectRange', (doc: unknown, start: unknown, end: unknown) => inspectRange(uri, doc, start, end)),
    vscode.commands.registerCommand('poolingLens.poolWith', () => poolWith(uri)),
    vscode.commands.registerCommand('poolingLens.openNumpyFile', (uri?: vscode.Uri, member?: string) => openNumpyFile(context.extensionUri, uri, member)),
  ];
}
