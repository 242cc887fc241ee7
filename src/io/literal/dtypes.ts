/**
 * dtypes of literal data: reading a `dtype=` argument, inferring the dtype a library would give data
 * that names none, and converting values in place to a dtype.
 *
 * Contracts (numpy 2's rules, which the module comment of parser.ts states for users):
 * - Inference: any float -> the library's float; integers -> its int (int64 data beyond int64 becomes
 *   uint64 when none is negative, else float64; beyond uint64 is an error); all bool -> bool; empty -> float.
 * - Conversion: floats to ints truncate toward zero; NaN/inf into an int and integers outside the
 *   dtype's range are `range` errors that underline the offending element; float32/float16 round to
 *   nearest; int64/uint64 stay exact (BigInt beyond 2^53).
 */
import type { DType } from '../../core/tensor';
import { roundToHalf } from '../half';
import { expressionLength } from './expressions';
import type { Flat } from './flat';
import { defaultDTypes, dtypeOfString, type Lib } from './names';
import type { Scanner } from './scanner';
import type { Value } from './values';

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
};
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** The dtype a `dtype=` argument names (`np.float32`, `'f4'`, `torch.long`); marks the dtype explicit. */
export function dtypeArg(sc: Scanner, v: Value | undefined, start: number, end: number): DType {
  if (v === undefined) return sc.fail('missing dtype', start, end - start);
  if (v.k === 'dtype') {
    sc.explicit = true;
    return v.d;
  }
  if (v.k === 'str') {
    const d = dtypeOfString(v.v);
    if (d !== undefined) {
      sc.explicit = true;
      return d;
    }
    if (/^[<>=|]?(c|complex)/.test(v.v)) sc.fail(`dtype '${v.v}': complex dtypes are not supported, pooling needs real values`, v.start, v.end - v.start, 'unsupported');
    return sc.fail(`unknown dtype '${v.v}': use e.g. 'float32', 'int64', 'uint8', 'bool'`, v.start, v.end - v.start, 'unknown-name');
  }
  return sc.fail('expected a dtype such as np.float32 or "int32"', v.start, v.end - v.start, 'syntax');
}

/** numpy/torch/tf dtype inference for data with no explicit dtype (see the module comment). */
export function inferDType(sc: Scanner, a: Flat, lib: Lib | 'tfjs' | 'python-list' | 'js-array', start: number, end: number): DType {
  if (lib === 'tfjs') return a.hasFloat || a.hasInt || !a.hasBool ? 'float32' : 'bool';
  const d = defaultDTypes(lib === 'math' || lib === 'builtin' ? 'numpy' : lib);
  if (a.hasFloat) return d.float;
  if (a.hasInt) {
    if (d.int === 'int64' && a.bigs !== undefined) {
      let neg = false;
      let over = false;
      for (let i = 0; i < a.n; i++) if ((a.vals[i] as number) < 0) neg = true;
      for (const b of a.bigs.values()) if (b > I64_MAX) over = true;
      if (over) {
        if (!neg) {
          for (const b of a.bigs.values()) {
            if (b > U64_MAX) return sc.fail('an integer here is larger than any integer dtype (uint64 max 18446744073709551615)', start, end - start, 'range');
          }
          return 'uint64';
        }
        return 'float64';
      }
    }
    return d.int;
  }
  if (a.hasBool) return 'bool';
  return d.float;
}

/** Converts the values in place to what `dtype` holds; reports the first element that does not fit. */
export function castFlat(sc: Scanner, a: Flat, dtype: DType, start: number, end: number): void {
  const range = INT_RANGE[dtype];
  if (dtype === 'float64' || dtype === 'float32' || dtype === 'float16') toFloat(a, dtype);
  else if (dtype === 'bool') toBool(a);
  else if (range !== undefined) toSmallInt(sc, a, dtype, range, start, end);
  else if (dtype === 'int64' && a.dtype === undefined && !a.hasFloat && a.bigs === undefined) {
    // Integer and bool tokens only, none beyond 2^53: every value is already a safe int64.
  } else to64(sc, a, dtype, start, end);
  a.dtype = dtype;
}

function toFloat(a: Flat, dtype: 'float64' | 'float32' | 'float16'): void {
  const v = a.vals;
  const n = a.n;
  if (a.bigs) for (const [i, b] of a.bigs) v[i] = Number(b);
  a.bigs = undefined;
  if (dtype === 'float32') for (let i = 0; i < n; i++) v[i] = Math.fround(v[i] as number);
  else if (dtype === 'float16') for (let i = 0; i < n; i++) v[i] = roundToHalf(v[i] as number);
}

function toBool(a: Flat): void {
  const v = a.vals;
  for (let i = 0; i < a.n; i++) v[i] = v[i] !== 0 ? 1 : 0;
  a.bigs = undefined;
}

/** Integers of at most 32 bits: truncate, then check the range. */
function toSmallInt(sc: Scanner, a: Flat, dtype: DType, [lo, hi]: [number, number], start: number, end: number): void {
  const v = a.vals;
  for (let i = 0; i < a.n; i++) {
    const x = v[i] as number;
    const t = Math.trunc(x);
    if (!(t >= lo && t <= hi)) elementOutOfRange(sc, a, i, x, dtype, `${lo}..${hi}`, start, end);
    v[i] = t === 0 ? 0 : t;
  }
  a.bigs = undefined;
}

/** int64 / uint64: exact integers, checked with BigInt where the value is beyond 2^53. */
function to64(sc: Scanner, a: Flat, dtype: DType, start: number, end: number): void {
  const v = a.vals;
  const lo = dtype === 'int64' ? I64_MIN : 0n;
  const hi = dtype === 'int64' ? I64_MAX : U64_MAX;
  for (let i = 0; i < a.n; i++) {
    const b = a.bigs?.get(i);
    const x = v[i] as number;
    if (b !== undefined) {
      if (b < lo || b > hi) elementOutOfRange(sc, a, i, b, dtype, `${lo}..${hi}`, start, end);
      continue;
    }
    if (!Number.isFinite(x)) elementOutOfRange(sc, a, i, x, dtype, `${lo}..${hi}`, start, end);
    const t = Math.trunc(x);
    if (!Number.isSafeInteger(t)) {
      const bt = BigInt(t);
      if (bt < lo || bt > hi) elementOutOfRange(sc, a, i, x, dtype, `${lo}..${hi}`, start, end);
      (a.bigs ??= new Map()).set(i, bt);
    } else if (t < 0 && dtype === 'uint64') elementOutOfRange(sc, a, i, x, dtype, `${lo}..${hi}`, start, end);
    v[i] = t === 0 ? 0 : t;
  }
}

/** Element `i` (value `x`) does not fit `dtype`: underline that element, or `start..end` if it has no extent. */
function elementOutOfRange(sc: Scanner, a: Flat, i: number, x: number | bigint, dtype: DType, range: string, start: number, end: number): never {
  const at = a.starts[i] ?? start;
  const len = expressionLength(sc, at) || end - start;
  const what = typeof x === 'number' && !Number.isFinite(x) ? `${x} cannot be stored in ${dtype}` : `${String(x)} is out of range for ${dtype} (${range})`;
  sc.fail(what, at, len, 'range');
}
