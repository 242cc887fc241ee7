// The hover on array literals in the real VS Code: content through `vscode.executeHoverProvider`, the
// rendered widget (pictures decoded, the link kept) through the harness bridge, settings applied at once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pageEvaluate, requireBridge, screenshot, waitFor } from './bridge';
import { type Outcome } from './panelHelpers';
import { activeExtension, closeAllEditors, openEditor, workspaceFile } from './util';

const MARKER = '**Pooling Lens**';

function markdownOf(content: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof content === 'string') return content;
  return content.value;
}

/** Our hover contents at `offset` of `doc` (other providers' hovers are left out). */
async function ourHovers(doc: vscode.TextDocument, offset: number): Promise<{ markdown: string; hover: vscode.Hover; content: vscode.MarkdownString | vscode.MarkedString }[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
  const ours: { markdown: string; hover: vscode.Hover; content: vscode.MarkdownString | vscode.MarkedString }[] = [];
  for (const hover of hovers ?? []) {
    for (const content of hover.contents) {
      const markdown = markdownOf(content);
      if (markdown.startsWith(MARKER)) ours.push({ markdown, hover, content });
    }
  }
  return ours;
}

async function ourHover(doc: vscode.TextDocument, offset: number): Promise<{ markdown: string; hover: vscode.Hover; content: vscode.MarkdownString | vscode.MarkedString }> {
  const ours = await ourHovers(doc, offset);
  assert.equal(ours.length, 1, `expected one Pooling Lens hover at ${doc.positionAt(offset).line + 1}:${doc.positionAt(offset).character + 1}`);
  return ours[0]!;
}

