// The offline integration launcher: VS Code Server (a real VS Code 1.100 workbench and extension host)
// driven by Debian's Chromium through playwright-core. It installs what is missing, loads the built
// extension in development mode, runs the compiled mocha suite inside the extension host, and exits
// with the suite's verdict. Everything it starts is stopped at the end, pass or fail.
import { cpSync, mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startBridge, type Bridge } from './bridge';
import { chromiumArgs, ensureChromium } from './chromium';
import { ensureCodeServer } from './installCodeServer';
import { log } from './log';
import { examplesFolder, projectRoot } from './paths';
import { startCodeServer, workbenchUrl, type RunningServer } from './server';
import { runCheck } from './workbench';

const verbose = process.env.POOLING_LENS_VERBOSE === '1';

const NOISE = [
  /^Creating a socket/, /^Ignoring fetching additional builtin extensions/, /^\[Service Worker\]/,
  /^Updating additional builtin extensions cache/, /^ChatSessionStore/, /^Started local extension host/,
  /^\[\d{4}-\d\d-\d\dT/, /^%c/,
];

function isWorkbenchNoise(text: string): boolean {
  return NOISE.some((re) => re.test(text));
}

const HARD_LIMIT_MS = Number(process.env.POOLING_LENS_TEST_TIMEOUT_MS ?? 15 * 60_000);

async function main(): Promise<number> {
  const started = Date.now();
  const testsEntry = join(projectRoot, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(join(projectRoot, 'dist', 'extension.js')) || !existsSync(testsEntry)) {
    throw new Error('dist/extension.js or out/test/integration/index.js is missing: run `npm run build` first');
  }
  const chromiumPath = await ensureChromium();
  await ensureCodeServer();

  const scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-it-'));
  const workspace = join(scratch, 'workspace');
  cpSync(examplesFolder, workspace, { recursive: true });
  const screenshotDir = join(projectRoot, 'out', 'screenshots');
  mkdirSync(screenshotDir, { recursive: true });

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let bridge: Bridge | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    bridge = await startBridge(page);
    server = await startCodeServer({
      workspace,
      profileDir: join(scratch, 'profile'),
      env: {
        POOLING_LENS_TEST_BRIDGE: bridge.url,
        POOLING_LENS_SCREENSHOT_DIR: screenshotDir,
        POOLING_LENS_FIXTURES: join(projectRoot, 'test', 'fixtures'),
      },
      verbose,
    });

    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (resolveExit = r));
    // The workbench forwards every console line of the page and the extension host here. Mocha's
    // lines are printf-style (format string first); workbench chatter is hidden unless verbose.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!verbose && isWorkbenchNoise(text)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    page.on('crash', () => resolveExit(90));

    const url = workbenchUrl(server, workspace, projectRoot, testsEntry);
    log(`opening the workbench in Chromium (set-up took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await page.goto(url);

    const timeout = new Promise<number>((r) =>
      setTimeout(() => {
        log(`the integration suite did not finish within ${HARD_LIMIT_MS / 1000} s`);
        r(124);
      }, HARD_LIMIT_MS).unref(),
    );
    const code = await Promise.race([exited, timeout]);
    log(`integration tests finished with exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await bridge?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

runCheck('integration tests', main);
