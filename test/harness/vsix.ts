// Packages the extension exactly as `npm run package` does, into a chosen file. With `repository` set, vsce
// rewrites the README's relative links (media/*.png) to the repository's raw URLs, so the pictures show on the
// Marketplace and Open VSX, which serve the README alone.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './paths';

export const VSCE_ARGS = ['package', '--no-dependencies'];

/** Packages into `out`; returns what vsce printed (stdout and stderr), throwing with it when vsce fails. */
export function packageVsix(out: string): string {
  const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), ...VSCE_ARGS, '--out', out], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const printed = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`vsce package failed (exit code ${run.status ?? run.signal}):\n${printed}`);
  return printed;
}