function offsetOf(doc: vscode.TextDocument, needle: string, delta = 0): number {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found in ${doc.uri.toString()}`);
  return at + delta;
}

function linkArgs(markdown: string): unknown[] {
  const m = /\(command:poolingLens\.inspectRange\?([^ )]+)/.exec(markdown);
  assert.ok(m?.[1], 'no "Open in Pooling Lens" link');
  return JSON.parse(decodeURIComponent(m[1])) as unknown[];
}

async function setHover(key: 'enabled' | 'languages' | 'maxElements', value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('poolingLens.hover').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('hover on array literals', function () {
  this.timeout(60_000);
  before(activeExtension);
  afterEach(async () => {
    await setHover('enabled', undefined);
    await setHover('languages', undefined);
    await setHover('maxElements', undefined);
    await closeAllEditors();
  });

  it('Python: shape, dtype, statistics, pictures, the pooled values and the trusted link', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
    const { markdown, hover, content } = await ourHover(doc, offsetOf(doc, '[5, 6, 7, 8],', 4));
    assert.ok(markdown.startsWith(`${MARKER} · \`image\` · float32 (1, 4, 4, 1) · 16 values`), markdown.slice(0, 200));
    assert.match(markdown, /min 1 · max 16 · mean 8\.5 · 0 NaN/);
    assert.match(markdown, /!\[input 4x4\]\(data:image\/png;base64,[A-Za-z0-9+/=]+\) → !\[2x2 max pool\]\(data:image\/png;base64,/);
    assert.match(markdown, /2x2 max pool: `\[\[6, 8\], \[14, 16\]\]`/);
    assert.match(markdown, /\[Open in Pooling Lens\]\(command:poolingLens\.inspectRange\?/);
    assert.deepEqual(markdown.match(/command:[\w.]+/g), ['command:poolingLens.inspectRange']);
    if (content instanceof vscode.MarkdownString && content.isTrusted !== undefined) {
      assert.deepEqual(content.isTrusted, { enabledCommands: ['poolingLens.inspectRange'] });
    }
    // The hover covers the literal, reshape included.
    assert.ok(hover.range);
    assert.equal(doc.getText(hover.range).replace(/\s+/g, ' '),
      'np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]], dtype=np.float32).reshape(1, 4, 4, 1)');
  });

  it('the link opens the panel on that literal', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
    const { markdown } = await ourHover(doc, offsetOf(doc, 'grid = [[0, 1', 9));
    const args = linkArgs(markdown);
    assert.equal(args[0], doc.uri.toString());
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.inspectRange', ...args);
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual(outcome.shape, [4, 4]);
  });

  it('TypeScript: a nested array and a typed array', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('arrays.ts'));
    const kernel = await ourHover(doc, offsetOf(doc, '[5, 6, 7, 8]', 2));
    assert.ok(kernel.markdown.startsWith(`${MARKER} · \`kernel\` · float64 (4, 4) · 16 values`), kernel.markdown.slice(0, 200));
    assert.match(kernel.markdown, /!\[input 4x4\]\(data:image\/png;base64,/);
    assert.match(kernel.markdown, /command:poolingLens\.inspectRange/);
    const signal = await ourHover(doc, offsetOf(doc, '1.5, -2', 1));
    assert.match(signal.markdown, /float32 \(8,\) · 8 values/);
    assert.match(signal.markdown, /min -2 · max 4\.25 · mean 1\.03125 · 0 NaN/);
    assert.match(signal.markdown, /2 max pool: `\[1\.5, 3, 4\.25, 2\]`/);
  });

  it('JSON: the array under a key', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('arrays.json'));
    const { markdown } = await ourHover(doc, offsetOf(doc, '0.9, 0.3', 1));
    assert.ok(markdown.startsWith(`${MARKER} · \`feature_map\` · float64 (4, 4)`), markdown.slice(0, 200));
  });

  it('ordinary code gets no Pooling Lens hover', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('article_example.py'));
    for (const needle of ['import numpy as np', 'max_pool = MaxPool2D', "padding='valid')", 'print(tf.squeeze']) {
      assert.deepEqual(await ourHovers(doc, offsetOf(doc, needle, 3)), [], `a hover on "${needle}"`);
    }
    assert.deepEqual(await ourHovers(doc, offsetOf(doc, 'pool_size=(2, 2)', 12)), [], 'a hover on the pool_size tuple');
  });

  it('a malformed literal gives the one-line error with its document position', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import numpy as np\nbad = np.array([[1, 2, 3],\n                [4, 5, 6],\n                [7, 8]])\n',
    });
    const { markdown } = await ourHover(doc, offsetOf(doc, '[7, 8]', 2));
    assert.equal(markdown, `${MARKER}: row 3 has 2 elements, rows above have 3 (line 4, column 17)`);
  });

  it('an untitled Python document, above maxElements: a summary without pictures', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `x = [${Array.from({ length: 50 }, (_, i) => i).join(', ')}]\n` });
    assert.match((await ourHover(doc, 6)).markdown, /int64 \(50,\) · 50 values/);
    await setHover('maxElements', 10);
    const { markdown } = await waitFor(() => ourHover(doc, 6), (h) => h.markdown.includes('about 50 values'), 'the summary');
    assert.doesNotMatch(markdown, /data:image/);
    assert.match(markdown, /command:poolingLens\.inspectRange/);
  });

  it('poolingLens.hover.enabled and .languages apply at once', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = [[1, 2], [3, 4]]\n' });
    // Start from the defaults whatever an earlier test left, and give a fresh untitled document's first hover time:
    // it may come only once the language is settled (seen under load in both hosts).
    await setHover('enabled', undefined);
    await setHover('languages', undefined);
    await setHover('maxElements', undefined);
    await waitFor(() => ourHovers(doc, 7), (h) => h.length === 1, 'the hover on a fresh document', 45_000);
    await setHover('enabled', false);
    await waitFor(() => ourHovers(doc, 7), (h) => h.length === 0, 'no hover when disabled');
    await setHover('enabled', undefined);
    await waitFor(() => ourHovers(doc, 7), (h) => h.length === 1, 'the hover back');
    await setHover('languages', ['json']);
    await waitFor(() => ourHovers(doc, 7), (h) => h.length === 0, 'no hover for a language left out');
  });

  it('a Python notebook cell', async function () {
    let notebook: vscode.NotebookDocument;
    try {
      notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import numpy as np\nm = np.array([[1., 2.], [3., 4.]])\n', 'python'),
      ]));
    } catch {
      this.skip(); // no Jupyter serializer in this VS Code build
    }
    const cell = notebook.cellAt(0).document;
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    const { markdown } = await ourHover(cell, offsetOf(cell, '3., 4.', 1));
    assert.match(markdown, /float64 \(2, 2\) · 4 values/);
    assert.match(markdown, /2x2 max pool: `\[\[4\]\]`/);
  });

  it('the hover widget renders both pictures and keeps the link', async function () {
    requireBridge(this);
    const editor = await openEditor('article_example.py');
    const at = editor.document.positionAt(offsetOf(editor.document, '[9, 10, 11, 12]', 2));
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.showHover');
    type Rendered = { images: { src: string; width: number }[]; links: string[] };
    const rendered = await waitFor(
      () => pageEvaluate<Rendered | null>(`(() => {
        const hover = [...document.querySelectorAll('.monaco-hover')].find((h) => h.textContent.includes('Pooling Lens'));
        if (!hover) return null;
        return {
          images: [...hover.querySelectorAll('img')].map((i) => ({ src: i.getAttribute('src').slice(0, 22), width: i.complete ? i.naturalWidth : 0 })),
          links: [...hover.querySelectorAll('a')].map((a) => a.getAttribute('data-href') || a.getAttribute('href') || ''),
        };
      })()`),
      (r): r is Rendered => r !== null && r.images.length === 2 && r.images.every((i) => i.width > 0),
      'the rendered hover with two decoded pictures',
    );
    assert.deepEqual(rendered.images.map((i) => i.src), ['data:image/png;base64,', 'data:image/png;base64,']);
    assert.deepEqual(rendered.images.map((i) => i.width), [96, 48]);
    assert.ok(rendered.links.some((l) => l.startsWith('command:poolingLens.inspectRange')), JSON.stringify(rendered.links));
    await new Promise((r) => setTimeout(r, 400)); // the hover fades in
    await screenshot('hover-article.png');
  });
});
