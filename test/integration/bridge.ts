// The tests' side of the harness bridge (see test/harness/bridge.ts): what a person sees in the panel.
// Only the VS Code Server launcher provides it; under the desktop launcher the tests that need it
// are reported as pending with that reason, never as passed.
import type { Context } from 'mocha';
import * as vscode from 'vscode';

export const bridgeUrl = process.env.POOLING_LENS_TEST_BRIDGE;

export function requireBridge(ctx: Context): void {
  if (!bridgeUrl) ctx.skip();
}

async function call<T>(route: string, body: Record<string, unknown>): Promise<T> {
  if (!bridgeUrl) throw new Error('no harness bridge: run the tests with `npm test` (VS Code Server launcher)');
  const res = await fetch(`${bridgeUrl}${route}`, { method: 'POST', body: JSON.stringify(body) });
  const json = (await res.json()) as { result?: T; error?: string };
  if (!res.ok) throw new Error(`bridge ${route}: ${json.error ?? res.status}`);
  return json.result as T;
}

/** Evaluates a JavaScript expression in the newest (or the titled) Pooling Lens panel's document. */
export function panelEvaluate<T>(expression: string, title?: string): Promise<T> {
  return call<T>('/panel/evaluate', { expression, title });
}

/** Evaluates a JavaScript expression in the workbench page itself (notifications, editors, ...). */
export function pageEvaluate<T>(expression: string): Promise<T> {
  return call<T>('/page/evaluate', { expression });
}

/** Moves the mouse over an element of the panel (at `position` inside it, else its centre). */
/** Text of every element matching `selector` in the workbench, shadow roots included. */
export function pageTexts(selector: string): Promise<string[]> {
  return call<string[]>('/page/texts', { selector });
}

export function pageClick(selector: string, button: 'left' | 'right' = 'left', position?: { x: number; y: number }): Promise<void> {
  return call<void>('/page/click', { selector, button, position });
}

/** Presses keys (e.g. 'F1', 'Enter', 'Escape'), then types `text` if given. */
export function pageKeys(keys: string[], text?: string): Promise<void> {
  return call<void>('/page/keyboard', { keys, text });
}

export function panelHover(selector: string, title?: string, position?: { x: number; y: number }): Promise<void> {
  return call<void>('/panel/hover', { selector, title, position });
}

/** Turns the mouse wheel `steps` times over a point of an element of the panel (negative deltaY zooms in). */
export function panelWheel(selector: string, position: { x: number; y: number }, deltaY: number, steps: number, title?: string): Promise<void> {
  return call<void>('/panel/wheel', { selector, position, deltaY, steps, title });
}

/** Types into a text field of the panel (replacing its text), as a person would. */
export function panelFill(selector: string, text: string, title?: string): Promise<void> {
  return call<void>('/panel/fill', { selector, text, title });
}

export function panelClick(selector: string, title?: string): Promise<void> {
  return call<void>('/panel/click', { selector, title });
}

export function panelTitles(): Promise<string[]> {
  return call<string[]>('/panel/exists', { timeoutMs: 0 });
}

/** A PNG of the whole workbench, without leftover notifications from earlier tests. */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.POOLING_LENS_SCREENSHOT_DIR ?? '.';
  await vscode.commands.executeCommand('notifications.clearAll');
  return call<void>('/page/screenshot', { path: `${dir}/${name}` });
}

/** Polls `probe` until it returns a value accepted by `accept`, or fails with the last value seen. */
export async function waitFor<T, S extends T>(probe: () => Promise<T>, accept: (v: T) => v is S, what: string, timeoutMs?: number): Promise<S>;
export async function waitFor<T>(probe: () => Promise<T>, accept: (v: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
export async function waitFor<T>(probe: () => Promise<T>, accept: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
}

/** The names of the workbench page's Web Workers (the browser extension host names its pooling workers). */
export function pageWorkers(): Promise<string[]> {
  return call<string[]>('/page/workers', {});
}
