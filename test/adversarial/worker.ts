/**
 * Child process of the adversarial runner: builds each case it is sent from (seed, family, index), runs it,
 * and reports how it ended. It may die doing so (V8 fatal error, OOM kill, timeout kill): the parent then
 * reports the case it was running and starts a new child.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { PoolSpecError } from '../../src/core';
import { ArrayParseError, NpyFormatError } from '../../src/io';
import { makeCase } from './cases';
import { describe, type Family } from './common';

export interface RunRequest {
  seed: string;
  family: Family;
  index: number;
}

export type Outcome = 'result' | 'refusal' | 'failure';

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'built'; id: string; buildMs: number }
  | {
    type: 'done'; id: string; outcome: Outcome; errorClass?: string; detail: string;
    buildMs: number; runMs: number; hwmKiB: number;
  };

const TYPED: ReadonlyArray<new (...args: never[]) => Error> = [PoolSpecError, ArrayParseError, NpyFormatError];

function send(m: WorkerMessage): void {
  process.send?.(m);
}

function status(field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resets the kernel's peak-RSS counter (VmHWM) to the current RSS, so each case gets its own peak. */
function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not permitted here: the parent's sampling still bounds memory.
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

function firstFrame(e: Error): string {
  const line = (e.stack ?? '').split('\n').find((l) => l.trim().startsWith('at '));
  return line === undefined ? '' : ` ${line.trim()}`;
}

function runOne(req: RunRequest): void {
  gc?.();
  resetPeak();
  const t0 = performance.now();
  let id = `${req.family}#${req.index}`;
  let buildMs = 0;
  let runMs = 0;
  let outcome: Outcome;
  let errorClass: string | undefined;
  let detail: string;
  try {
    const c = makeCase(req.seed, req.family, req.index);
    id = c.id;
    buildMs = performance.now() - t0;
    send({ type: 'built', id, buildMs });
    const t1 = performance.now();
    let result: unknown;
    let thrown: unknown;
    let threw = false;
    try {
      result = c.run();
    } catch (e) {
      thrown = e;
      threw = true;
    }
    runMs = performance.now() - t1;
    if (!threw) {
      const problem = c.check?.(result);
      outcome = problem === undefined ? 'result' : 'failure';
      detail = problem === undefined ? describe(result) : `returned a bad value: ${problem}`;
    } else if (TYPED.some((T) => thrown instanceof T)) {
      errorClass = (thrown as Error).name;
      outcome = c.mustSucceed === true ? 'failure' : 'refusal';
      detail = `${c.mustSucceed === true ? `refused a valid input: ${errorClass}: ` : ''}${(thrown as Error).message.slice(0, 300)}`;
    } else if (thrown instanceof RangeError && c.allowRangeError?.when(thrown.message) === true) {
      outcome = 'refusal';
      errorClass = `RangeError (${c.allowRangeError.label})`;
      detail = thrown.message.slice(0, 200);
    } else {
      outcome = 'failure';
      const e = thrown instanceof Error ? thrown : new Error(String(thrown));
      errorClass = e.name;
      detail = `threw ${e.name}: ${e.message.slice(0, 300)}${firstFrame(e)}`;
    }
  } catch (e) {
    // The case could not even be built: a defect of the suite, reported as a failure.
    outcome = 'failure';
    const err = e instanceof Error ? e : new Error(String(e));
    errorClass = 'SuiteError';
    detail = `could not build the case: ${err.name}: ${err.message.slice(0, 300)}${firstFrame(err)}`;
  }
  send({
    type: 'done', id, outcome, detail, buildMs, runMs, hwmKiB: status('VmHWM'),
    ...(errorClass === undefined ? {} : { errorClass }),
  });
}

process.on('message', (m: RunRequest) => runOne(m));
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
