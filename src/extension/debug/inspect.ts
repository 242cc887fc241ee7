// Inspecting values of a paused debug session: the Variables view's context menu (VS Code 1.100 has no menu
// contribution point for the Watch view: `debug/watch/context` is not a key its workbench reads), "Inspect
// Expression…", and following a panel's expression from stop to stop. Every command resolves its outcome as a
// value and tells the user what happened; none lets an exception escape to VS Code, and none resumes the program.
import * as vscode from 'vscode';
import { DebugValueError, type DebugLanguage } from '../../debug';
import type { SourceInfo } from '../../protocol/messages';
import { log } from '../log';
import { showError, statusMessage } from '../notify';
import { InspectorPanel } from '../panel';
import { sizeText } from '../sources';
import { fetchValue, type Fetched } from './fetch';
import { adapterCapabilities, pausedFrame } from './session';

export type DebugInspectOutcome =
  | { ok: true; shape: number[]; dtype: string; expression: string; where: string; following: boolean }
  | { ok: false; message: string };

/** A panel that re-reads its expression at each stop of its session. */
interface Followed {
  panel: InspectorPanel;
  sessionId: string;
  sessionName: string;
  expression: string;
  language: DebugLanguage;
  /** Where the value shown was read ("forward (model.py:42)"). */
  shownFrom: string;
  running: boolean;
  again: boolean;
}

const followed = new Set<Followed>();

/** After a `stopped` event, how long VS Code gets to focus the new top frame before followed values are read. */
const STOP_SETTLE_MS = 150;

function describe(f: Fetched): string {
  const p = f.probe;
  const type = p.kind === 'torch' ? `torch.Tensor on ${p.detail}` : p.kind === 'tfjs' ? 'tfjs tensor (read with dataSync())' : p.detail || p.kind;
  const dtype = p.castFloat32 ? `${p.sourceDType} read as float32`
    : p.kind === 'ndarray' && p.sourceDType.startsWith('>') ? `${p.dtype.name} (big-endian)`
    : p.dtype.name;
  return `${type} · ${dtype} · ${sizeText(p.byteCount)}${f.header.notice ? ` · ${f.header.notice}` : ''}`;
}

function sourceOf(f: Fetched, following: boolean): SourceInfo {
  return {
    label: f.expression,
    description: `${f.frame.session.name} · ${f.frame.where} · ${describe(f)}${following ? ' · following: updated at each stop' : ''}`,
    kind: following ? 'debug value (following)' : 'debug value',
  };
}

function failure(message: string): DebugInspectOutcome {
  void showError(`Pooling Lens: ${message}`);
  return { ok: false, message };
}

