// Restore after a window reload, checked as a person would: open the inspector from the command palette
// in VS Code Server, run "Developer: Reload Window", and read the panel again. This cannot live in the
// mocha suite (a reload restarts the extension host the suite runs in), so it drives the workbench from
// Chromium directly. Exits non-zero when the panel does not come back with the same pooled values.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { chromiumArgs, ensureChromium } from './chromium';
import { ensureCodeServer } from './installCodeServer';
import { log } from './log';
import { examplesFolder, projectRoot } from './paths';
import { startCodeServer, workbenchUrl, type RunningServer } from './server';

/** The max output's values in the inspector panel, or null while there is no panel. */
async function shownMaxOutput(page: Page): Promise<string | null> {
  for (const frame of page.frames()) {
    try {
      const text = await frame.evaluate<string | null>(`(() => {
        if (!document.getElementById('pooling-lens-root')) return null;
        const caption = document.querySelector('.caption')?.textContent ?? '';
        return caption || null;
      })()`);
      if (text) return text;
    } catch {
      // detached frame
    }
  }
  return null;
}

async function panelFrame(page: Page): Promise<Frame> {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate<boolean>("!!document.getElementById('pooling-lens-root')")) return frame;
    } catch {
      // detached frame
    }
  }
  throw new Error('no inspector panel frame');
}

async function waitForPanel(page: Page, what: string, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await shownMaxOutput(page);
    if (text) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`no inspector panel ${what} within ${timeoutMs / 1000} s`);
}

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { timeout: 10_000 });
  await page.keyboard.type(command);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${command.split(': ').pop() ?? command}"]`, { timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function main(): Promise<number> {
  const started = Date.now();
  const chromiumPath = await ensureChromium();
  await ensureCodeServer();
  const scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-restore-'));
  const workspace = join(scratch, 'workspace');
  cpSync(examplesFolder, workspace, { recursive: true });
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ workspace, profileDir: join(scratch, 'profile') });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(workbenchUrl(server, workspace, projectRoot));
    await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label="article_example.py"]', { timeout: 60_000 });
    await page.click('.explorer-folders-view .monaco-list-row[aria-label="article_example.py"]');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
    // Cursor inside the 4x4 literal (line 21), then the palette command.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('21');
    await page.keyboard.press('Enter');
    await palette(page, 'Pooling Lens: Inspect Selection');
    await waitForPanel(page, 'after "Inspect Selection"');
    // Change a setting in the panel: the restored panel must keep it (saved webview state).
    const frame = await panelFrame(page);
    await frame.fill('[data-field="poolSize"] input', '3');
    const deadline = Date.now() + 15_000;
    let before = '';
    while (Date.now() < deadline && !before.includes('pool_size=(3, 3)')) {
      before = (await shownMaxOutput(page)) ?? '';
      await page.waitForTimeout(200);
    }
    if (!before.includes('pool_size=(3, 3)')) throw new Error(`the panel did not re-pool with pool size 3: "${before}"`);
    log(`panel open: ${before}`);
    await palette(page, 'Developer: Reload Window');
    await page.waitForTimeout(2000);
    const after = await waitForPanel(page, 'after "Reload Window"');
    log(`panel after reload: ${after}`);
    if (after !== before) {
      log(`FAIL: the restored panel shows "${after}", expected "${before}"`);
      return 1;
    }
    log(`restore check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log('1 passed, 0 failed');
    return 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`restore check failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
