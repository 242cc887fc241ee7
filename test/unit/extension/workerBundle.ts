// The pooling worker (src/extension/worker.ts) bundled as the extension ships it, for tests that start workers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { nodeThreads } from '../../../src/extension/platform/nodeThreads';
import type { ThreadPlatform } from '../../../src/extension/platform/threads';

/** Bundles the worker into a fresh temporary folder; `remove` deletes the folder. */
export async function bundleWorker(): Promise<{ dir: string; workerPath: string; threads: ThreadPlatform; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'pooling-lens-worker-'));
  const workerPath = join(dir, 'worker.js');
  await esbuild.build({
    entryPoints: [join(__dirname, '..', '..', '..', 'src', 'extension', 'worker.ts')],
    outfile: workerPath, bundle: true, platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'silent',
  });
  return { dir, workerPath, threads: nodeThreads(workerPath), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
