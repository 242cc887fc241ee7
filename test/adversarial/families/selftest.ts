/**
 * The runner's own test (`run.ts --self-test`): cases that crash, hang, exhaust memory or end wrongly on
 * purpose, each with the verdict the runner must give. Not part of the families a normal run draws from.
 */
import { PoolSpecError } from '../../../src/core';
import { ArrayParseError } from '../../../src/io';
import type { Builder } from '../common';

/** What the runner must report: a pass (result or refusal), or a failure whose cause matches. */
export type Verdict = 'result' | 'refusal' | RegExp;

export const SELF_TESTS: ReadonlyArray<readonly [string, Verdict, Builder]> = [
  ['result', 'result', () => ({ run: () => 42 })],
  ['typed-refusal', 'refusal', () => ({ run: () => { throw new PoolSpecError('poolSize', 0, 'self test'); } })],
  ['v8-fatal-invalid-size', /died by SIGTRAP \(V8 fatal error\).*invalid size/, () => ({
    run: () => {
      const a: number[] = [];
      for (;;) a.push(1.5);
    },
  })],
  ['hang', /^time: still running after/, () => ({
    run: () => {
      for (;;) { /* spin */ }
    },
  })],
  ['memory', /^memory: RSS \d+ MiB over the/, () => ({
    run: () => {
      const keep: Uint8Array[] = [];
      for (let i = 0; i < 64; i++) keep.push(new Uint8Array(256 * 2 ** 20).fill(1));
      return keep.length;
    },
  })],
  ['exit', /exited with code 3/, () => ({ run: () => process.exit(3) })],
  ['type-error', /threw TypeError/, () => ({ run: () => (null as unknown as { x: number }).x })],
  ['plain-error', /threw Error: plain/, () => ({ run: () => { throw new Error('plain'); } })],
  ['plain-range-error', /threw RangeError: Invalid array length/, () => ({ run: () => new Array(-1) })],
  ['bad-value', /returned a bad value: wrong/, () => ({ run: () => 1, check: () => 'wrong' })],
  ['refused-valid', /refused a valid input: ArrayParseError/, () => ({
    run: () => { throw new ArrayParseError('self test', 0, 0, 'syntax', ''); },
    mustSucceed: true,
  })],
  ['build-error', /could not build the case/, () => { throw new Error('no case'); }],
];
