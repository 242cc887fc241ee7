// Entry point loaded by the extension host (both launchers): runs every compiled *.test.js here.
//
// It also guards the run. While mocha runs it records every unhandled promise rejection and uncaught
// exception in the extension host (VS Code registers its own handlers, which only log them, so without
// ours they pass unnoticed); after mocha finishes they fail the run, listed. And when the VS Code
// Server launcher's bridge is there, it reports `start` (with this process's pid) before the tests and
// `end` (counts and those errors) after, so the launcher can tell a normal finish from a host that died
// mid-run: the workbench reports exit code 0 even when the host is killed by a signal.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const bridgeUrl = process.env.POOLING_LENS_TEST_BRIDGE;

/** Late rejections (a promise dropped by the last test) surface a few ticks after mocha's callback. */
const SETTLE_MS = 150;

function describeError(value: unknown): string {
  if (value instanceof Error) return (value.stack ?? `${value.name}: ${value.message}`).split('\n').slice(0, 6).join('\n');
  return inspect(value, { depth: 2, breakLength: Infinity });
}

async function report(body: Record<string, unknown>): Promise<void> {
  if (!bridgeUrl) return;
  try {
    const res = await fetch(`${bridgeUrl}/harness/report`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) console.error(`test entry: the harness refused the ${String(body.event)} report (${res.status})`);
  } catch (err) {
    // The launcher fails the run when a report is missing; say why here too.
    console.error(`test entry: could not send the ${String(body.event)} report to the harness: ${describeError(err)}`);
  }
}

function runMocha(files: string[]): Promise<{ passes: number; failures: number; pending: number }> {
  // POOLING_LENS_GREP runs only the tests whose title matches (when working on one area; CI never sets it).
  const grep = process.env.POOLING_LENS_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => {
      resolve({ passes: runner.stats?.passes ?? 0, failures, pending: runner.stats?.pending ?? 0 });
    });
  });
}

/** How VS Code opened this run's workspace (trusted or in Restricted Mode, on which schemes), for the launcher's log. */
function workspaceMode(): { trusted: boolean; schemes: string[] } {
  return { trusted: vscode.workspace.isTrusted, schemes: [...new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme))] };
}

/** Runs the given compiled mocha files in this extension host, guarded as described above. */
export async function runSuite(files: string[]): Promise<void> {
  const problems: string[] = [];
  // Mocha re-emits the rejections it does not own on `process`, so one rejection arrives twice.
  const seen = new WeakSet<object>();
  const once = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return true;
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  };
  // The extension host wraps `uncaughtException` listeners (process.on is patched), so `off` cannot
  // remove ours: `active` retires both once the run is over.
  let active = true;
  const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
    if (active && once(promise)) problems.push(`unhandled rejection: ${describeError(reason)}`);
  };
  const onException = (error: unknown): void => {
    if (active && once(error)) problems.push(`uncaught exception: ${describeError(error)}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  let result = { passes: 0, failures: 0, pending: 0 };
  try {
    await report({ event: 'start', pid: process.pid, host: 'node', workspace: workspaceMode() });
    result = await runMocha(files);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  } catch (err) {
    // A test file that throws while loading: still report the end, so the launcher names the cause.
    problems.push(`the suite could not run: ${describeError(err)}`);
  } finally {
    active = false;
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
  await report({ event: 'end', pid: process.pid, ...result, problems });
  if (problems.length > 0) {
    console.error(`\n${problems.length} unhandled error(s) in the extension host during the tests:`);
    for (const p of problems) console.error(`  - ${p}`);
  }
  const reasons: string[] = [];
  if (result.failures > 0) reasons.push(`${result.failures} integration test(s) failed`);
  if (problems.length > 0) reasons.push(`${problems.length} unhandled error(s) in the extension host (see above)`);
  if (reasons.length > 0) throw new Error(reasons.join('; '));
}

export function run(): Promise<void> {
  const dir = __dirname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => join(dir, f));
  return runSuite(files);
}
