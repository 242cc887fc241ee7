// The test entry in the browser's web-worker extension host (bundled as out/test/web/index.js, a single file: that
// host loads one CommonJS module and offers `require('vscode')` only). The harness (runServerTests.ts --web) loads a
// copy of the extension whose manifest has no `main`, with this bundle and an env.json inside it, so VS Code runs
// both in the web worker. Mocha is its browser build, evaluated from its text (`mocha-browser-source`). The suites
// are web.test.ts and the Node host's where they need no Node (hover, panel, skeleton), loaded only after env.json
// has set `process.env` (see env.ts). Not panelNd: its save test types a path into the Node host's file dialog,
// which the browser workbench's dialog reads differently.
import { testEnv } from './env';
import mochaSource from 'mocha-browser-source';
import * as vscode from 'vscode';

// Mocha's browser build, run where `module` and `exports` are not in scope: it then sets the globals `Mocha` and
// `mocha` rather than replacing this module's exports (see scripts/build.mjs).
new Function(mochaSource)();

const EXTENSION_ID = 'pooling-lens.pooling-lens';

async function readEnv(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'test', 'env.json'));
  Object.assign(testEnv, JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>);
}

async function report(body: Record<string, unknown>): Promise<void> {
  const bridge = testEnv.POOLING_LENS_TEST_BRIDGE;
  if (!bridge) return;
  try {
    const res = await fetch(`${bridge}/harness/report`, { method: 'POST', body: JSON.stringify({ ...body, pid: 0, host: 'web' }) });
    if (!res.ok) console.error(`web test entry: the harness refused the ${String(body.event)} report (${res.status})`);
  } catch (err) {
    console.error(`web test entry: could not send the ${String(body.event)} report to the harness: ${String(err)}`);
  }
}

export async function run(): Promise<void> {
  await readEnv();
  const grep = testEnv.POOLING_LENS_GREP;
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
  const problems: string[] = [];
  try {
    await import('./web.test.js');
    await import('../integration/hover.test.js');
    await import('../integration/panel.test.js');
    await import('../integration/skeleton.test.js');
  } catch (err) {
    problems.push(`the suite could not load: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
  await report({ event: 'start' });
  // Unhandled rejections in this host fail the run, as in the Node host's entry. `addEventListener` is blocked in
  // VS Code's web worker; the `onunhandledrejection` property is not, and is put back after the run.
  const scope = globalThis as { onunhandledrejection?: ((e: { reason: unknown }) => void) | null };
  const previous = scope.onunhandledrejection;
  scope.onunhandledrejection = (e) => {
    problems.push(`unhandled rejection: ${e.reason instanceof Error ? e.reason.stack ?? e.reason.message : String(e.reason)}`);
  };
  let result = { passes: 0, failures: 0, pending: 0 };
  try {
    result = await new Promise<typeof result>((resolve) => {
      const runner = mocha.run((failures) => resolve({ passes: runner.stats?.passes ?? 0, failures, pending: runner.stats?.pending ?? 0 }));
    });
    await new Promise((r) => setTimeout(r, 150));
  } finally {
    scope.onunhandledrejection = previous;
  }
  await report({ event: 'end', ...result, problems });
  const reasons = [...problems];
  if (result.failures > 0) reasons.push(`${result.failures} integration test(s) failed in the web worker extension host`);
  if (reasons.length > 0) throw new Error(reasons.join('; '));
}
