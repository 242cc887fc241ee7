// The desktop launcher: the same compiled suite in desktop VS Code through @vscode/test-electron.
// It downloads VS Code from Microsoft (or uses VSCODE_EXECUTABLE_PATH); it cannot run offline, and
// the tests that read the panel's pixels through the harness bridge are reported pending here.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { examplesFolder, projectRoot } from './paths';

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-desktop-'));
  const workspace = join(scratch, 'workspace');
  cpSync(examplesFolder, workspace, { recursive: true });
  try {
    await runTests({
      version: '1.100.3',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: join(projectRoot, 'out', 'test', 'integration', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { POOLING_LENS_FIXTURES: join(projectRoot, 'test', 'fixtures') },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
