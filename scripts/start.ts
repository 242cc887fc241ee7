// `npm start`: builds the extension (and keeps rebuilding on change), then opens it in a real VS Code
// with the examples/ workspace. Desktop VS Code when a `code` command is on the PATH; otherwise VS Code
// Server on 127.0.0.1, installed into .vscode-test/ on first use, with the URL to open printed.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureCodeServer } from '../test/harness/installCodeServer';
import { log } from '../test/harness/log';
import { cacheRoot, examplesFolder, projectRoot } from '../test/harness/paths';
import { startCodeServer, workbenchUrl } from '../test/harness/server';

function hasDesktopCode(): boolean {
  if (process.env.POOLING_LENS_SERVER === '1') return false;
  const probe = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() !== '';
}

function build(watch: boolean): void {
  const args = [join(projectRoot, 'scripts', 'build.mjs')];
  if (!watch) {
    const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: projectRoot });
    if (r.status !== 0) throw new Error('the build failed; see the errors above');
    return;
  }
  const watcher = spawn(process.execPath, [...args, '--watch'], { stdio: 'inherit', cwd: projectRoot });
  process.on('exit', () => watcher.kill());
}

async function main(): Promise<void> {
  build(false);
  if (hasDesktopCode()) {
    log('opening desktop VS Code with Pooling Lens in development mode');
    const r = spawnSync('code', ['--extensionDevelopmentPath', projectRoot, '--new-window', examplesFolder], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  await ensureCodeServer();
  const port = Number(process.env.POOLING_LENS_PORT ?? 0) || undefined;
  const server = await startCodeServer({
    workspace: examplesFolder,
    profileDir: join(cacheRoot, 'start-profile'),
    port,
  });
  const url = workbenchUrl(server, examplesFolder, projectRoot);
  build(true);
  console.log(`\nPooling Lens is running in VS Code Server. Open this URL in a browser on this machine:\n\n  ${url}\n`);
  console.log('Edits rebuild automatically (reload the browser window to pick them up). Press Ctrl+C to stop.\n');
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
