/**
 * Methods and attributes after a value: `.reshape(...)`/`.view(...)`, `.T`/`.transpose(...)`,
 * `.astype(...)`/`.to(...)`/`.type(...)`, torch's `.float()`/`.long()`/..., `.flatten()`/`.ravel()`,
 * `.squeeze()`, and the calls that leave the values as they are (`.numpy()`, `.cpu()`, `.detach()`, ...).
 * One small function per name; an unknown name is an `unknown-name` error on the name.
 */
import type { DType } from '../../core/tensor';
import { castFlat, dtypeArg, inferDType } from './dtypes';
import type { Flat } from './flat';
import { dtypeOfString } from './names';
import type { Scanner } from './scanner';
import { reshape, reversedAxes, shapeFrom, transposed } from './shapes';
import { arrValue, toArr, type Args, type Value } from './values';

/** One method application, as each method function receives it. */
interface MethodCall {
  sc: Scanner;
  /** The array before the dot (a number is a 0-d array); methods may change it in place. */
  a: Flat;
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The parenthesised arguments; undefined for an attribute such as `.T`. */
  args: Args | undefined;
  /** Where the value the method applies to starts (errors over the whole expression start there). */
  start: number;
  /** Where the method's text ends: after its arguments, or after its name. */
  argEnd: number;
}

/** torch's cast methods and the dtype each gives. */
const TORCH_CASTS: Readonly<Record<string, DType>> = {
  float: 'float32', double: 'float64', half: 'float16', int: 'int32', long: 'int64', short: 'int16', bool: 'bool',
  byte: 'uint8', char: 'int8',
};

const METHOD_FNS: ReadonlyMap<string, (m: MethodCall) => Flat> = new Map([
  ['reshape', reshapeMethod], ['view', reshapeMethod],
  ['T', transposeAttribute], ['transpose', transposeMethod],
  ['astype', astype], ['to', astype], ['type', astype],
  ...Object.keys(TORCH_CASTS).map((name) => [name, torchCast] as const),
  ...['numpy', 'copy', 'clone', 'detach', 'cpu', 'contiguous', 'cuda'].map((name) => [name, unchanged] as const),
  ['flatten', flatten], ['ravel', flatten],
  ['squeeze', squeeze],
]);

/** Applies `.name` (with `args` when called) to `v`; the result spans `v.start..end`. */
export function applyMethod(sc: Scanner, v: Value, name: string, nameStart: number, nameEnd: number, args: Args | undefined, end: number): Value {
  if (v.k !== 'arr' && v.k !== 'num') sc.fail(`'.${name}' needs an array before it`, nameStart, nameEnd - nameStart, 'syntax');
  const a = toArr(sc, v);
  const method = METHOD_FNS.get(name);
  if (method === undefined) {
    return sc.fail(`unknown method or attribute '.${name}': supported are .reshape, .astype, .T, .transpose, .flatten, .squeeze and torch's .float()/.long()/...`, nameStart, nameEnd - nameStart, 'unknown-name');
  }
  return arrValue(method({ sc, a, name, nameStart, nameEnd, args, start: v.start, argEnd: args?.end ?? nameEnd }), v.start, end);
}

/** `.reshape(2, 3)`, `.reshape((2, -1))`, `.reshape(shape=...)`; `.view` alike. */
function reshapeMethod(m: MethodCall): Flat {
  const { sc, a, args } = m;
  if (args === undefined || args.pos.length === 0) {
    const ns = args?.kw.get('shape') ?? args?.kw.get('newshape');
    if (ns === undefined) return sc.fail(`.${m.name}() needs a shape`, m.nameStart, m.argEnd - m.nameStart, 'shape');
    return reshape(sc, a, shapeFrom(sc, [ns], ns.start, ns.end, true), ns.start, ns.end);
  }
  const shape = shapeFrom(sc, args.pos, args.start, args.end, true);
  return reshape(sc, a, shape, args.start, args.end);
}

/** `.T`: the axes reversed (an attribute: parentheses are an error). */
function transposeAttribute(m: MethodCall): Flat {
  if (m.args !== undefined) m.sc.fail('.T is an attribute: write .T without parentheses', m.nameStart, m.argEnd - m.nameStart, 'syntax');
  return transposed(m.a, reversedAxes(m.a));
}

/** `.transpose()` reverses the axes; `.transpose(1, 0, 2)` permutes them. */
function transposeMethod(m: MethodCall): Flat {
  const { sc, a, args } = m;
  let axes = reversedAxes(a);
  if (args !== undefined && args.pos.length > 0) {
    axes = shapeFrom(sc, args.pos, args.start, args.end);
    const seen = new Set(axes);
    if (axes.length !== a.shape.length || seen.size !== axes.length || axes.some((x) => x >= a.shape.length)) {
      sc.fail(`axes (${axes.join(', ')}) are not a permutation of the ${a.shape.length} axes`, args.start, args.end - args.start, 'shape');
    }
  }
  return transposed(a, axes);
}

/** `.astype(dtype)`, torch's `.to(dtype)`/`.type(dtype)`; `.to('cuda')` and other devices leave the values. */
function astype(m: MethodCall): Flat {
  const { sc, a, args, start } = m;
  const dv = args?.pos[0] ?? args?.kw.get('dtype');
  if (args === undefined || dv === undefined) return sc.fail(`.${m.name}() needs a dtype`, m.nameStart, m.argEnd - m.nameStart, 'syntax');
  if (m.name === 'to' && dv.k === 'str' && dtypeOfString(dv.v) === undefined) return a;
  const d = dtypeArg(sc, dv, dv.start, dv.end);
  if (a.dtype === undefined) castFlat(sc, a, inferDType(sc, a, 'numpy', start, m.argEnd), start, m.argEnd);
  castFlat(sc, a, d, start, m.argEnd);
  return a;
}

/** torch's `.float()`, `.long()`, ...: the data first takes torch's inferred dtype, then the cast. */
function torchCast(m: MethodCall): Flat {
  const { sc, a, start } = m;
  noArgs(m);
  if (a.dtype === undefined) castFlat(sc, a, inferDType(sc, a, 'torch', start, m.argEnd), start, m.argEnd);
  sc.explicit = true;
  castFlat(sc, a, TORCH_CASTS[m.name] as DType, start, m.argEnd);
  return a;
}

/** `.numpy()`, `.copy()`, `.clone()`, `.detach()`, `.cpu()`, `.contiguous()`, `.cuda()`: the same values. */
function unchanged(m: MethodCall): Flat {
  return m.a;
}

/** `.flatten()`, `.ravel()`: one dimension. */
function flatten(m: MethodCall): Flat {
  noArgs(m);
  return reshape(m.sc, m.a, [m.a.n], m.nameStart, m.argEnd);
}

/** `.squeeze()`: every axis of length 1 removed. */
function squeeze(m: MethodCall): Flat {
  noArgs(m);
  return reshape(m.sc, m.a, m.a.shape.filter((x) => x !== 1), m.nameStart, m.argEnd);
}

/** Refuses arguments to a method that takes none here. */
function noArgs(m: MethodCall): void {
  const args = m.args;
  if (args !== undefined && (args.pos.length > 0 || args.kw.size > 0)) {
    m.sc.fail(`.${m.name}() takes no arguments here`, args.start, args.end - args.start, 'unsupported');
  }
}
