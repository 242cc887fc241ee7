// Moving one value out of a paused debuggee: probe it (what it is, its shape and dtype), check the size limit
// (ask, or offer a slice), fetch its bytes in chunks under the adapter's string limits with cancellable progress,
// check each chunk (length, CRC-32), and read the assembled .npy with the extension's own reader.
import * as vscode from 'vscode';
import type { Tensor } from '../../core/tensor';
import {
  chunkBytesFor, chunkRanges, DebugValueError, expressionRefusal, jsChunk, jsProbe, npyHeader, parseChunk, parseProbe, pythonChunk, pythonProbe,
  sliceSuggestion, type Probe,
} from '../../debug';
import { readNpyWithHeader, type NpyHeader } from '../../io';
import { clampSetting } from '../settingsRange';
import { askModal } from '../notify';
import { sizeText } from '../sources';
import { adapterCapabilities, evaluate, type EvaluateContext, type PausedFrame } from './session';

export interface Fetched {
  tensor: Tensor;
  header: NpyHeader;
  probe: Probe;
  /** The expression that was read: the one asked for, or the slice the user chose instead. */
  expression: string;
  frame: PausedFrame;
  /** Bytes that crossed and how long the chunks took (ms). */
  bytes: number;
  millis: number;
}

/** Values above `poolingLens.debug.maxMB` are fetched only after asking (or sliced). */
export function debugLimitBytes(): number {
  return clampSetting('debug.maxMB', vscode.workspace.getConfiguration('poolingLens').get<unknown>('debug.maxMB'), 64) * 1024 * 1024;
}

/** Values fetched in more chunks than this show cancellable progress. */
const PROGRESS_ABOVE_CHUNKS = 2;

export interface FetchOptions {
  /** Ask the user about values over the size limit (a command), or refuse them with a message (following). */
  interactive: boolean;
}

function probeExpression(frame: PausedFrame, expression: string): string {
  return frame.language === 'python' ? pythonProbe(expression) : jsProbe(expression);
}

/** The evaluate context of the chunks and the bytes per chunk it carries whole. */
function chunkContext(frame: PausedFrame): { context: EvaluateContext; bytes: number } {
  if (frame.language === 'javascript') return { context: 'repl', bytes: chunkBytesFor('javascript', 'repl') };
  const clipboard = adapterCapabilities.get(frame.session.id)?.supportsClipboardContext === true;
  const context = clipboard ? 'clipboard' : 'watch';
  return { context, bytes: chunkBytesFor('python', context) };
}

/** What the user chose for a value over the limit: fetch it, another (smaller) expression, or nothing. */
async function overLimit(frame: PausedFrame, expression: string, probe: Probe, limit: number): Promise<'all' | { expression: string } | undefined> {
  const all = `Fetch all ${sizeText(probe.byteCount)}`;
  const slice = sliceSuggestion(frame.language, expression, probe, limit);
  const sliceItem = slice ? `Inspect ${slice}` : undefined;
  const other = 'Another expression…';
  // A dialog the workbench refuses to show (as in tests) counts as declining.
  const answer = await Promise.resolve(askModal(
    `'${expression}' is ${probe.dtype.name} (${probe.shape.join(', ')}): ${sizeText(probe.byteCount)}, more than the ${sizeText(limit)} set in ` +
    `"poolingLens.debug.maxMB". Fetching it from the debuggee may take a while.`,
    ...[all, sliceItem, other].filter((x): x is string => x !== undefined),
  )).catch(() => undefined);
  if (answer === all) return 'all';
  if (answer !== undefined && answer === sliceItem && slice) return { expression: slice };
  if (answer === other) {
    const typed = await vscode.window.showInputBox({
      title: 'Pooling Lens: inspect a smaller part',
      prompt: `An expression evaluated in ${frame.where}, e.g. a slice of '${expression}'`,
      value: slice ?? expression,
    });
    return typed && typed.trim() !== '' ? { expression: typed.trim() } : undefined;
  }
  return undefined;
}

/**
 * Reads `expression`'s value in `frame`. Resolves undefined when the user declined or cancelled; throws a
 * DebugValueError with a message for the user when the value cannot be read (and the session stays paused).
 */
export async function fetchValue(frame: PausedFrame, expression: string, options: FetchOptions): Promise<Fetched | undefined> {
  const refusal = expressionRefusal(frame.language, expression);
  if (refusal) throw new DebugValueError(`'${expression}' is not evaluated: ${refusal}.`);
  const probeContext: EvaluateContext = frame.language === 'python' ? 'watch' : 'repl';
  const probe = parseProbe(frame.language, expression, await evaluate(frame, probeExpression(frame, expression), probeContext, expression));
  const limit = debugLimitBytes();
  if (probe.byteCount > limit) {
    if (!options.interactive) {
      throw new DebugValueError(`'${expression}' is ${sizeText(probe.byteCount)} now, more than the ${sizeText(limit)} set in "poolingLens.debug.maxMB": it was not fetched.`);
    }
    const choice = await overLimit(frame, expression, probe, limit);
    if (choice === undefined) return undefined;
    if (choice !== 'all') return fetchValue(frame, choice.expression, options);
  }
  const { context, bytes: perChunk } = chunkContext(frame);
  const ranges = chunkRanges(probe.elementCount, probe.dtype.itemSize, perChunk);
  const header = npyHeader(probe.dtype.descr, probe.shape);
  const file = new Uint8Array(header.length + probe.byteCount);
  file.set(header);
  const started = Date.now();
  const run = async (token?: vscode.CancellationToken, report?: (done: number) => void): Promise<boolean> => {
    for (let i = 0; i < ranges.length; i++) {
      if (token?.isCancellationRequested) return false;
      const r = ranges[i] as { start: number; end: number };
      const where = `'${expression}', chunk ${i + 1} of ${ranges.length}`;
      const expr = frame.language === 'python' ? pythonChunk(expression, probe, r.start, r.end) : jsChunk(expression, probe, r.start, r.end);
      const chunk = parseChunk(await evaluate(frame, expr, context, expression), (r.end - r.start) * probe.dtype.itemSize, where);
      file.set(chunk, header.length + r.start * probe.dtype.itemSize);
      report?.(r.end * probe.dtype.itemSize);
    }
    return true;
  };
  let complete: boolean;
  if (ranges.length > PROGRESS_ABOVE_CHUNKS) {
    complete = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, cancellable: true, title: `Pooling Lens: fetching '${expression}' (${sizeText(probe.byteCount)}) from ${frame.session.name}` },
      (progress, token) => {
        let reported = 0;
        return run(token, (done) => {
          progress.report({ increment: ((done - reported) / probe.byteCount) * 100, message: `${sizeText(done)} received` });
          reported = done;
        });
      },
    );
  } else {
    complete = await run();
  }
  if (!complete) return undefined;
  const read = readNpyWithHeader(file);
  return { tensor: read.tensor, header: read.header, probe, expression, frame, bytes: probe.byteCount, millis: Date.now() - started };
}
