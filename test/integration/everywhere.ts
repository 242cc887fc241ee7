// The checks the Restricted Mode and virtual workspace suites share: the same features a person uses (Inspect
// Selection, the hover, the custom editor, Save .npy), each asserted on values checkable by hand or made by numpy,
// wherever the workspace lives. The suites (restricted.suite.ts, virtual.suite.ts) run them in their mode.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readNpy } from '../../src/io';
import { pageEvaluate, pageKeys, pageTexts, panelClick, waitFor } from './bridge';
import { inspectRange, tableOf } from './panelHelpers';
import { workspaceFile } from './util';

const fixtures = process.env.POOLING_LENS_FIXTURES ?? '';

/** 1..16 as a (1, 4, 4, 1) float32 batch, in examples/article_example.py; its 2x2 max pool is [[6, 8], [14, 16]]. */
const IMAGE_HEAD = 'np.array([[1, 2, 3, 4]';
const IMAGE_TAIL = '.reshape(1, 4, 4, 1)';

/** Runs Inspect Selection on the 4x4 literal of article_example.py and checks the panel's input and max output. */
export async function inspectExampleLiteral(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  const outcome = await inspectRange(editor, IMAGE_HEAD, IMAGE_TAIL);
  assert.equal(outcome.ok, true, outcome.message);
  assert.deepEqual(outcome.shape, [1, 4, 4, 1]);
  assert.deepEqual(await tableOf('input', 'input'), [['1', '2', '3', '4'], ['5', '6', '7', '8'], ['9', '10', '11', '12'], ['13', '14', '15', '16']]);
  assert.deepEqual(await tableOf('output', 'max'), [['6', '8'], ['14', '16']]);
  return doc;
}

/** The Pooling Lens hover on that literal: its shape line and the pooled values. */
export async function hoverExampleLiteral(): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
  const at = doc.getText().indexOf('[5, 6, 7, 8],');
  assert.ok(at >= 0, `the 4x4 literal is not in ${doc.uri.toString()}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 4));
  const ours = (hovers ?? []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).filter((m) => m.startsWith('**Pooling Lens**'));
  assert.equal(ours.length, 1, `expected one Pooling Lens hover on ${doc.uri.toString()}`);
  const markdown = ours[0] ?? '';
  assert.ok(markdown.startsWith('**Pooling Lens** · `image` · float32 (1, 4, 4, 1) · 16 values'), markdown.slice(0, 200));
  assert.match(markdown, /2x2 max pool: `\[\[6, 8\], \[14, 16\]\]`/);
  assert.match(markdown, /!\[input 4x4\]\(data:image\/png;base64,/);
  return markdown;
}

interface Camera { shape: number[]; values: number[][]; max2x2: number[][] }

/**
 * Copies the numpy-made 64x64 uint8 fixture into the workspace (through workspace.fs: the workspace may be
 * virtual), opens it in the custom editor, and compares the panel with what numpy computed. Returns its URI.
 */
export async function openCameraInCustomEditor(): Promise<vscode.Uri> {
  const bytes = readFileSync(join(fixtures, 'npy', 'camera_64.npy'));
  const e = (JSON.parse(readFileSync(join(fixtures, 'editor', 'expected.json'), 'utf8')) as { camera_64: Camera }).camera_64;
  const uri = workspaceFile('camera_64.npy');
  await vscode.workspace.fs.writeFile(uri, bytes);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
  const numbers = (g: string[][]): number[][] => g.map((row) => row.map(Number));
  assert.deepEqual(numbers(await tableOf('input', 'input', 'camera_64.npy')), e.values);
  assert.deepEqual(numbers(await tableOf('output', 'max', 'camera_64.npy')), e.max2x2);
  return uri;
}

const dialogValue = (): Promise<string> => pageEvaluate<string>(`document.querySelector('.quick-input-widget input')?.value ?? ''`);

/**
 * Inspects a float32 2x2 literal and saves its max output through the panel's Save .npy button and VS Code's save
 * dialog (the workbench's own file dialog here). With `typed`, that path is typed into the box and `typed.uri` is
 * where it must land; without, the dialog's own proposal (the panel's default: the workspace folder, a name made
 * from the source and the output) is accepted with Enter, and the URI is that path in the workspace folder's file
 * system. Returns the URI and the bytes read back through workspace.fs.
 */
export async function saveMaxOutput(typed?: { uri: vscode.Uri; text: string }): Promise<{ uri: vscode.Uri; bytes: Uint8Array; proposed: string }> {
  const content = 'np.array([[1., 2.], [3., 4.]], dtype=np.float32)';
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `x = ${content}\n` });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(doc.positionAt(4), doc.positionAt(4 + content.length));
  const outcome = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('poolingLens.inspectSelection');
  assert.equal(outcome.ok, true, outcome.message);
  await panelClick('section.tensor[data-id="max"] button[data-action="save"]');
  await waitFor(() => pageTexts('.quick-input-widget .quick-input-title'), (t) => t.some((x) => x.includes('Save MaxPooling2D')), 'the save dialog');
  const proposed = await waitFor(dialogValue, (v) => v.endsWith('.npy'), "the dialog's proposed path");
  // Under load a Control+a can land before the box holds its proposal, so the typed path lands after it: select
  // all and type again until the box holds exactly the path. The dialog checks a typed path asynchronously and
  // ignores Enter until it has: Enter is pressed again below while the dialog is still open.
  for (let attempt = 1; typed; attempt++) {
    await pageKeys(['Control+a'], typed.text);
    try {
      await waitFor(dialogValue, (v) => v === typed.text, 'the typed path', 5_000);
      break;
    } catch (err) {
      if (attempt === 4) throw err;
    }
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'no workspace folder');
  const uri = typed?.uri ?? folder.with({ path: proposed });
  const readSaved = async (): Promise<Uint8Array | undefined> => {
    try {
      return await vscode.workspace.fs.readFile(uri);
    } catch {
      return undefined;
    }
  };
  let bytes: Uint8Array | undefined;
  for (let attempt = 0; attempt < 4 && bytes === undefined; attempt++) {
    const open = await pageTexts('.quick-input-widget .quick-input-title');
    if (open.some((x) => x.includes('Save MaxPooling2D'))) await pageKeys(['Enter']);
    bytes = await waitFor(readSaved, (b) => b !== undefined, 'the saved file', 5_000).catch(() => undefined);
  }
  if (!bytes) {
    const dialog = await pageTexts('.quick-input-widget .quick-input-title, .quick-input-widget .quick-input-message');
    assert.fail(`nothing was saved to ${uri.toString()}; the dialog shows ${JSON.stringify(dialog)} with ${JSON.stringify(await dialogValue())} in its box`);
  }
  assertMaxOfTwoByTwo(bytes);
  return { uri, bytes, proposed };
}

/** The .npy of the 2x2 max pool of [[1, 2], [3, 4]] (float32, batch and channel added): one value, 4. */
export function assertMaxOfTwoByTwo(bytes: Uint8Array): void {
  const saved = readNpy(bytes);
  assert.equal(saved.dtype, 'float32');
  assert.deepEqual(saved.shape, [1, 1, 1, 1]);
  assert.deepEqual([...saved.data], [4]);
}
