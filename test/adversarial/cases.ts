/**
 * The adversarial cases: hostile inputs for every entry point that takes text, bytes, specs or settings from
 * outside. Each family has hand-written cases (indexes 0..fixed-1) and random variants after them; a case is
 * built from (seed, family, index) alone, so the runner can rebuild one anywhere from its id.
 *
 * A case ends well with a return value (which its `check` may still reject) or one of the typed errors:
 * `PoolSpecError`, `ArrayParseError`, `NpyFormatError`, and `RangeError` from `windowOf` for cells outside
 * the output. Anything else - another exception, a crash, a hang, memory over the bound - is a failure.
 *
 * Families: npy, npz (files); literal, locate (editor text); pool, window, stats (core); export, hover
 * (the vscode-free extension modules).
 */
import { caseRng } from './prng';
import type { Case, Family, FamilySpec } from './common';
import { npyFamily } from './families/npy';
import { npzFamily } from './families/npz';
import { literalFamily, locateFamily } from './families/literal';
import { poolFamily, statsFamily, windowFamily } from './families/core';
import { exportFamily, hoverFamily } from './families/extension';
import { SELF_TESTS } from './families/selftest';

export type { Case, CaseBody, Family } from './common';

export const FAMILY_SPECS: Readonly<Record<Family, FamilySpec>> = {
  npy: npyFamily,
  npz: npzFamily,
  literal: literalFamily,
  locate: locateFamily,
  pool: poolFamily,
  window: windowFamily,
  stats: statsFamily,
  export: exportFamily,
  hover: hoverFamily,
  selftest: {
    fixed: SELF_TESTS.map(([name, , build]) => [name, build] as const),
    random: () => ['result', { run: () => 0 }],
  },
};

/** The families a run draws from (`selftest` only runs with `--self-test`). */
export const FAMILIES = (Object.keys(FAMILY_SPECS) as Family[]).filter((f) => f !== 'selftest');

/** How many hand-written cases a family has (they come first). */
export function fixedCount(family: Family): number {
  return FAMILY_SPECS[family].fixed.length;
}

/** Case `index` of `family` under `seed`: hand-written while `index < fixedCount`, random after. */
export function makeCase(seed: string, family: Family, index: number): Case {
  const spec = FAMILY_SPECS[family];
  const r = caseRng(seed, family, index);
  const entry = spec.fixed[index];
  const [name, body] = entry !== undefined ? [entry[0], entry[1](r)] : spec.random(r);
  return { ...body, id: `${family}#${index}:${name}`, family };
}
