// The 1 GiB file benchmark (run by `npm run bench:bigfile`, not by `npm test`): a 16384 x 16384 float32 .npy,
// opened the way a user does (the custom editor, as a double-click), timed like the other benchmark inputs, with the
// extension host's peak memory. The host is this process: its resident set (worker threads included) is read
// from /proc, with the peak reset just before the file is opened.
import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { benchOpen } from './benchOpen';
import { requireBridge } from './bridge';
import { closeAllEditors, collectGarbage } from './util';

const MiB = 2 ** 20;

/** Resident and peak resident memory of this process, from /proc/self/status. */
function residentMemory(): { rss: number; peak: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

describe('benchmark: a 1 GiB .npy file, end to end in VS Code Server', function () {
  this.timeout(900_000);
  const path = process.env.POOLING_LENS_BIG_FILE ?? '';

  before(async function () {
    requireBridge(this);
    if (!path) throw new Error('POOLING_LENS_BIG_FILE is not set: run `npm run bench:bigfile`');
    await vscode.workspace.getConfiguration('poolingLens').update('fileSizeLimitMB', 4096, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.getConfiguration('poolingLens').update('fileSizeLimitMB', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens in the custom editor, re-pools and zooms; the host holds about one copy, the webview none', async () => {
    const bytes = statSync(path).size;
    const before = residentMemory();
    // Writing 5 to clear_refs resets this process's peak resident set (VmHWM) to what it is now.
    writeFileSync('/proc/self/clear_refs', '5');
    const uri = vscode.Uri.file(path);
    const figures = await benchOpen(`16384x16384 float32 file (${(bytes / 2 ** 30).toFixed(2)} GiB, custom editor)`, async () => {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'poolingLens.npyEditor');
    });
    const during = residentMemory();
    await closeAllEditors();
    // Closed: the arrays are garbage once collected; collect, so "after" shows what is still held.
    await collectGarbage(4, 500);
    const after = residentMemory();
    const mib = (b: number): string => (b / MiB).toFixed(0);
    console.log(`    [bench] extension host resident memory: ${mib(before.rss)} MiB before opening, peak ${mib(during.peak)} MiB ` +
      `(+${mib(during.peak - before.rss)} MiB for a ${mib(bytes)} MiB file: ${((during.peak - before.rss) / bytes).toFixed(2)} copies, outputs included), ` +
      `${mib(after.rss)} MiB after closing`);
    // No full-resolution copy crossed to the webview: what it received is a small fraction of the file.
    assert.ok(figures.totalBytes < bytes / 16, `${figures.totalBytes} bytes crossed to the webview`);
  });
});
