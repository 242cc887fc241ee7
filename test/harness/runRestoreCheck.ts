// Restore after a window reload, checked as a person would: open the inspector from the command palette
// in VS Code Server, change a setting in the panel, run "Developer: Reload Window", and read the panel
// again. This cannot live in the mocha suite (a reload restarts the extension host the suite runs in),
// so it drives the workbench from Chromium. Exits non-zero when the panel does not come back as it was.
import type { Page } from 'playwright-core';
import { log } from './log';
import { projectRoot } from './paths';
import { workbenchUrl } from './server';
import { panelFrame, runCheck, waitForCaption, withWorkbench } from './workbench';

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { timeout: 10_000 });
  await page.keyboard.type(command);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${command.split(': ').pop() ?? command}"]`, { timeout: 10_000 });
  await page.keyboard.press('Enter');
}

runCheck('restore check', () => withWorkbench(async ({ server, page, workspace }) => {
  const started = Date.now();
  await page.goto(workbenchUrl(server, workspace, projectRoot));
  const file = '.explorer-folders-view .monaco-list-row[aria-label="article_example.py"]';
  await page.waitForSelector(file, { timeout: 60_000 });
  await page.click(file);
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
  // Cursor inside the 4x4 literal (line 21), then the palette command.
  await page.keyboard.press('Control+G');
  await page.keyboard.type('21');
  await page.keyboard.press('Enter');
  await palette(page, 'Pooling Lens: Inspect Selection');
  await waitForCaption(page, 'after "Inspect Selection"');
  // Change a setting in the panel: the restored panel must keep it (saved webview state).
  const frame = await panelFrame(page);
  if (!frame) throw new Error('the panel disappeared');
  await frame.fill('[data-field="poolSize"] input', '3');
  const before = await waitForCaption(page, 'with pool size 3', (c) => c.includes('pool_size=(3, 3)'), 15_000);
  log(`panel open: ${before}`);
  await palette(page, 'Developer: Reload Window');
  await page.waitForTimeout(2000);
  const after = await waitForCaption(page, 'after "Reload Window"');
  log(`panel after reload: ${after}`);
  if (after !== before) {
    log(`FAIL: the restored panel shows "${after}", expected "${before}"`);
    return 1;
  }
  log(`restore check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log('1 passed, 0 failed');
  return 0;
}));
