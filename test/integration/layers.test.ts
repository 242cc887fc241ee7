// Pooling layers in the code, in the real VS Code: the CodeLens titles, the inline values of the print lines
// (compared with what TensorFlow and PyTorch printed for the same files: test/fixtures/layers/cases.json, made by
// the real libraries), "Inspect" opening the panel with the layer's parameters, "Apply to code" and its undo, the
// diagnostic's range on an invalid layer, and the settings that turn the features off.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { oneLine } from '../../src/analysis/printing';
import { pageEvaluate, pageKeys, pageTexts, panelClick, panelEvaluate, panelFill, panelTitles, requireBridge, screenshot, waitFor } from './bridge';
import { activeExtension, closeAllEditors, workspaceFile } from './util';

interface FixtureCase { name: string; prints: string[] }

function frameworkPrints(extensionPath: string, example: string): string[] {
  const fixture = JSON.parse(readFileSync(join(extensionPath, 'test/fixtures/layers/cases.json'), 'utf8')) as { cases: FixtureCase[] };
  const c = fixture.cases.find((x) => x.name === `examples/${example}`);
  assert.ok(c, `no fixture for ${example}`);
  return c.prints;
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return (lenses ?? []).filter((l) => l.command !== undefined);
}

async function ourHints(doc: vscode.TextDocument): Promise<{ line: number; label: string }[]> {
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range);
  return (hints ?? [])
    .map((h) => ({ line: h.position.line, label: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('') }))
    .filter((h) => h.label.startsWith('→ '));
}

