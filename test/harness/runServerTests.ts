// The offline integration launcher: VS Code Server (a real VS Code 1.100 workbench and extension host)
// driven by Debian's Chromium through playwright-core. It installs what is missing, loads the built
// extension in development mode, runs the compiled mocha suite inside the extension host, and exits
// with the suite's verdict. Everything it starts is stopped at the end, pass or fail.
//
// The verdict is not only the workbench's exit code: the workbench reports 0 even when the extension
// host was killed mid-run (SIGTRAP, a V8 fatal error). hostWatch.ts watches the host through
// code-server's log, the suite's own start/end reports and its pid; a host that died, exited early or
// was restarted, or unhandled rejections/uncaught exceptions in it, fail the run with a message.
//
// Options (for the harness self-test, test/harness/selfTest.ts): `--tests <entry.js>` runs another
// test entry instead of out/test/integration/index.js, `--extension <folder>` loads another extension.
// `--web` runs the web suite (out/test/web) in the browser's web-worker extension host instead, on a copy of the
// extension without `main` (webExtension.ts). Each run prints which extension host ran its suite.
// The project's own suites also get the test-only fixture extensions (test/fixtures/debug: a Python debug
// adapter, installed into the throw-away profile) and a Python with debugpy and numpy (debugPython.ts), unless
// POOLING_LENS_SUBSET leaves out `debug`.
//
// `--mode` runs a suite where VS Code could open the extension outside a trusted local folder (see MODES):
// `restricted` opens the examples folder in Restricted Mode (workspace trust on, the folder not trusted), `virtual`
// opens a virtual workspace, poolmem:/ws, served from memory by a test-only FileSystemProvider extension
// (test/fixtures/virtual). Each prints the mode the suite reported it ran in, and fails when that is not the mode
// asked for (a trusted workspace in `restricted`, a `file:` folder in `virtual`).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startBridge, type Bridge } from './bridge';
import { chromiumArgs, ensureChromium } from './chromium';
import { ensureDebugPython } from './debugPython';
import { HostWatch } from './hostWatch';
import { ensureCodeServer } from './installCodeServer';
import { log } from './log';
import { examplesFolder, projectRoot } from './paths';
import { startCodeServer, workbenchUrl, type RunningServer } from './server';
import { makeWebCopy, writeWebEnv } from './webExtension';
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
/** After the host is seen dying, how long the workbench gets to end the run itself. */
const AFTER_DEATH_MS = 5_000;
/** After the workbench ends the run, how long code-server gets to log how the host process ended. */
const HOST_EXIT_LOG_MS = 2_000;

interface Mode {
  /** The compiled test entry the mode runs unless --tests says otherwise. */
  entry: string;
  restricted: boolean;
  /** The folder to open instead of the local copy of examples/ (a URI of another scheme). */
  folder?: string;
  fixtures: string[];
  /** The workspace the suite must report, described for the log. */
  expect: (w: { trusted: boolean; schemes: string[] }) => boolean;
}

const MODES: Record<string, Mode> = {
  normal: { entry: 'index.js', restricted: false, fixtures: [], expect: (w) => w.trusted },
  restricted: { entry: 'restrictedEntry.js', restricted: true, fixtures: [], expect: (w) => !w.trusted && w.schemes.join() === 'file' },
  virtual: {
    entry: 'virtualEntry.js', restricted: false, folder: 'poolmem:/ws',
    fixtures: [join(projectRoot, 'test', 'fixtures', 'virtual', 'poolmem-extension')],
    expect: (w) => w.schemes.join() === 'poolmem',
  },
};