/** Reads `expression` in the paused frame and opens a panel on it (following it when the setting says so). */
export async function inspectDebugExpression(extensionUri: vscode.Uri, expression: string, sessionId?: string): Promise<DebugInspectOutcome> {
  try {
    const frame = await pausedFrame(sessionId);
    const fetched = await fetchValue(frame, expression, { interactive: true });
    if (!fetched) {
      statusMessage('Pooling Lens: nothing was fetched; the debug session is still paused where it was.', 5000);
      return { ok: false, message: 'cancelled' };
    }
    log(`debug: read '${fetched.expression}' (${fetched.probe.shape.join('x')} ${fetched.probe.dtype.name}, ${sizeText(fetched.bytes)}) from ${frame.session.name} in ${fetched.millis} ms`);
    const follow = vscode.workspace.getConfiguration('poolingLens').get<unknown>('debug.follow', true) !== false;
    const panel = InspectorPanel.show(extensionUri, fetched.tensor, sourceOf(fetched, follow), undefined);
    if (follow) {
      const f: Followed = {
        panel, sessionId: frame.session.id, sessionName: frame.session.name, expression: fetched.expression, language: frame.language,
        shownFrom: frame.where, running: false, again: false,
      };
      followed.add(f);
      panel.panel.onDidDispose(() => followed.delete(f));
    }
    return { ok: true, shape: [...fetched.tensor.shape], dtype: fetched.tensor.dtype, expression: fetched.expression, where: frame.where, following: follow };
  } catch (err) {
    if (err instanceof DebugValueError) return failure(err.message);
    log(`debug: error while inspecting '${expression}': ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return failure(`could not inspect '${expression}': ${err instanceof Error ? err.message : String(err)}`);
  }
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * The expression and session of a Variables view item, `{ sessionId, container, variable }`; an object with an
 * `evaluateName` or `expression` (as other callers may pass) is read too.
 */
export function menuTarget(arg: unknown): { expression?: string; sessionId?: string; name?: string } {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  const v = typeof a.variable === 'object' && a.variable !== null ? a.variable as Record<string, unknown> : undefined;
  const sessionId = text(a.sessionId);
  if (v) return { expression: text(v.evaluateName), sessionId, name: text(v.name) };
  return { expression: text(a.evaluateName) ?? text(a.expression) ?? text(a.name), sessionId };
}

async function inspectVariable(extensionUri: vscode.Uri, arg: unknown): Promise<DebugInspectOutcome> {
  const target = menuTarget(arg);
  if (!target.expression) {
    return failure(target.name
      ? `the debugger gives no expression for '${target.name}', so it cannot be evaluated again. Use "Pooling Lens: Inspect Expression…" with an expression that reaches it.`
      : 'no variable was given: right-click a variable in the Variables view.');
  }
  return inspectDebugExpression(extensionUri, target.expression, target.sessionId);
}

/** The expression to offer: the editor's selection, or the word at the cursor. */
function defaultExpression(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return '';
  if (!editor.selection.isEmpty) return editor.document.getText(editor.selection).trim();
  const word = editor.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*/);
  return word ? editor.document.getText(word) : '';
}

async function inspectExpression(extensionUri: vscode.Uri, given?: unknown): Promise<DebugInspectOutcome> {
  let expression = text(given);
  if (!expression) {
    if (!vscode.debug.activeStackItem) return failure('no debug session is paused: start debugging and stop at a breakpoint first.');
    expression = await vscode.window.showInputBox({
      title: 'Pooling Lens: inspect an expression of the paused program',
      prompt: 'Evaluated in the focused stack frame: a numpy array, a tensor, a nested list, a typed array… (read only: nothing is assigned)',
      value: defaultExpression(),
    });
    if (!expression?.trim()) return { ok: false, message: 'no expression given' };
  }
  return inspectDebugExpression(extensionUri, expression.trim());
}

/** Re-reads a followed panel's expression in the focused frame of its session; says so when it is not there. */
async function refreshOnce(f: Followed): Promise<void> {
  const item = vscode.debug.activeStackItem;
  if (!item || item.session.id !== f.sessionId) return;
  let frameWhere = 'the current frame';
  try {
    const frame = await pausedFrame(f.sessionId);
    frameWhere = frame.where;
    const fetched = await fetchValue(frame, f.expression, { interactive: false });
    if (!fetched) return;
    f.shownFrom = frame.where;
    await f.panel.replaceInput(fetched.tensor, sourceOf(fetched, true), undefined);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    await f.panel.updateSource({
      label: f.expression,
      description: `${f.sessionName} · not available in ${frameWhere}: ${why} · still showing the value read in ${f.shownFrom}`,
      kind: 'debug value (following, not available here)',
    });
  }
}

/** One refresh at a time per panel; stops arriving while it runs are folded into one more. */
async function refresh(f: Followed): Promise<void> {
  if (f.running) {
    f.again = true;
    return;
  }
  f.running = true;
  try {
    do {
      f.again = false;
      await refreshOnce(f);
    } while (f.again && followed.has(f));
  } catch (err) {
    log(`debug: following '${f.expression}' failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  } finally {
    f.running = false;
  }
}

/** Panels following an expression (for tests: how many, and of what). */
export function followedExpressions(): string[] {
  return [...followed].map((f) => f.expression);
}

export function registerDebug(context: vscode.ExtensionContext): vscode.Disposable[] {
  const uri = context.extensionUri;
  return [
    vscode.commands.registerCommand('poolingLens.debug.inspectVariable', (arg: unknown) => inspectVariable(uri, arg)),
    vscode.commands.registerCommand('poolingLens.debug.inspectExpression', (expression?: unknown) => inspectExpression(uri, expression)),
    // The adapter's capabilities decide the evaluate context of the chunks (debugpy's `clipboard` carries big strings).
    vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker(session) {
        return {
          onDidSendMessage(m: unknown) {
            const msg = m as { type?: string; command?: string; event?: string; body?: { supportsClipboardContext?: boolean } };
            if (msg.type === 'response' && msg.command === 'initialize') {
              adapterCapabilities.set(session.id, { supportsClipboardContext: msg.body?.supportsClipboardContext === true });
            }
            // A step within the same function may keep the focused frame's id (debugpy's ids follow the frame),
            // so the active stack item need not change: the stop itself re-reads followed values, once VS Code
            // has had a moment to focus the new top frame.
            if (msg.type === 'event' && msg.event === 'stopped') {
              for (const f of followed) if (f.sessionId === session.id) setTimeout(() => void refresh(f), STOP_SETTLE_MS);
            }
          },
        };
      },
    }),
    vscode.debug.onDidChangeActiveStackItem((item) => {
      if (!item) return;
      for (const f of followed) if (f.sessionId === item.session.id) void refresh(f);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      adapterCapabilities.delete(session.id);
      for (const f of [...followed]) {
        if (f.sessionId !== session.id) continue;
        followed.delete(f);
        // The panel may be closing too (its pooling then stops): nothing to report.
        f.panel.updateSource({
          label: f.expression,
          description: `${f.sessionName} ended · showing the value read in ${f.shownFrom}`,
          kind: 'debug value (session ended)',
        }).catch((err: unknown) => log(`debug: could not mark '${f.expression}' as ended: ${err instanceof Error ? err.message : String(err)}`));
      }
    }),
  ];
}
