// The extension as users get it: package the .vsix, install it into a fresh VS Code Server extensions
// folder, start the server WITHOUT development mode, double-click a .npy in the explorer and read the
// pooled values in the panel. Catches a .vscodeignore or bundle that drops a file the extension needs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, ensureChromium } from './chromium';
import { ensureCodeServer } from './installCodeServer';
import { log } from './log';
import { codeServerConfig, examplesFolder } from './paths';
import { startCodeServer, type RunningServer } from './server';
import { packageVsix } from './vsix';

async function panelCaption(page: Page): Promise<string | null> {
  for (const frame of page.frames()) {
    try {
      const text = await frame.evaluate<string | null>(
        "document.getElementById('pooling-lens-root') ? (document.querySelector('.caption')?.textContent ?? null) : null",
      );
      if (text) return text;
    } catch {
      // detached frame
    }
  }
  return null;
}

async function main(): Promise<number> {
  const started = Date.now();
  const chromiumPath = await ensureChromium();
  const entry = await ensureCodeServer();
  const scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-packaged-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    const vsix = join(scratch, 'pooling-lens.vsix');
    packageVsix(vsix);
    const profile = join(scratch, 'profile');
    const extensionsDir = join(profile, 'extensions');
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(join(extensionsDir, 'extensions.json'), '[]');
    execFileSync(process.execPath, [entry, '--config', codeServerConfig, '--extensions-dir', extensionsDir, '--user-data-dir', join(profile, 'user-data'), '--install-extension', vsix], { stdio: 'ignore' });
    log(`installed ${vsix}`);
    const workspace = join(scratch, 'workspace');
    cpSync(examplesFolder, workspace, { recursive: true });
    server = await startCodeServer({ workspace, profileDir: profile, extensionsDir });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`);
    const row = '.explorer-folders-view .monaco-list-row[aria-label="camera_crop.npy"]';
    await page.waitForSelector(row, { timeout: 60_000 });
    // Right after start-up the workbench may not know the installed extension's editor yet and open
    // the file as binary text; a second double-click (as a person would try) then gets the custom editor.
    let caption: string | null = null;
    for (let attempt = 1; attempt <= 3 && !caption; attempt++) {
      await page.dblclick(row);
      const deadline = Date.now() + 15_000;
      while (!caption && Date.now() < deadline) {
        caption = await panelCaption(page);
        if (!caption) await page.waitForTimeout(250);
      }
      if (!caption) log(`no panel after double-click ${attempt}; trying again`);
    }
    const expected = "(1, 128, 128, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 64, 64, 1)";
    if (caption !== expected) {
      log(`FAIL: the installed extension showed "${caption ?? 'no panel'}", expected "${expected}"`);
      return 1;
    }
    log(`the installed .vsix opened camera_crop.npy by double-click: ${caption} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
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
    console.error(`packaged-extension check failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