function describeWorkspace(w: { trusted: boolean; schemes: string[] } | undefined): string {
  if (!w) return 'an unknown workspace (the suite did not say)';
  const trust = w.trusted ? 'a trusted workspace' : 'Restricted Mode (workspace untrusted)';
  const where = w.schemes.length === 0 ? 'no folder' : `${w.schemes.map((x) => `${x}:`).join(', ')} folders${w.schemes.every((x) => x !== 'file') ? ' (a virtual workspace)' : ''}`;
  return `${trust}, on ${where}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

async function main(): Promise<number> {
  const started = Date.now();
  const { values: options } = parseArgs({ options: { tests: { type: 'string' }, extension: { type: 'string' }, mode: { type: 'string', default: 'normal' }, web: { type: 'boolean' } } });
  const modeName = options.mode;
  const mode = MODES[modeName];
  if (!mode) throw new Error(`unknown --mode ${modeName}: use one of ${Object.keys(MODES).join(', ')}`);
  const scratch = mkdtempSync(join(tmpdir(), 'pooling-lens-it-'));
  const web = options.web ? makeWebCopy(join(scratch, 'web-extension')) : undefined;
  const extensionPath = resolve(web?.extensionPath ?? options.extension ?? projectRoot);
  const testsEntry = resolve(web?.testsEntry ?? options.tests ?? join(projectRoot, 'out', 'test', 'integration', mode.entry));
  const suiteName = web ? 'web' : modeName !== 'normal' ? modeName : basename(testsEntry, '.js') === 'index' ? 'integration' : basename(testsEntry, '.js');
  if ((extensionPath === projectRoot && !existsSync(join(projectRoot, 'dist', 'extension.js'))) || !existsSync(testsEntry)) {
    throw new Error(`dist/extension.js or ${testsEntry} is missing: run \`npm run build\` first`);
  }
  const chromiumPath = await ensureChromium();
  await ensureCodeServer();
  // The project's suites (not the self-test's) debug Python programs through a fixture debug adapter.
  const ownSuite = testsEntry.startsWith(join(projectRoot, 'out', 'test', 'integration'));
  const subset = process.env.POOLING_LENS_SUBSET;
  const debugTests = ownSuite && modeName === 'normal' && (subset === undefined || subset.split(',').includes('debug'));
  const python = debugTests ? await ensureDebugPython() : undefined;
  const fixtureExtensions = [...(debugTests ? [join(projectRoot, 'test', 'fixtures', 'debug', 'debugpy-extension')] : []), ...mode.fixtures];

  const workspace = join(scratch, 'workspace');
  cpSync(examplesFolder, workspace, { recursive: true });
  // Restricted Mode ignores the workspace's values of the settings the manifest lists as restricted: the suite
  // checks one of them is ignored while an ordinary one applies.
  if (mode.restricted) {
    writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'poolingLens.fileSizeLimitMB': 1, 'poolingLens.debug.follow': false }, null, 2)}\n`);
  }
  // Fixture extensions are installed by copying them into the throw-away profile's extensions folder (the
  // workbench takes one development extension only): VS Code registers what it finds there on first start.
  for (const folder of fixtureExtensions) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    cpSync(folder, join(scratch, 'profile', 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
  // The web suite's pictures apart, so they never replace the Node host's README screenshots of the same name.
  const screenshotDir = join(projectRoot, 'out', 'screenshots', ...(web ? ['web'] : []));
  mkdirSync(screenshotDir, { recursive: true });

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let bridge: Bridge | undefined;
  let watch: HostWatch | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    bridge = await startBridge(page, {
      onSuiteReport: (report) => {
        if (!watch) throw new Error('the suite reported before the server was up');
        watch.report(report);
      },
    });
    const testEnv: Record<string, string> = {
      POOLING_LENS_TEST_BRIDGE: bridge.url,
      POOLING_LENS_SCREENSHOT_DIR: screenshotDir,
      POOLING_LENS_FIXTURES: join(projectRoot, 'test', 'fixtures'),
      ...(python ? { POOLING_LENS_PYTHON: python } : {}),
      ...(mode.folder ? { POOLING_LENS_POOLMEM_SEED: workspace } : {}),
      ...(process.env.POOLING_LENS_GREP ? { POOLING_LENS_GREP: process.env.POOLING_LENS_GREP } : {}),
    };
    if (web) writeWebEnv(web, testEnv);
    server = await startCodeServer({ workspace, profileDir: join(scratch, 'profile'), env: testEnv, restricted: mode.restricted, verbose });
    const hostWatch = new HostWatch(server);
    watch = hostWatch;

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

    const url = workbenchUrl(server, mode.folder ?? workspace, extensionPath, testsEntry);
    log(`opening the workbench in Chromium (set-up took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await page.goto(url);

    const timeout = new Promise<number>((r) =>
      setTimeout(() => {
        log(`the integration suite did not finish within ${HARD_LIMIT_MS / 1000} s`);
        r(124);
      }, HARD_LIMIT_MS).unref(),
    );
    // A dead host may leave the workbench waiting (or calling codeAutomationExit(0)): either way the
    // run ends a few seconds after the death is seen, and the verdict below fails it.
    const afterDeath = hostWatch.fatal.then(async (reason) => {
      log(`${reason}; ending the run`);
      return Promise.race([exited, sleep(AFTER_DEATH_MS).then(() => 1)]);
    });
    let code = await Promise.race([exited, afterDeath, timeout]);
    if (code !== 124) await hostWatch.waitForExit(hostWatch.hostPid, HOST_EXIT_LOG_MS);
    const problems = hostWatch.problems(code);
    const ranIn = hostWatch.suiteStart?.workspace;
    if (ownSuite) {
      log(`suite ${modeName} ran in ${describeWorkspace(ranIn)}, in the Node extension host`);
      if (!ranIn || !mode.expect(ranIn)) problems.push(`suite ${modeName} did not run in the workspace its mode needs`);
    }
    if (problems.length > 0) {
      log(`the run FAILED (the workbench reported exit code ${code}):`);
      for (const p of problems) log(`  ${p}`);
      if (code === 0) code = 1;
    } else if (code === 0) {
      const end = hostWatch.suiteEnd;
      const where = hostWatch.suiteHost === 'web' ? 'the web worker extension host' : `extension host pid ${hostWatch.hostPid}`;
      log(`the suite finished normally in ${where}: ${end?.passes ?? 0} passed, ${end?.pending ?? 0} pending, ${end?.failures ?? 0} failed`);
    }
    const host = hostWatch.suiteHost;
    if (host) log(`suite ${suiteName} ran in the ${host === 'web' ? 'web worker extension host (the browser\'s, no Node)' : `Node extension host (pid ${hostWatch.hostPid})`}`);
    log(`integration tests finished with exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    watch?.dispose();
    await bridge?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

runCheck('integration tests', main);
