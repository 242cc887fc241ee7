// Shared by the harness's browser-driven checks: a throw-away workspace (a copy of examples/), VS Code
// Server and a headless Chromium page, always cleaned up; plus reading the inspector panel's caption.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { chromiumArgs, ensureChromium } from './chromium';
import { ensureCodeServer } from './installCodeServer';
import { log } from './log';
import { examplesFolder } from './paths';
import { describeHostExit, startCodeServer, type HostEvent, type RunningServer, type ServerOptions } from './server';

export interface Workbench {
  server: RunningServer;
  page: Page;
  workspace: string;
  scratch: string;
}

/**
 * What is wrong with the extension hosts of a check, from code-server's log: a host killed by a
 * signal or ended with an error code, or one that ended cleanly without a successor (a window reload
 * ends the old host with code 0 and launches a new one; that is fine). `final` false leaves out
 * the clean exits, whose successor may still be on its way.
 */
function hostProblems(events: HostEvent[], final = true): string[] {
  const out: string[] = [];
  events.forEach((event, i) => {
    if (event.kind !== 'exited') return;
    if (event.signal || event.code !== 0) {
      out.push(`the extension host (pid ${event.pid}) died (${describeHostExit(event)}) during the check`);
    } else if (final && !events.slice(i + 1).some((e) => e.kind === 'launched')) {
      out.push(`the extension host (pid ${event.pid}) exited (code 0) during the check and none took its place`);
    }
  });
  return out;
}

/** How long a check's last action gets to take its extension host down before the verdict. */
const HOST_SETTLE_MS = 500;

/**
 * Runs `fn` against a fresh VS Code Server on a copy of examples/ and a Chromium page (not yet
 * navigated). `prepare` runs before the server starts (e.g. to install a .vsix into the profile).
 * An extension host that dies during `fn` fails it at once, with what happened (see hostProblems):
 * the page alone would only show a panel that never comes.
 */
export async function withWorkbench<T>(
  fn: (wb: Workbench) => Promise<T>,
  options: { prepare?: (scratch: string) => Partial<ServerOptions>; viewport?: { width: number; height: number } } = {},
): Promise<T> {
  const chromiumPath = await ensureChromium();
  await ensureCodeServer();
  const scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-wb-'));
  const workspace = join(scratch, 'workspace');
  cpSync(examplesFolder, workspace, { recursive: true });
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    const extra = options.prepare?.(scratch) ?? {};
    server = await startCodeServer({ workspace, profileDir: join(scratch, 'profile'), verbose: process.env.POOLING_LENS_VERBOSE === '1', ...extra });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const running = server;
    let stopWatching = (): void => undefined;
    const hostDied = new Promise<never>((_, reject) => {
      stopWatching = running.onHostEvent(() => {
        // A clean exit may be a reload whose new host is not launched yet: only deaths end it early.
        const problems = hostProblems(running.hostEvents, false);
        if (problems.length > 0) reject(new Error(problems.join('; ')));
      });
    });
    hostDied.catch(() => undefined);
    const work = fn({ server, page, workspace, scratch });
    work.catch(() => undefined); // when the host died first, the abandoned check's error is not news
    try {
      const result = await Promise.race([work, hostDied]);
      await new Promise((r) => setTimeout(r, HOST_SETTLE_MS));
      const problems = hostProblems(running.hostEvents);
      if (problems.length > 0) throw new Error(problems.join('; '));
      return result;
    } catch (err) {
      const problems = hostProblems(running.hostEvents);
      if (problems.length > 0 && !(err instanceof Error && problems.every((p) => err.message.includes(p)))) {
        for (const p of problems) log(p);
      }
      throw err;
    } finally {
      stopWatching();
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The inspector panel's frame (the innermost webview document holding `#pooling-lens-root`). */
export async function panelFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate<boolean>("!!document.getElementById('pooling-lens-root')")) return frame;
    } catch {
      // detached frame
    }
  }
  return undefined;
}

/** The caption of the panel's selected output, or null while no panel shows one. */
export async function panelCaption(page: Page): Promise<string | null> {
  const frame = await panelFrame(page);
  if (!frame) return null;
  try {
    return await frame.evaluate<string | null>("document.querySelector('.caption')?.textContent || null");
  } catch {
    return null;
  }
}

/** Polls the panel caption until `accept` takes it; throws with `what` after `timeoutMs`. */
export async function waitForCaption(page: Page, what: string, accept: (c: string) => boolean = () => true, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await panelCaption(page);
    if (last !== null && accept(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`no inspector panel ${what} within ${timeoutMs / 1000} s (last caption: ${last ?? 'none'})`);
}

/** Exits with the check's verdict; an exception is a failure with its message. */
export function runCheck(name: string, check: () => Promise<number>): void {
  check().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
