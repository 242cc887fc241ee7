// The extension as users get it: package the .vsix, install it into a fresh VS Code Server extensions
// folder, start the server WITHOUT development mode, double-click a .npy in the explorer and read the
// pooled result in the panel. Catches a .vscodeignore or bundle that drops a file the extension needs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log';
import { codeServerConfig, codeServerEntry } from './paths';
import { packageVsix } from './vsix';
import { panelCaption, runCheck, withWorkbench } from './workbench';

const EXPECTED = "(1, 128, 128, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 64, 64, 1)";

runCheck('packaged-extension check', () => withWorkbench(async ({ server, page, workspace }) => {
  const started = Date.now();
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
  if (caption !== EXPECTED) {
    log(`FAIL: the installed extension showed "${caption ?? 'no panel'}", expected "${EXPECTED}"`);
    return 1;
  }
  log(`the installed .vsix opened camera_crop.npy by double-click: ${caption} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log('1 passed, 0 failed');
  return 0;
}, {
  prepare: (scratch) => {
    const vsix = join(scratch, 'pooling-lens.vsix');
    packageVsix(vsix);
    const extensionsDir = join(scratch, 'profile', 'extensions');
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(join(extensionsDir, 'extensions.json'), '[]');
    execFileSync(process.execPath, [codeServerEntry, '--config', codeServerConfig, '--extensions-dir', extensionsDir, '--user-data-dir', join(scratch, 'profile', 'user-data'), '--install-extension', vsix], { stdio: 'ignore' });
    log(`installed ${vsix}`);
    return { extensionsDir };
  },
}));
