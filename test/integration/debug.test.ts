// Values from a paused debug session, in the real VS Code with a real debugger: a Python program
// (test/fixtures/debug/feature_map.py) debugged by debugpy through the test-only fixture extension the harness
// loads. The program saves every array itself with numpy; the tests compare what crossed (through the transfer's
// own expressions and through the panel) with those files, and check that the program's state did not change.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  chunkRanges, npyHeader, parseChunk, parseProbe, pythonChunk, pythonProbe,
} from '../../src/debug';
import { readNpy } from '../../src/io';
import type { Tensor } from '../../src/core/tensor';
import { pageClick, pageEvaluate, pageKeys, pageTexts, panelEvaluate, panelFill, panelHover, requireBridge, screenshot, waitFor } from './bridge';
import { tableOf } from './panelHelpers';
import { activeExtension, closeAllEditors, workspaceFile } from './util';

interface Outcome { ok: boolean; message?: string; shape?: number[]; dtype?: string; expression?: string; where?: string; following?: boolean }

const fixtures = process.env.POOLING_LENS_FIXTURES ?? '';
const program = join(fixtures, 'debug', 'feature_map.py');
const jsProgram = join(fixtures, 'debug', 'feature_map.js');

function lineOf(marker: string, file = program): number {
  const at = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  assert.ok(at >= 0, `${marker} not found in ${file}`);
  return at;
}

/** The focused frame of the paused session (or of any session when none is given: js-debug stops in a child). */
function pausedFrame(session?: vscode.DebugSession): Promise<vscode.DebugStackFrame> {
  return waitFor(
    async () => vscode.debug.activeStackItem,
    (i): i is vscode.DebugStackFrame => i instanceof vscode.DebugStackFrame && (session === undefined || i.session.id === session.id),
    'the debug session to stop at a breakpoint', 90_000,
  );
}

/** Sets one breakpoint, starts debugging with `config` and resolves the session that started first. */
async function startAt(file: string, marker: string, config: vscode.DebugConfiguration): Promise<vscode.DebugSession> {
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(lineOf(marker, file), 0)))]);
  const started = new Promise<vscode.DebugSession>((resolve) => {
    const sub = vscode.debug.onDidStartDebugSession((s) => {
      sub.dispose();
      resolve(s);
    });
  });
  assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config), `the ${config.type} session did not start`);
  return started;
}

async function evaluateIn(frame: vscode.DebugStackFrame, expression: string, context = 'watch'): Promise<string> {
  const body = await frame.session.customRequest('evaluate', { expression, frameId: frame.frameId, context }) as { result: string };
  return body.result;
}

/**
 * After a context menu click the mouse rests on the Variables view, whose value hover would cover the panel: move
 * the mouse into the panel titled `title` (once it is there) and close the hover.
 */