function lineOf(doc: vscode.TextDocument, needle: string, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = doc.getText().indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not found`);
  return doc.positionAt(at).line;
}

async function setLayers(key: 'codeLens' | 'inlineValues' | 'diagnostics', value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('poolingLens.layers').update(key, value, vscode.ConfigurationTarget.Global);
}

async function ourDiagnostics(uri: vscode.Uri, minCount = 1): Promise<vscode.Diagnostic[]> {
  return waitFor(async () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Pooling Lens'), (d) => d.length >= minCount, 'Pooling Lens diagnostics');
}

describe('pooling layers in the code', function () {
  this.timeout(120_000);
  let extensionPath = '';
  before(async () => {
    extensionPath = (await activeExtension()).extensionPath;
  });
  afterEach(async () => {
    await setLayers('codeLens', undefined);
    await setLayers('inlineValues', undefined);
    await setLayers('diagnostics', undefined);
    await closeAllEditors();
  });

  it('article_example.py: a CodeLens with the shapes and "Inspect" above each layer', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
    await vscode.window.showTextDocument(doc);
    const lenses = await lensesOf(doc.uri);
    const titled = lenses.map((l) => ({ line: l.range.start.line, title: l.command!.title }));
    const shapes = titled.filter((l) => l.title !== 'Inspect');
    assert.deepEqual(shapes, [
      { line: lineOf(doc, 'max_pool = MaxPool2D('), title: '(1, 3, 3, 1) → (1, 2, 2, 1)' },
      { line: lineOf(doc, 'print(tf.squeeze(MaxPool2D('), title: '(1, 4, 4, 1) → (1, 2, 2, 1)' },
      { line: lineOf(doc, 'print(tf.squeeze(AveragePooling2D(pool_size=(2, 2)'), title: '(1, 4, 4, 1) → (1, 2, 2, 1)' },
      { line: lineOf(doc, "padding='same')(image)"), title: '(1, 4, 4, 1) → (1, 2, 2, 1)' },
      { line: lineOf(doc, 'print(GlobalMaxPooling2D()'), title: '(1, 4, 4, 1) → (1, 1)' },
      { line: lineOf(doc, 'print(GlobalAveragePooling2D()'), title: '(1, 4, 4, 1) → (1, 1)' },
    ]);
    const inspect = titled.filter((l) => l.title === 'Inspect');
    assert.deepEqual(inspect.map((l) => l.line), shapes.map((l) => l.line));
  });

  it('the PyTorch twin: shapes in (N, C, H, W), functional calls included', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example_torch.py'));
    await vscode.window.showTextDocument(doc);
    const shapes = (await lensesOf(doc.uri)).map((l) => l.command!.title).filter((t) => t !== 'Inspect');
    assert.deepEqual(shapes, [
      '(1, 1, 3, 3) → (1, 1, 2, 2)',
      '(1, 1, 4, 4) → (1, 1, 2, 2)', '(1, 1, 4, 4) → (1, 1, 2, 2)',
      '(1, 1, 4, 4) → (1, 1, 2, 2)', '(1, 1, 4, 4) → (1, 1, 2, 2)',
      '(1, 1, 4, 4) → (1, 1, 1, 1)', '(1, 1, 4, 4) → (1, 1, 1, 1)',
    ]);
  });

  for (const example of ['article_example.py', 'article_example_torch.py']) {
    it(`${example}: the inline value of every print line is what the framework printed`, async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceFile(example));
      await vscode.window.showTextDocument(doc);
      const expected = frameworkPrints(extensionPath, example);
      const printLines = doc.getText().split('\n').map((l, i) => (l.startsWith('print(') ? i : -1)).filter((i) => i >= 0);
      assert.equal(printLines.length, expected.length, 'every print line of the example ran in the fixture');
      const hints = await waitFor(() => ourHints(doc), (h) => h.length === expected.length, 'the inline values');
      assert.deepEqual(hints, printLines.map((line, i) => ({ line, label: `→ ${oneLine(expected[i]!)}` })));
    });
  }

  it('"Inspect" opens the panel on the input with exactly the layer\'s parameters, the layer named in its header', async function () {
    requireBridge(this);
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
    await vscode.window.showTextDocument(doc);
    const lens = (await lensesOf(doc.uri)).find((l) => l.command?.title === 'Inspect' && l.range.start.line === lineOf(doc, 'max_pool = MaxPool2D('));
    assert.ok(lens?.command?.arguments, 'no Inspect lens on max_pool');
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; message?: string; shape?: number[] }>(lens.command.command, ...lens.command.arguments);
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual(outcome.shape, [1, 3, 3, 1]);
    const title = await waitFor(() => panelTitles(), (t) => t.some((x) => x.includes('max_pool on matrix')), 'the panel');
    const panel = title.find((x) => x.includes('max_pool on matrix'))!;
    const caption = await waitFor(() => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`, panel), (t) => t !== '', 'the caption');
    assert.equal(caption, "(1, 3, 3, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding='valid') -> (1, 2, 2, 1)");
    assert.equal(await panelEvaluate<string>(`document.querySelector('[data-role="layer-label"]')?.textContent ?? ''`, panel), "MaxPool2D(pool_size=(2, 2), strides=(1, 1), padding='valid')");
    assert.equal(await panelEvaluate<string>(`document.getElementById('poolSize')?.value ?? ''`, panel), '2');
    assert.equal(await panelEvaluate<string>(`document.getElementById('strides')?.value ?? ''`, panel), '1');
    await screenshot('layers-inspect.png');
  });

  it('a variable argument: the lens says so and "Inspect" asks for its value', async function () {
    requireBridge(this);
    const text = [
      'import numpy as np',
      'import tensorflow as tf',
      'k = 3',
      'image = np.arange(16.).reshape(1, 4, 4, 1)',
      'pool = tf.keras.layers.AveragePooling2D(pool_size=k, strides=1)',
      'print(pool(image))',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor(() => lensesOf(doc.uri), (l) => l.length === 2, 'the lenses');
    assert.equal(lenses[0]!.command!.title, 'pool_size is not a constant');
    const inspect = lenses.find((l) => l.command?.title === 'Inspect')!;
    const outcome = vscode.commands.executeCommand<{ ok: boolean; message?: string; request?: { poolSize: number[] } }>(inspect.command!.command, ...inspect.command!.arguments!);
    await waitFor(() => pageTexts('.quick-input-widget .quick-input-message, .quick-input-widget .quick-input-title'), (t) => t.some((x) => x.includes('AveragePooling2D')), 'the question');
    await pageKeys([], '3');
    await waitFor(() => pageEvaluate<string>(`document.querySelector('.quick-input-widget input')?.value ?? ''`), (v) => v === '3', 'the typed value');
    await pageKeys(['Enter']);
    const result = await outcome;
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(result.request?.poolSize, [3, 3]);
    const panel = (await waitFor(() => panelTitles(), (t) => t.some((x) => x.includes('pool on image')), 'the panel')).find((x) => x.includes('pool on image'))!;
    const caption = await waitFor(() => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`, panel), (c) => c !== '', 'the caption');
    assert.equal(caption, "(1, 4, 4, 1) -> AveragePooling2D(pool_size=(3, 3), strides=(1, 1), padding='valid') -> (1, 2, 2, 1)");
  });

  it('"Apply to code" rewrites pool_size=2 to pool_size=3 in one edit, and undo restores it', async function () {
    requireBridge(this);
    const original = [
      'import numpy as np',
      'import tensorflow as tf',
      'matrix = np.array([[1., 2., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 12.], [13., 14., 15., 16.]]).reshape(1, 4, 4, 1)',
      'max_pool = tf.keras.layers.MaxPool2D(pool_size=2, strides=2)  # the article',
      'print(tf.squeeze(max_pool(matrix)))',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: original });
    await vscode.window.showTextDocument(doc);
    const lens = await waitFor(async () => (await lensesOf(doc.uri)).find((l) => l.command?.title === 'Inspect'), (l) => l !== undefined, 'the Inspect lens');
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(lens!.command!.command, ...lens!.command!.arguments!);
    assert.equal(outcome.ok, true, outcome.message);
    const panel = (await waitFor(() => panelTitles(), (t) => t.some((x) => x.includes('max_pool on matrix')), 'the panel')).find((x) => x.includes('max_pool on matrix'))!;
    await waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('[data-action="apply-to-code"]')`, panel), Boolean, 'the Apply to code button');
    await panelFill('[data-field="poolSize"] input', '3', panel);
    await waitFor(() => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`, panel), (t) => t.includes('pool_size=(3, 3)'), 'the re-pooled caption');
    assert.equal(doc.getText(), original, 'nothing is written before the click');
    await panelClick('[data-action="apply-to-code"]', panel);
    const expected = original.replace('MaxPool2D(pool_size=2, strides=2)', 'MaxPool2D(pool_size=3, strides=2)');
    await waitFor(async () => doc.getText(), (t) => t === expected, 'the rewritten layer');
    // The new arguments are read again: the lens follows the code.
    await waitFor(async () => (await lensesOf(doc.uri)).map((l) => l.command!.title), (t) => t.includes('(1, 4, 4, 1) → (1, 1, 1, 1)'), 'the updated lens');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor(async () => doc.getText(), (t) => t === original, 'the undone edit');
  });

  it('the hover on a layer: the per-axis formula with this input\'s numbers and the pictures', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('MaxPool2D(pool_size=(2, 2), strides=(1, 1)') + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at));
    const ours = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).filter((m) => m.startsWith('**Pooling Lens layer**'));
    assert.equal(ours.length, 1, 'one layer hover');
    const md = ours[0]!;
    assert.match(md, /\(1, 3, 3, 1\) → \(1, 2, 2, 1\) on `matrix`/);
    assert.match(md, /- `H: floor\(\(3 - 2\) \/ 1\) \+ 1 = 2`\n- `W: floor\(\(3 - 2\) \/ 1\) \+ 1 = 2`/);
    assert.match(md, /!\[input 3x3\]\(data:image\/png;base64,[A-Za-z0-9+/=]+\) → !\[output 2x2\]\(data:image\/png;base64,/);
    assert.doesNotMatch(md, /command:/);
  });

  it('an invalid layer gets a diagnostic in the library\'s words, on the argument at fault', async () => {
    const text = [
      'import torch',
      'import torch.nn as nn',
      'x = torch.ones(1, 1, 4, 4)',
      'pool = nn.MaxPool2d(3, padding=2)',
      'print(pool(x))',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    await vscode.window.showTextDocument(doc);
    const [d] = await ourDiagnostics(doc.uri);
    assert.equal(d!.message, 'pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    const at = text.indexOf('padding=2') + 'padding='.length;
    assert.deepEqual(d!.range, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 1)));
    // No inline value for a line the library would not run.
    assert.deepEqual(await ourHints(doc), []);
    // Fixed in the code: the diagnostic goes.
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(d!.range, '1'));
    await waitFor(async () => vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'Pooling Lens').length, (n) => n === 0, 'the diagnostic to go');
  });

  it('takes the README screenshot: the article\'s code with its lenses and inline values (dark theme)', async function () {
    requireBridge(this);
    const config = vscode.workspace.getConfiguration('workbench');
    const editorConfig = vscode.workspace.getConfiguration('editor');
    await config.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    // VS Code cuts inlay hints at 43 characters by default; the README says how to see them whole.
    await editorConfig.update('inlayHints.maximumLength', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    try {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
      const editor = await vscode.window.showTextDocument(doc);
      const first = lineOf(doc, '# A 3x3 matrix');
      editor.revealRange(new vscode.Range(first, 0, first + 30, 0), vscode.TextEditorRevealType.AtTop);
      editor.selection = new vscode.Selection(first, 0, first, 0);
      await waitFor(() => ourHints(doc), (h) => h.length === 6, 'the inline values');
      // The rendered editor shows them (not only the provider's answer).
      await waitFor(() => pageEvaluate<number>(`[...document.querySelectorAll('.monaco-editor .codelens-decoration')].filter((e) => e.textContent.includes('→') && e.textContent.includes('Inspect')).length`), (n) => n >= 6, 'the lenses on screen');
      await screenshot('layers-article.png');
    } finally {
      await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
      await editorConfig.update('inlayHints.maximumLength', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
    }
  });

  it('settings turn the CodeLens, the inline values and the diagnostics off', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
    await vscode.window.showTextDocument(doc);
    assert.ok((await lensesOf(doc.uri)).length > 0);
    await setLayers('codeLens', false);
    await waitFor(() => lensesOf(doc.uri), (l) => l.length === 0, 'no lenses');
    assert.ok((await ourHints(doc)).length > 0, 'inline values stay on');
    await setLayers('inlineValues', false);
    await waitFor(() => ourHints(doc), (h) => h.length === 0, 'no inline values');

    const bad = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch.nn as nn\np = nn.AvgPool2d(2, padding=2)\n' });
    await vscode.window.showTextDocument(bad);
    await ourDiagnostics(bad.uri);
    await setLayers('diagnostics', false);
    await waitFor(async () => vscode.languages.getDiagnostics(bad.uri).filter((x) => x.source === 'Pooling Lens').length, (n) => n === 0, 'no diagnostics');
  });
});
