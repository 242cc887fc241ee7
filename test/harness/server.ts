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
  /** Every extension host process code-server launched or saw end so far, oldest first. */
  hostEvents: HostEvent[];
  /** Calls `listener` for each later extension host event; returns a function that unsubscribes. */
  onHostEvent(listener: (event: HostEvent) => void): () => void;
  stop(): Promise<void>;
}

/**
 * What code-server's own log says about the Node extension host processes it forks (one per
 * workbench window; a reload or a crash ends one, a restart launches another). Read from lines like
 * `[ExtensionHostConnection] <1234> Launched Extension Host Process.` and
 * `<1234> Extension Host Process exited with code: null, signal: SIGTRAP.` (VS Code 1.100's wording).
 */
export type HostEvent =
  | { kind: 'launched'; pid: number; at: number }
  | { kind: 'exited'; pid: number; code: number | null; signal: string | null; at: number };

const LAUNCHED = /<(\d+)> Launched Extension Host Process\./;
const EXITED = /<(\d+)> Extension Host Process exited with code: (null|-?\d+), signal: (null|[A-Z0-9]+)\./;

export function parseHostEvent(line: string, at = Date.now()): HostEvent | undefined {
  const launched = LAUNCHED.exec(line);
  if (launched) return { kind: 'launched', pid: Number(launched[1]), at };
  const exited = EXITED.exec(line);
  if (exited) {
    return {
      kind: 'exited',
      pid: Number(exited[1]),
      code: exited[2] === 'null' ? null : Number(exited[2]),
      signal: exited[3] === 'null' ? null : (exited[3] ?? null),
      at,
    };
  }
  return undefined;
}

/** "signal SIGTRAP", "code 3" or "code 0": how an extension host process ended, for messages. */
export function describeHostExit(event: { code: number | null; signal: string | null }): string {
  return event.signal ? `signal ${event.signal}` : `code ${event.code ?? 'unknown'}`;
}

export interface ServerOptions {
  workspace: string;
  profileDir: string;
  env?: Record<string, string>;
  port?: number;
  /** Settings written to the throw-away profile's settings.json. */
  settings?: Record<string, unknown>;
  /**
   * Workspace trust on, and the workspace opened in Restricted Mode: no `--disable-workspace-trust`, trust enabled
   * and the start-up "Do you trust the authors?" prompt off (nothing answers it; VS Code then opens the folder
   * untrusted). Off by default: the other suites run trusted, as a person who trusted the folder would.
   */
  restricted?: boolean;
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
        'security.workspace.trust.enabled': options.restricted === true,
        ...(options.restricted ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
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
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
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
  const hostEvents: HostEvent[] = [];
  const listeners = new Set<(event: HostEvent) => void>();
  // code-server logs at info level by default, which includes the extension host lines parsed here.
  const watchLines = (stream: NodeJS.ReadableStream | null): void => {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (options.verbose) process.stderr.write(text.replace(/^(?=.)/gm, '    [code-server] '));
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (pending.length > 100_000) pending = '';
      for (const line of lines) {
        const event = parseHostEvent(line);
        if (!event) continue;
        hostEvents.push(event);
        for (const listener of listeners) listener(event);
      }
    });
  };
  watchLines(child.stdout);
  watchLines(child.stderr);
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
  const onHostEvent = (listener: (event: HostEvent) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { port, origin, hostEvents, onHostEvent, stop };
}

/**
 * The workbench URL that opens `workspace` with the extension at `extensionPath` in development mode and,
 * when `testsEntry` is given, runs that compiled test entry in the extension host. The paths must be
 * `vscode-remote://` URIs: plain paths would be read as files inside the browser.
 */
export function workbenchUrl(server: RunningServer, workspace: string, extensionPath: string, testsEntry?: string): string {
  // `workspace` is a folder of this machine, or a URI of another scheme (a virtual workspace such as poolmem:/ws).
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['skipWelcome', 'true']];
  if (testsEntry) payload.push(['extensionTestsPath', remote(testsEntry)]);
  return `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