async function leaveVariablesView(title: string): Promise<void> {
  await waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('header')`, title), Boolean, `the panel ${title}`, 60_000);
  await panelHover('header', title);
  await pageKeys(['Escape']);
  await waitFor(() => pageEvaluate<boolean>(`!document.querySelector('.debug-var-hover-pre')`), Boolean, 'the value hover to close');
}

/**
 * Opens the Variables view's context menu on the row of `name` and picks "Inspect in Pooling Lens", until `opened`
 * holds. The view re-renders its rows while a session settles, so a menu opened on a row just replaced does nothing,
 * and a menu left open blocks the next right-click: every attempt first closes any open menu.
 */
async function inspectFromVariablesView(name: string, opened: () => Promise<void>): Promise<void> {
  const row = `.debug-view-content .monaco-list-row[aria-label^="${name}, value "]`;
  const menuOpen = (): Promise<boolean> => pageEvaluate<boolean>(`!!document.querySelector('.context-view .monaco-menu')`);
  for (let attempt = 1; ; attempt++) {
    await pageKeys(['Escape']);
    await waitFor(menuOpen, (open) => !open, 'any open context menu to close');
    await pageClick(row, 'right');
    const items = await waitFor(() => pageTexts('.context-view .monaco-menu .action-label'), (t) => t.length > 0, 'the Variables view\'s context menu');
    assert.ok(items.includes('Inspect in Pooling Lens'), items.join(' | '));
    await pageClick('.context-view .monaco-menu .action-label:text-is("Inspect in Pooling Lens")');
    try {
      await opened();
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** The line the paused thread is at (1-based). */
async function topLine(frame: vscode.DebugStackFrame): Promise<number> {
  const body = await frame.session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 1 }) as { stackFrames: { line: number }[] };
  return body.stackFrames[0]?.line ?? -1;
}

/** Everything a read could change: the frame's globals and locals (names and identities) and the loaded modules. */
function stateProbe(frame: vscode.DebugStackFrame): Promise<string> {
  return evaluateIn(frame, "repr((sorted((k, id(v)) for k, v in globals().items()), sorted((k, id(v)) for k, v in locals().items() if k != 'globals'), sorted(__import__('sys').modules)))");
}

/** Reads `expression` through the transfer's own expressions, in chunks of `chunkBytes`, as the extension does. */
async function transfer(frame: vscode.DebugStackFrame, expression: string, chunkBytes: number, context: string): Promise<Tensor> {
  const probe = parseProbe('python', expression, await evaluateIn(frame, pythonProbe(expression)));
  const header = npyHeader(probe.dtype.descr, probe.shape);
  const file = new Uint8Array(header.length + probe.byteCount);
  file.set(header);
  for (const r of chunkRanges(probe.elementCount, probe.dtype.itemSize, chunkBytes)) {
    const text = await evaluateIn(frame, pythonChunk(expression, probe, r.start, r.end), context);
    file.set(parseChunk(text, (r.end - r.start) * probe.dtype.itemSize, expression), header.length + r.start * probe.dtype.itemSize);
  }
  return readNpy(file);
}

function saved(outDir: string, name: string): Tensor {
  return readNpy(new Uint8Array(readFileSync(join(outDir, `${name}.npy`))));
}

function sameTensor(got: Tensor, want: Tensor, what: string): void {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const bytes = (t: Tensor): Buffer => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  assert.ok(bytes(got).equals(bytes(want)), `${what}: values differ: ${Array.from(got.data as ArrayLike<number>).slice(0, 8).join(' ')} vs ${Array.from(want.data as ArrayLike<number>).slice(0, 8).join(' ')}`);
}

/** The input view's table as numbers, row by row (the panel's text alternative). */
async function inputTable(title?: string): Promise<number[][]> {
  return (await tableOf('input', 'input', title)).map((row) => row.map(Number));
}

/** The rows of the (1, H, W, 1) array in `t`, as numbers. */
function rowsOf(t: Tensor): number[][] {
  const [, h = 0, w = 0] = t.shape;
  const data = Array.from(t.data as ArrayLike<number>, Number);
  return Array.from({ length: h }, (_, r) => data.slice(r * w, r * w + w));
}

describe('debug: Python values from a paused debugpy session', function () {
  this.timeout(240_000);
  let outDir = '';
  let session: vscode.DebugSession | undefined;

  before(async function () {
    this.timeout(180_000);
    assert.ok(process.env.POOLING_LENS_PYTHON, 'POOLING_LENS_PYTHON is not set: run the tests with test/harness/runServerTests.ts, which finds or installs Python with debugpy and numpy');
    await activeExtension();
    outDir = mkdtempSync(join(tmpdir(), 'pooling-lens-debug-'));
    session = await startAt(program, '# STOP 1', {
      type: 'debugpy', name: 'feature map (test)', request: 'launch', program, args: [outDir], console: 'internalConsole', justMyCode: true,
    });
    await pausedFrame(session);
  });

  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (session) await vscode.debug.stopDebugging(session);
    await vscode.workspace.getConfiguration('poolingLens').update('debug.maxMB', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('every dtype and memory layout crosses byte for byte, in watch and clipboard chunks, and the program state is unchanged', async () => {
    const frame = await pausedFrame(session as vscode.DebugSession);
    const before = await stateProbe(frame);
    const names = JSON.parse(readFileSync(join(outDir, 'names.json'), 'utf8')) as string[];
    assert.ok(names.length >= 20);
    for (const name of names) {
      const want = saved(outDir, name);
      sameTensor(await transfer(frame, `arrays[${JSON.stringify(name)}]`, 40, 'watch'), want, `${name} (40-byte watch chunks)`);
      sameTensor(await transfer(frame, `arrays[${JSON.stringify(name)}]`, 1 << 20, 'clipboard'), want, `${name} (one clipboard chunk)`);
    }
    assert.equal(await stateProbe(frame), before, 'reading changed the program state');
  });

  it('"Inspect Expression…" opens the panel on the feature map with the debuggee\'s values, naming session, frame and expression', async function () {
    requireBridge(this);
    const frame = await pausedFrame(session as vscode.DebugSession);
    const before = await stateProbe(frame);
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'fm');
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual([outcome.shape, outcome.dtype, outcome.following], [[1, 6, 6, 1], 'float32', true]);
    const want = rowsOf(saved(outDir, 'fm'));
    assert.ok(want.flat().some((v) => v > 0), 'the fixture feature map should not be all zeros');
    assert.deepEqual(await inputTable('fm'), want);
    const header = await panelEvaluate<string>(`document.querySelector('header')?.textContent ?? ''`, 'fm');
    assert.match(header, /^fm/);
    assert.match(header, /feature map \(test\)/);
    assert.match(header, /main \(feature_map\.py:\d+\)/);
    assert.match(header, /numpy\.ndarray · float32/);
    assert.equal(await stateProbe(frame), before, 'inspecting changed the program state');
  });

  it('"Inspect Selection" on a selection of the paused program evaluates it in the frame instead of parsing it', async function () {
    requireBridge(this);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(program));
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    const line = lineOf('# STOP 1');
    const at = doc.lineAt(line).text.indexOf('fm * 2');
    editor.selection = new vscode.Selection(line, at, line, at + 'fm * 2'.length);
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.inspectSelection');
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual([outcome.shape, outcome.expression], [[1, 6, 6, 1], 'fm * 2']);
    const want = rowsOf(saved(outDir, 'fm')).map((r) => r.map((v) => v * 2));
    assert.deepEqual(await inputTable('fm * 2'), want);
  });

  it('a value that is not an array gets a message naming its type and what is supported', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'label');
    assert.equal(outcome.ok, false);
    assert.match(outcome.message ?? '', /'label' is a builtins\.str, which Pooling Lens cannot show\. It shows numpy arrays, torch tensors/);
    const ragged = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'ragged');
    assert.match(ragged.message ?? '', /'ragged' is a nested list that cannot be read as an array: its rows do not all have the same length/);
    const missing = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'no_such_name');
    assert.match(missing.message ?? '', /'no_such_name' could not be evaluated in main \(feature_map\.py:\d+\): NameError/);
    const walrus = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', '(fm := 0)');
    assert.match(walrus.message ?? '', /is not evaluated: it contains an assignment/);
  });

  it('the Variables view\'s context menu opens a variable in the panel (through the UI)', async function () {
    requireBridge(this);
    await closeAllEditors();
    await pausedFrame(session as vscode.DebugSession);
    await vscode.commands.executeCommand('workbench.view.debug');
    // The view writes a name as "fm ="; its row is found by its aria-label, "fm, value array(...)".
    const rows = (): Promise<{ name: string; label: string }[]> => pageEvaluate(`[...document.querySelectorAll('.debug-view-content .monaco-list-row')]
      .map((r) => ({ name: (r.querySelector('.monaco-tl-contents .name')?.textContent ?? '').replace(/\\s*=$/, ''), label: r.getAttribute('aria-label') ?? '' }))`);
    const listed = await waitFor(rows, (t) => t.some((r) => r.name === 'fm'), 'fm in the Variables view', 60_000);
    assert.ok(listed.some((r) => r.name === 'label'), listed.map((r) => r.name).join(' | '));
    assert.ok(listed.some((r) => r.label.startsWith('fm, value ')), listed.map((r) => r.label.slice(0, 20)).join(' | '));
    await inspectFromVariablesView('fm', () => waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('header')`, 'fm'), Boolean, 'the panel fm', 30_000).then(() => undefined));
    await leaveVariablesView('fm');
    const want = rowsOf(saved(outDir, 'fm'));
    await waitFor(() => inputTable('fm'), (t) => JSON.stringify(t) === JSON.stringify(want), 'the panel opened from the Variables view', 60_000);
    const header = await panelEvaluate<string>(`document.querySelector('header')?.textContent ?? ''`, 'fm');
    assert.match(header, /feature map \(test\) · main \(feature_map\.py:\d+\)/);
  });

  it('a huge tensor: over the size limit it asks first; while fetching it shows progress and can be cancelled, leaving the program paused and unchanged', async function () {
    requireBridge(this);
    const s = session as vscode.DebugSession;
    const frame = await pausedFrame(s);
    const before = await stateProbe(frame);
    const config = vscode.workspace.getConfiguration('poolingLens');
    // Over the limit: the question is a modal dialog, which the test workbench refuses (as declining).
    await config.update('debug.maxMB', 16, vscode.ConfigurationTarget.Global);
    const refused = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'huge');
    assert.deepEqual([refused.ok, refused.message], [false, 'cancelled']);
    // Under the limit: cancellable progress; cancel it from the notification.
    await config.update('debug.maxMB', 128, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    const running = vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'huge');
    const toast = '.notifications-toasts .notification-toast:has-text("fetching \'huge\'")';
    await waitFor(() => pageTexts(toast), (t) => t.length > 0, 'the progress notification', 60_000);
    await pageClick(`${toast} .monaco-button:has-text("Cancel")`);
    const cancelled = await running;
    assert.deepEqual([cancelled.ok, cancelled.message], [false, 'cancelled']);
    assert.ok(vscode.debug.activeStackItem instanceof vscode.DebugStackFrame, 'the session is no longer paused');
    assert.equal(await topLine(frame), lineOf('# STOP 1') + 1, 'the program moved');
    assert.equal(await stateProbe(frame), before, 'the program state changed');
    // The whole 4096x4096 float32 (64 MiB): how fast it crosses (printed, not asserted).
    const started = Date.now();
    const full = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'huge');
    assert.deepEqual([full.ok, full.shape], [true, [1, 4096, 4096, 1]], full.message);
    const fetched = Date.now() - started;
    await waitFor(() => panelEvaluate<string | null>(`document.getElementById('pooling-lens-root')?.dataset.firstPaintMs ?? null`, 'huge'), (v) => v !== null, 'the first paint of huge', 120_000);
    const painted = Date.now() - started;
    console.log(`[bench] debugpy -> panel, 4096x4096 float32 (64 MiB): fetched in ${(fetched / 1000).toFixed(1)} s (${(64 / (fetched / 1000)).toFixed(1)} MiB/s), first paint ${(painted / 1000).toFixed(1)} s after the command`);
    await config.update('debug.maxMB', undefined, vscode.ConfigurationTarget.Global);
    // Closed, so that it does not follow 'huge' through the next steps.
    await closeAllEditors();
  });

  it('a followed panel updates in place after a step, keeping its pooling settings', async function () {
    requireBridge(this);
    await closeAllEditors();
    const s = session as vscode.DebugSession;
    const frame = await pausedFrame(s);
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'fm');
    assert.equal(outcome.ok, true, outcome.message);
    const first = rowsOf(saved(outDir, 'fm'));
    await waitFor(() => inputTable('fm'), (t) => JSON.stringify(t) === JSON.stringify(first), 'the first value');
    // The user's pooling settings, which the update must keep: pool size 3.
    const caption = (): Promise<string> => panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`, 'fm');
    await panelFill('[data-field="poolSize"] input', '3', 'fm');
    await waitFor(caption, (c) => c.includes('pool_size=(3, 3)'), 'the 3x3 pooling');
    const pooledBefore = await tableOf('output', 'max', 'fm');
    const line = await topLine(frame);
    await vscode.commands.executeCommand('workbench.action.debug.stepOver');
    await waitFor(() => topLine(frame).catch(() => line), (l) => l > line, 'the stop after the step', 60_000);
    // The stepped line is `fm = fm * 2 + 1`.
    const after = first.map((r) => r.map((v) => v * 2 + 1));
    await waitFor(() => inputTable('fm'), (t) => JSON.stringify(t) === JSON.stringify(after), 'the followed panel to show fm * 2 + 1', 60_000);
    assert.match(await caption(), /^\(1, 6, 6, 1\) -> MaxPooling2D\(pool_size=\(3, 3\)/);
    // The 3x3 max of fm * 2 + 1 is twice the 3x3 max of fm, plus one.
    const pooledAfter = await waitFor(() => tableOf('output', 'max', 'fm'), (t) => JSON.stringify(t) !== JSON.stringify(pooledBefore), 'the pooled output to follow');
    assert.deepEqual(pooledAfter, pooledBefore.map((r) => r.map((v) => String(Number(v) * 2 + 1))));
    const header = await panelEvaluate<string>(`document.querySelector('header')?.textContent ?? ''`, 'fm');
    assert.match(header, /following/);
  });

  it('a followed panel says so when its expression is not available in the new frame, and keeps the last value', async function () {
    requireBridge(this);
    const s = session as vscode.DebugSession;
    const frame = await pausedFrame(s);
    const shown = await inputTable('fm');
    await vscode.commands.executeCommand('workbench.action.debug.stepOut');
    // Back in the module, which has no `fm`.
    await waitFor(() => topLine(frame).catch(() => -1), (l) => l === lineOf("main(sys.argv[1])") + 1, 'the stop in <module> after stepping out', 60_000);
    const header = await waitFor(
      () => panelEvaluate<string>(`document.querySelector('header')?.textContent ?? ''`, 'fm'),
      (h) => h.includes('not available'), 'the header to say fm is not available', 60_000,
    );
    assert.match(header, /not available in <module> \(feature_map\.py:\d+\): 'fm' could not be evaluated .*NameError.* still showing the value read in main \(feature_map\.py:\d+\)/);
    assert.deepEqual(await inputTable('fm'), shown, 'the last value is still shown');
  });
});

describe('debug: JavaScript values from a paused js-debug (node) session', function () {
  this.timeout(240_000);
  let outDir = '';
  let session: vscode.DebugSession | undefined;

  before(async function () {
    this.timeout(180_000);
    await activeExtension();
    outDir = mkdtempSync(join(tmpdir(), 'pooling-lens-debug-js-'));
    session = await startAt(jsProgram, '// STOP', { type: 'node', name: 'feature map (js test)', request: 'launch', program: jsProgram, args: [outDir] });
    await pausedFrame();
  });

  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (session) await vscode.debug.stopDebugging(session);
    await closeAllEditors();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const globalsOf = (frame: vscode.DebugStackFrame): Promise<string> =>
    evaluateIn(frame, "Object.getOwnPropertyNames(globalThis).sort().join(',') + '|' + Object.keys(require.cache).length", 'repl');

  it('a { data: Float32Array, shape } feature map opens with the debuggee\'s values; globals unchanged', async function () {
    requireBridge(this);
    const frame = await pausedFrame();
    const before = await globalsOf(frame);
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'featureMap');
    assert.equal(outcome.ok, true, outcome.message);
    const written = JSON.parse(readFileSync(join(outDir, 'js_values.json'), 'utf8')) as { relu: number[]; out: number; nested: number[][] };
    assert.deepEqual([outcome.shape, outcome.dtype], [[1, written.out, written.out, 1], 'float32']);
    const want = Array.from({ length: written.out }, (_, r) => written.relu.slice(r * written.out, (r + 1) * written.out));
    assert.ok(written.relu.some((v) => v > 0), 'the fixture feature map should not be all zeros');
    assert.deepEqual(await inputTable('featureMap'), want);
    const header = await panelEvaluate<string>(`document.querySelector('header')?.textContent ?? ''`, 'featureMap');
    assert.match(header, /feature_map\.js:\d+/);
    assert.match(header, /\{ data: Float32Array, shape \} · float32/);
    const nested = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'nested');
    assert.deepEqual([nested.ok, nested.shape, nested.dtype], [true, [2, 3], 'float64'], nested.message);
    assert.deepEqual(await inputTable('nested'), written.nested);
    const typed = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'relu');
    assert.deepEqual([typed.ok, typed.shape], [true, [written.out * written.out]], typed.message);
    assert.equal(await globalsOf(frame), before, 'inspecting changed the debuggee\'s globals');
  });

  it('a 1024x1024 float32 feature map (4 MiB) crosses whole: its transfer rate (printed)', async function () {
    requireBridge(this);
    const started = Date.now();
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'big');
    assert.deepEqual([outcome.ok, outcome.shape], [true, [1, 1024, 1024, 1]], outcome.message);
    const fetched = Date.now() - started;
    await waitFor(() => panelEvaluate<string | null>(`document.getElementById('pooling-lens-root')?.dataset.firstPaintMs ?? null`, 'big'), (v) => v !== null, 'the first paint of big', 120_000);
    const painted = Date.now() - started;
    console.log(`[bench] js-debug -> panel, 1024x1024 float32 (4 MiB): fetched in ${(fetched / 1000).toFixed(1)} s (${(4 / (fetched / 1000)).toFixed(2)} MiB/s), first paint ${(painted / 1000).toFixed(1)} s after the command`);
    await closeAllEditors();
  });

  it('a value that is not an array gets a message naming its type', async () => {
    const outcome = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'label');
    assert.equal(outcome.ok, false);
    assert.match(outcome.message ?? '', /'label' is a string, which Pooling Lens cannot show\. It shows typed arrays/);
    const assign = await vscode.commands.executeCommand<Outcome>('poolingLens.debug.inspectExpression', 'label = 1');
    assert.match(assign.message ?? '', /is not evaluated: it contains an assignment/);
  });
});

describe('debug: the README\'s picture of a paused Python session (examples/cnn_forward.py)', function () {
  this.timeout(240_000);
  let session: vscode.DebugSession | undefined;

  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (session) await vscode.debug.stopDebugging(session);
    await closeAllEditors();
  });

  it('opens the CNN\'s feature map from the Variables view beside the stopped line, with its four channels', async function () {
    requireBridge(this);
    await activeExtension();
    await closeAllEditors();
    const file = workspaceFile('cnn_forward.py').fsPath;
    session = await startAt(file, '# inspect here', { type: 'debugpy', name: 'Python: CNN forward pass', request: 'launch', program: file, console: 'internalConsole' });
    await pausedFrame(session);
    await vscode.commands.executeCommand('workbench.view.debug');
    await waitFor(() => pageEvaluate<boolean>(`!!document.querySelector('.debug-view-content .monaco-list-row[aria-label^="feature_map, value "]')`), Boolean, 'feature_map in the Variables view', 60_000);
    await inspectFromVariablesView('feature_map', () => waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('section.tensor[data-id="max"] canvas.heatmap-base')`, 'feature_map'), Boolean, 'the feature map\'s panel', 30_000).then(() => undefined));
    await leaveVariablesView('feature_map');
    const header = await panelEvaluate<string>(`document.querySelector('header')?.textContent ?? ''`, 'feature_map');
    assert.match(header, /Python: CNN forward pass · <module> \(cnn_forward\.py:\d+\) · numpy\.ndarray · float32/);
    const caption = await panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`, 'feature_map');
    assert.match(caption, /^\(1, 126, 126, 4\) -> MaxPooling2D/);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await screenshot('debug-python.png');
  });
});
