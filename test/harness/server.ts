// Starts VS Code Server on a free loopback port and stops it (and everything it spawned) on demand.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { log } from './log';
import { codeServerConfig, codeServerEntry } from './paths';

export interface RunningServer {
  port: number;
  origin: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  workspace: string;
  profileDir: string;
  env?: Record<string, string>;
  port?: number;
  /** Settings written to the throw-away profile's settings.json. */
  settings?: Record<string, unknown>;
  /** Extensions folder; defaults to one inside the profile. */
  extensionsDir?: string;
  verbose?: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs / 1000} s`);
}

export async function startCodeServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const userDataDir = join(options.profileDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(options.profileDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // Written once: a profile kept between `npm start` runs keeps the user's own changes.
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'git.openRepositoryInParentFolders': 'never',
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const args = [
    codeServerEntry,
    '--config', codeServerConfig,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    options.workspace,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const forward = (chunk: Buffer): void => {
    if (options.verbose) process.stderr.write(chunk.toString().replace(/^(?=.)/gm, '    [code-server] '));
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(origin, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  log(`VS Code Server listening on ${origin}`);
  return { port, origin, stop };
}

/**
 * The workbench URL that opens `workspace` with the extension at `extensionPath` in development mode and,
 * when `testsEntry` is given, runs that compiled test entry in the extension host. The paths must be
 * `vscode-remote://` URIs: plain paths would be read as files inside the browser.
 */
export function workbenchUrl(server: RunningServer, workspace: string, extensionPath: string, testsEntry?: string): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['skipWelcome', 'true']];
  if (testsEntry) payload.push(['extensionTestsPath', remote(testsEntry)]);
  return `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
