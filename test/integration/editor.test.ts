// Editor integration in the real VS Code: palette, context menus, the .npy/.npz custom editor,
// parse errors underlined where they are, and settings reaching open panels.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { panelClick, panelEvaluate, pageClick, pageKeys, pageTexts, panelTitles, requireBridge, waitFor } from './bridge';
import { inspectRange, tableOf, type Outcome } from './panelHelpers';
import { writeNpy } from '../../src/io';
import { closeAllEditors, openEditor, workspaceFile } from './util';

const fixtures = process.env.POOLING_LENS_FIXTURES ?? '';
interface Expected {
  camera_64: { shape: number[]; values: number[][]; max2x2: number[][]; avg2x2: number[][] };
  digits: { members: string[]; labels: number[] };
}
const expected = (): Expected => JSON.parse(readFileSync(join(fixtures, 'editor', 'expected.json'), 'utf8')) as Expected;

function numbers(grid: string[][]): number[][] {
  return grid.map((row) => row.map(Number));
}

async function panelCount(): Promise<number> {
  return (await panelTitles()).length;
}

describe('editor integration', function () {
  this.timeout(120_000);
  afterEach(async () => {
    await closeAllEditors();
    await vscode.workspace.getConfiguration('poolingLens').update('poolSize', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('poolingLens').update('colormap', undefined, vscode.ConfigurationTarget.Global);
  });

  it('runs "Inspect Selection" from the command palette', async function () {
    requireBridge(this);
    const editor = await openEditor('arrays.ts');
    const text = editor.document.getText();
    const start = text.indexOf('[\n  [1, 2, 3, 4]');
    const end = text.indexOf('];', start) + 1;
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    await pageKeys(['F1']);
    await pageKeys([], 'Pooling Lens: Inspect Selection');
    await waitFor(() => pageTexts('.quick-input-list .monaco-list-row .label-name'), (t) => t.some((x) => x.includes('Inspect Selection')), 'the palette entry');
    await pageKeys(['Enter']);
    assert.deepEqual(await waitFor(() => tableOf('output', 'max'), (g) => g.length === 2, 'the pooled output'), [['6', '8'], ['14', '16']]);
  });

  it('runs "Pool with…" through its quick picks', async function () {
    requireBridge(this);
    const editor = await openEditor('arrays.json');
    const text = editor.document.getText();
    const start = text.indexOf('[[0.1');
    editor.selection = new vscode.Selection(editor.document.positionAt(start + 3), editor.document.positionAt(start + 3));
    const running = vscode.commands.executeCommand<Outcome>('poolingLens.poolWith');
    await waitFor(() => pageTexts('.quick-input-list .monaco-list-row .label-name'), (t) => t.includes('Average pooling'), 'the operation pick');
    await pageKeys([], 'Average');
    await pageKeys(['Enter']);
    await waitFor(() => pageTexts('.quick-input-list .monaco-list-row .label-name'), (t) => t.includes('4x4'), 'the size pick');
    await pageKeys([], '4x4');
    await pageKeys(['Enter']);
    const outcome = await running;
    assert.equal(outcome.ok, true, outcome.message);
    const grid = await waitFor(() => tableOf('output', 'avg'), (g) => g.length === 1, 'the 4x4 average');
    // The mean of the 16 values of feature_map, shown to 4 significant digits.
    const values = [0.1, 0.9, 0.3, 0.2, 0.4, 0.5, 0.8, 0.7, 0.6, 0.2, 0.1, 0.3, 0.9, 0.4, 0.2, 0.5];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    assert.equal(grid[0]?.[0], String(Number(mean.toPrecision(4))));
  });

  it('opens a .npy from "Open NumPy File…" with a URI (as the explorer menu does)', async function () {
    requireBridge(this);
    const uri = vscode.Uri.file(join(fixtures, 'npy', 'camera_64.npy'));
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.openNumpyFile', uri);
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual(outcome.shape, [64, 64]);
    const e = expected().camera_64;
    assert.deepEqual(numbers(await tableOf('input', 'input', 'camera_64.npy')), e.values);
    assert.deepEqual(numbers(await tableOf('output', 'max', 'camera_64.npy')), e.max2x2);
    // Averages are shown to 4 significant digits (the default precision).
    const shown = e.avg2x2.map((row) => row.map((v) => Number(v.toPrecision(4))));
    assert.deepEqual(numbers(await tableOf('output', 'avg', 'camera_64.npy')), shown);
  });

  it('shows the Pooling Lens items in the editor context menu only on a selection in a supported language', async function () {
    requireBridge(this);
    const editor = await openEditor('article_example.py');
    const text = editor.document.getText();
    const start = text.indexOf('[[0, 1, 0, 2]');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + 13));
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await pageKeys(['Shift+F10']);
    const items = await waitFor(() => pageTexts('.monaco-menu .action-label'), (t) => t.length > 0, 'the context menu');
    await pageKeys(['Escape']);
    assert.ok(items.includes('Inspect Selection'), items.join(' | '));
    assert.ok(items.includes('Pool with…'), items.join(' | '));

    const plain = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '[[1, 2], [3, 4]]' });
    const plainEditor = await vscode.window.showTextDocument(plain);
    plainEditor.selection = new vscode.Selection(0, 0, 0, 16);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await pageKeys(['Shift+F10']);
    const plainItems = await waitFor(() => pageTexts('.monaco-menu .action-label'), (t) => t.length > 0, 'the plain-text context menu');
    await pageKeys(['Escape']);
    assert.ok(!plainItems.includes('Inspect Selection'), plainItems.join(' | '));
  });

  it('shows "Open NumPy File…" in the explorer context menu of a .npy', async function () {
    requireBridge(this);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await pageClick('.explorer-folders-view .monaco-list-row[aria-label="camera_crop.npy"]', 'right');
    const items = await waitFor(() => pageTexts('.monaco-menu .action-label'), (t) => t.length > 0, 'the explorer menu');
    await pageKeys(['Escape']);
    assert.ok(items.includes('Open NumPy File…'), items.join(' | '));
    await pageClick('.explorer-folders-view .monaco-list-row[aria-label="arrays.ts"]', 'right');
    const tsItems = await waitFor(() => pageTexts('.monaco-menu .action-label'), (t) => t.length > 0, 'the explorer menu on a .ts');
    await pageKeys(['Escape']);
    assert.ok(!tsItems.includes('Open NumPy File…'), tsItems.join(' | '));
  });

  it('opens a numpy-made .npy in the custom editor', async function () {
    requireBridge(this);
    const uri = vscode.Uri.file(join(fixtures, 'npy', 'camera_64.npy'));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
    const e = expected().camera_64;
    assert.deepEqual(numbers(await tableOf('output', 'max')), e.max2x2);
    const header = await panelEvaluate<string>(`document.querySelector('header .source')?.textContent ?? ''`);
    assert.match(header, /uint8 '\|u1'/);
  });

  it('opens a numpy-made .npz in the custom editor and lists its arrays', async function () {
    requireBridge(this);
    const uri = vscode.Uri.file(join(fixtures, 'npy', 'digits.npz'));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
    const members = await waitFor(
      () => panelEvaluate<string[]>(`[...document.querySelectorAll('[data-field="member"] vscode-option')].map((o) => o.getAttribute('value'))`),
      (m) => m.length > 0, 'the member picker');
    assert.deepEqual(members.sort(), expected().digits.members);
    await panelClick('[data-field="member"] vscode-single-select');
    await panelClick('[data-field="member"] vscode-single-select li[role="option"]:has-text("labels")');
    const labels = await waitFor(() => tableOf('input', 'input'), (g) => g[0]?.length === 10, 'the labels');
    assert.deepEqual(labels[0]?.map(Number), expected().digits.labels);
  });

  it('re-reads a .npy shown in the custom editor when it changes on disk', async function () {
    requireBridge(this);
    const uri = workspaceFile('changing.npy');
    const write = (values: number[]): Thenable<void> =>
      vscode.workspace.fs.writeFile(uri, writeNpy({ dtype: 'float32', shape: [2, 2], data: Float32Array.from(values) }));
    await write([1, 2, 3, 4]);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
    assert.deepEqual(await tableOf('input', 'input'), [['1', '2'], ['3', '4']]);
    await write([10, 20, 30, 40]);
    const changed = await waitFor(() => tableOf('input', 'input'), (g) => g[0]?.[0] === '10', 'the re-read file');
    assert.deepEqual(changed, [['10', '20'], ['30', '40']]);
    assert.deepEqual(await tableOf('output', 'max'), [['40']]);
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
  });

  it('underlines the exact span of a malformed literal and says what is wrong', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = np.array([[1, 2, 3],\n              [4, 5]])\n' });
    const editor = await vscode.window.showTextDocument(doc);
    const start = doc.getText().indexOf('np.array');
    const end = doc.getText().indexOf('])') + 2;
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
    const outcome = await vscode.commands.executeCommand<Outcome & { range?: vscode.Range }>('poolingLens.inspectSelection');
    assert.equal(outcome.ok, false);
    assert.match(outcome.message ?? '', /2 elements/);
    assert.match(outcome.message ?? '', /line 2/);
    // One position, the document's (the reader's own, relative to the selection, used to be shown too).
    assert.equal((outcome.message ?? '').match(/column/g)?.length, 1, outcome.message);
    const diags = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Pooling Lens');
    assert.equal(diags.length, 1);
    const span = doc.getText(diags[0]?.range);
    assert.ok(span.startsWith('[4, 5]') || span === '[4, 5]', `underlined "${span}"`);
    assert.equal(diags[0]?.range.start.line, 1);
  });

  it('applies a settings change to an open panel', async function () {
    requireBridge(this);
    const editor = await openEditor('article_example.py');
    await inspectRange(editor, 'np.array([[1, 2, 3, 4],', '.reshape(1, 4, 4, 1)');
    assert.deepEqual(await tableOf('output', 'max'), [['6', '8'], ['14', '16']]);
    await vscode.workspace.getConfiguration('poolingLens').update('poolSize', 3, vscode.ConfigurationTarget.Global);
    assert.deepEqual(await waitFor(() => tableOf('output', 'max'), (g) => g.length === 1, 'the re-pooled output'), [['11']]);
    await vscode.workspace.getConfiguration('poolingLens').update('colormap', 'greyscale', vscode.ConfigurationTarget.Global);
    await waitFor(() => panelEvaluate<string>(`document.querySelector('[data-field="colormap"] vscode-single-select')?.value ?? ''`), (v) => v === 'greyscale', 'the colour map setting');
    assert.ok((await panelCount()) >= 1);
  });
});
