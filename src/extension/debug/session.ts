// The paused debug session and frame a value is read from, and the one way the extension talks to a debuggee:
// DAP `evaluate` requests in a frame. Nothing here resumes, steps or changes the program.
import * as vscode from 'vscode';
import { DebugValueError, type DebugLanguage } from '../../debug';

/** A frame of a paused thread, as the header names it. */
export interface PausedFrame {
  session: vscode.DebugSession;
  language: DebugLanguage;
  threadId: number;
  frameId: number;
  /** "forward (model.py:42)", or the frame id when the adapter did not list it. */
  where: string;
}

/** Session types whose adapters evaluate Python (debugpy and the Python extension) or JavaScript (js-debug). */
export function languageOf(session: vscode.DebugSession): DebugLanguage | undefined {
  if (/^(python|debugpy)$/.test(session.type)) return 'python';
  if (/^(pwa-)?(node|chrome|msedge|extensionHost)$|^node-terminal$/.test(session.type)) return 'javascript';
  return undefined;
}

/** Capabilities each session's adapter announced (read by the tracker in follow.ts). */
export const adapterCapabilities = new Map<string, { supportsClipboardContext?: boolean }>();

interface StackFrameBody { stackFrames?: { id: number; name?: string; line?: number; source?: { name?: string; path?: string } }[] }

/**
 * The frame to evaluate in: the focused stack frame (or the top frame of the focused thread) of `sessionId`'s
 * session, or of the focused session. Throws a DebugValueError saying what to do when nothing is paused there.
 */
export async function pausedFrame(sessionId?: string): Promise<PausedFrame> {
  const item = vscode.debug.activeStackItem;
  if (!item) {
    throw new DebugValueError(vscode.debug.activeDebugSession
      ? 'the debug session is running: pause it or stop at a breakpoint first.'
      : 'no debug session is paused: start debugging and stop at a breakpoint first.');
  }
  if (sessionId !== undefined && item.session.id !== sessionId) {
    throw new DebugValueError(`that variable belongs to another debug session than the focused one ("${item.session.name}"): select a frame of its session first.`);
  }
  const session = item.session;
  const language = languageOf(session);
  if (!language) {
    throw new DebugValueError(`debug sessions of type '${session.type}' are not supported: Pooling Lens reads values from Python (debugpy) and JavaScript/TypeScript (js-debug) sessions.`);
  }
  let frames: NonNullable<StackFrameBody['stackFrames']> = [];
  try {
    const body = await session.customRequest('stackTrace', { threadId: item.threadId, startFrame: 0, levels: 50 }) as StackFrameBody;
    frames = body.stackFrames ?? [];
  } catch (err) {
    throw new DebugValueError(`the thread is not paused (${err instanceof Error ? err.message : String(err)}).`);
  }
  // A focused frame that is not on the thread's stack any more is stale (a `stopped` event arrives before VS Code
  // focuses the new top frame): the top frame is where the program stopped.
  const focused = item instanceof vscode.DebugStackFrame ? frames.find((f) => f.id === item.frameId) : undefined;
  const frame = focused ?? frames[0];
  const frameId = frame?.id ?? (item instanceof vscode.DebugStackFrame ? item.frameId : undefined);
  if (frameId === undefined) throw new DebugValueError('the paused thread has no stack frames to evaluate in.');
  const file = frame?.source?.name ?? frame?.source?.path?.split(/[\\/]/).pop();
  const where = frame ? `${frame.name ?? 'frame'}${file ? ` (${file}${frame.line ? `:${frame.line}` : ''})` : ''}` : `frame ${frameId}`;
  return { session, language, threadId: item.threadId, frameId, where };
}

export type EvaluateContext = 'watch' | 'repl' | 'clipboard';

/**
 * Evaluates `expression` in the frame and returns the adapter's result text. An evaluation the adapter reports as
 * failed becomes a DebugValueError with the adapter's message; the session stays paused where it was.
 */
export async function evaluate(frame: PausedFrame, expression: string, context: EvaluateContext, shown: string): Promise<string> {
  try {
    const body = await frame.session.customRequest('evaluate', { expression, frameId: frame.frameId, context }) as { result?: unknown } | undefined;
    return typeof body?.result === 'string' ? body.result : '';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new DebugValueError(`'${shown}' could not be evaluated in ${frame.where}: ${message.slice(0, 500)}`);
  }
}
