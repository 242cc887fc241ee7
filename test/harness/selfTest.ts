// The harness's own test: proves that the VS Code Server launcher (runServerTests.ts) fails a run
// whose extension host dies or leaves unhandled errors behind, and still passes a clean one. It
// compiles the fixture suites of test/harness-selftest/ (with the real test/integration/index.ts
// bundled into their entry) into out/harness-selftest/, then runs the unchanged launcher once per
// case, as many at once as there are cores, each with its own server, browser, ports and temp
// folders, and checks the launcher's exit code and message. Needs no `npm run build`.
// Run: `tsx test/harness/selfTest.ts` (add `--all` for the extra case).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ensureChromium } from './chromium';
import { ensureCodeServer } from './installCodeServer';
import { log } from './log';
import { projectRoot } from './paths';

interface Case {
  name: string;
  what: string;
  /** Only with --all. */
  extra?: boolean;
  /** 0, or 'non-zero'. */
  exit: 0 | 'non-zero';
  /** Every pattern must appear in the launcher's output... */
  expect: RegExp[];
  /** ...and none of these. */
  reject?: RegExp[];
}

const allCases: Case[] = [
  {
    name: 'pass',
    what: 'a clean passing suite exits 0',
    exit: 0,
    expect: [/the suite finished normally in extension host pid \d+: 2 passed, 0 pending, 0 failed/, /integration tests finished with exit code 0/],
    reject: [/FAILED/],
  },
  {
    name: 'crash',
    what: 'a host killed by SIGTRAP mid-test fails the run',
    exit: 'non-zero',
    expect: [/the extension host \(pid \d+\) died \(signal SIGTRAP\) during the test run/, /integration tests finished with exit code [1-9]/],
  },
  {
    name: 'rejection',
    what: 'an unhandled rejection fails a suite whose tests all pass',
    exit: 'non-zero',
    expect: [
      /2 passing/,
      /the extension host saw 1 unhandled error\(s\) during the run:/,
      /unhandled rejection: Error: deliberate unhandled rejection from the harness self-test/,
      /integration tests finished with exit code [1-9]/,
    ],
  },
  {
    // Run with --all: the same path as 'crash' (a host gone before the suite's end report) without
    // a signal or an error code; left out by default to keep the self-test short.
    name: 'exit',
    extra: true,
    what: 'a host that exits with code 0 mid-run fails the run',
    exit: 'non-zero',
    expect: [/the extension host \(pid \d+\) exited \(code 0\) during the test run, before the suite reported its result/, /integration tests finished with exit code [1-9]/],
  },
];

const cases = process.argv.includes('--all') ? allCases : allCases.filter((c) => !c.extra);
const fixtureDir = join(projectRoot, 'test', 'harness-selftest');
const outDir = join(projectRoot, 'out', 'harness-selftest');
const PER_CASE_LIMIT_MS = 120_000;

async function compileFixtures(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: readdirSync(fixtureDir).filter((f) => f.endsWith('.ts')).map((f) => join(fixtureDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

function runLauncher(c: Case): Promise<{ code: number | null; signal: string | null; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'harness', 'runServerTests.ts'), '--tests', join(outDir, 'entry.js'), '--extension', join(fixtureDir, 'extension')],
      {
        cwd: projectRoot,
        env: { ...process.env, POOLING_LENS_SELFTEST_CASE: c.name, POOLING_LENS_TEST_TIMEOUT_MS: String(PER_CASE_LIMIT_MS - 15_000), POOLING_LENS_VERBOSE: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), PER_CASE_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  // Installed once here, not four times in parallel by the launchers.
  await ensureChromium();
  await ensureCodeServer();
  await compileFixtures();
  // A workbench start is CPU-bound: more launchers than cores at once only makes each one slower.
  const parallel = Math.max(1, Math.min(cases.length, Number(process.env.POOLING_LENS_SELFTEST_PARALLEL) || availableParallelism()));
  log(`harness self-test: ${cases.length} launcher runs, ${parallel} at a time`);
  const results: { c: Case; r: Awaited<ReturnType<typeof runLauncher>> }[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < cases.length) {
      const c = cases[next++] as Case;
      results.push({ c, r: await runLauncher(c) });
    }
  }));
  results.sort((a, b) => cases.indexOf(a.c) - cases.indexOf(b.c));
  let failed = 0;
  for (const { c, r } of results) {
    const problems: string[] = [];
    const codeOk = c.exit === 0 ? r.code === 0 : r.code !== null && r.code !== 0;
    if (!codeOk) problems.push(`exit code ${r.code ?? `none (signal ${r.signal})`}, expected ${c.exit}`);
    for (const re of c.expect) if (!re.test(r.output)) problems.push(`missing from the output: ${re}`);
    for (const re of c.reject ?? []) if (re.test(r.output)) problems.push(`unexpected in the output: ${re}`);
    if (problems.length === 0) {
      const verdict = r.output.split('\n').filter((l) => /the extension host|unhandled rejection:|finished normally|finished with exit code/.test(l));
      console.log(`ok   ${c.name}: ${c.what} (launcher exit ${r.code}, ${r.seconds.toFixed(1)} s)`);
      for (const line of verdict) console.log(`       ${line.trim()}`);
    } else {
      failed++;
      console.log(`FAIL ${c.name}: ${c.what} (${r.seconds.toFixed(1)} s)`);
      for (const p of problems) console.log(`       ${p}`);
      console.log(r.output.split('\n').slice(-60).map((l) => `       | ${l}`).join('\n'));
    }
  }
  console.log(`${cases.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`harness self-test failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
