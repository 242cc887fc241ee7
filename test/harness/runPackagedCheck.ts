// The extension as users get it: package the .vsix, install it into a fresh VS Code Server extensions
// folder, start the server WITHOUT development mode, double-click a .npy in the explorer and read the
// pooled result in the panel. Catches a .vscodeignore or bundle that drops a file the extension needs. Runs twice:
// in a trusted workspace, and in Restricted Mode, where only a manifest that declares support keeps it enabled.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './log';
import { codeServerConfig, codeServerEntry } from './paths';
import { packageVsix } from './vsix';
import { panelCaption, runCheck, withWorkbench } from './workbench';

const EXPECTED = "(1, 128, 128, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 64, 64, 1)";

/**
 * One run: a fresh server with the installed .vsix, trusted or in Restricted Mode. In Restricted Mode VS Code
 * disables every installed extension whose manifest does not declare `untrustedWorkspaces` support (an extension
 * under development is exempt, which is why the integration suites cannot check the declaration): this run can.
 */
function checkInstalled(vsix: string, restricted: boolean): Promise<number> {
  const mode = restricted ? 'Restricted Mode (workspace untrusted)' : 'a trusted workspace';
  return withWorkbench(async ({ server, page, workspace }) => {
    const started = Date.now();
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`);
    const row = '.explorer-folders-view .monaco-list-row[aria-label="camera_crop.npy"]';
    await page.waitForSelector(row, { timeout: 60_000 });
    if (restricted) {
      // The status bar's Restricted Mode item is how a person (and this check) knows the folder is untrusted.
      const shown = await page.waitForSelector('.statusbar-item:has-text("Restricted Mode")', { timeout: 30_000 }).then(() => true, () => false);
      if (!shown) {
        log('FAIL: the workbench shows no Restricted Mode item: the workspace was trusted after all');
        return 1;
      }
    }
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
      log(`FAIL: in ${mode} the installed extension showed "${caption ?? 'no panel'}", expected "${EXPECTED}"`);
      return 1;
    }
    log(`suite packaged ran in ${mode}: the installed .vsix opened camera_crop.npy by double-click: ${caption} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  }, {
    prepare: (scratch) => {
      const extensionsDir = join(scratch, 'profile', 'extensions');
      mkdirSync(extensionsDir, { recursive: true });
      writeFileSync(join(extensionsDir, 'extensions.json'), '[]');
      execFileSync(process.execPath, [codeServerEntry, '--config', codeServerConfig, '--extensions-dir', extensionsDir, '--user-data-dir', join(scratch, 'profile', 'user-data'), '--install-extension', vsix], { stdio: 'ignore' });
      log(`installed ${vsix}`);
      return { extensionsDir, restricted };
    },
  });
}

runCheck('packaged-extension check', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-vsix-'));
  try {
    const vsix = join(scratch, 'pooling-lens.vsix');
    packageVsix(vsix);
    let failed = 0;
    for (const restricted of [false, true]) failed += await checkInstalled(vsix, restricted);
    console.log(`${2 - failed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
