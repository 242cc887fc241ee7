/**
 * What an expression inside a literal evaluates to, and the arguments of a call with the lookups every
 * call makes. Every value keeps the span of text it came from (`start`..`end`) so that a later error
 * can underline it.
 */
import type { DType } from '../../core/tensor';
import { Flat } from './flat';
import type { Scanner } from './scanner';

/** How a number was written: it decides the dtype a library infers. */
export type Kind = 'int' | 'float' | 'bool';

export type Value =
  | { k: 'num'; v: number; big: bigint | undefined; t: Kind; start: number; end: number }
  | { k: 'arr'; a: Flat; start: number; end: number }
  | { k: 'str'; v: string; start: number; end: number }
  | { k: 'dtype'; d: DType; start: number; end: number }
  | { k: 'none'; start: number; end: number };

/** A call's arguments as written: positional, then keyword (with where each keyword starts). */
export interface Args {
  pos: Value[];
  kw: Map<string, Value>;
  kwStart: Map<string, number>;
  start: number;
  end: number;
}

/** A number computed from arguments (e.g. a generator's size), typed by whether it is integral. */
export function numValue(v: number, start: number, end: number): Value {
  return { k: 'num', v, big: undefined, t: Number.isInteger(v) ? 'int' : 'float', start, end };
}

/** An array value spanning `start..end`. */
export function arrValue(a: Flat, start: number, end: number): Value {
  return { k: 'arr', a, start, end };
}

/** The array a value stands for: itself, or a 0-d array for a number; anything else is refused. */
export function toArr(sc: Scanner, v: Value): Flat {
  if (v.k === 'arr') return v.a;
  if (v.k === 'num') {
    const f = new Flat(1);
    f.vals[0] = v.v;
    f.starts[0] = v.start;
    f.n = 1;
    if (v.big !== undefined) f.bigs = new Map([[0, v.big]]);
    if (v.t === 'bool') f.hasBool = true;
    else if (v.t === 'int') f.hasInt = true;
    else f.hasFloat = true;
    f.shape = [];
    return f;
  }
  return notANumber(sc, v);
}

/** Refuses a string, dtype or None where an element is expected. */
export function notANumber(sc: Scanner, v: Value): never {
  const what = v.k === 'str' ? 'a string' : v.k === 'dtype' ? 'a dtype' : v.k === 'none' ? 'None/null' : 'this';
  sc.fail(`${what} cannot be an array element: only numbers and booleans can`, v.start, v.end - v.start, 'unsupported');
}

/** Keywords accepted by every call because they cannot change the values. */
const IGNORED_KWARGS = ['device', 'requires_grad', 'name', 'copy', 'order', 'pin_memory', 'like', 'verify_shape', 'layout'];

/** The argument passed as keyword `name` or at position `i`; missing is an error over the call. */
export function arg(sc: Scanner, args: Args, i: number, name: string, start: number, end: number): Value {
  const v = args.kw.get(name) ?? args.pos[i];
  if (v === undefined) sc.fail(`missing argument '${name}'`, start, end - start, 'syntax');
  return v;
}

/** Refuses keywords outside `allowed` (and {@link IGNORED_KWARGS}), and an `order=` other than C, K or A. */
export function checkKwargs(sc: Scanner, args: Args, allowed: string[]): void {
  for (const [k, v] of args.kw) {
    if (allowed.includes(k) || IGNORED_KWARGS.includes(k)) {
      if (k === 'order' && v.k === 'str' && v.v !== 'C' && v.v !== 'K' && v.v !== 'A') {
        sc.fail(`order='${v.v}' is not supported here (the values would be the same; remove it)`, v.start, v.end - v.start, 'unsupported');
      }
      continue;
    }
    const at = args.kwStart.get(k) ?? v.start;
    sc.fail(`unsupported argument '${k}'`, at, v.end - at, 'unsupported');
  }
}
