// Packages the extension exactly as `npm run package` does, into a chosen file.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './paths';

export const VSCE_ARGS = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

export function packageVsix(out: string): void {
  execFileSync(process.execPath, [join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), ...VSCE_ARGS, '--out', out], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
