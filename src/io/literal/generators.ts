/**
 * Generators: arrays made from a few scalar arguments (`np.arange(6)`, `torch.zeros(2, 3)`,
 * `np.eye(3, k=1)`, `jnp.linspace(0, 1, 5)`, `tf.fill([2, 2], 7)`), one small function per name.
 *
 * Contracts: the size is checked against `maxElements` before anything is allocated; `dtype=` is read
 * first (so a bad dtype is the error reported), then each generator's own arguments; without `dtype=`
 * the result has the library's default dtype for the kind of numbers the arguments are.
 */
import type { DType } from '../../core/tensor';
import { castFlat, dtypeArg } from './dtypes';
import { Flat, filledFlat } from './flat';
import { defaultDTypes, type GeneratorName, type Lib } from './names';
import type { Scanner } from './scanner';
import { shapeFrom } from './shapes';
import { arg, checkKwargs, numValue, type Args, type Value } from './values';

/** One generator call, as each generator function receives it. */
interface Gen {
  sc: Scanner;
  lib: Lib;
  word: GeneratorName;
  args: Args;
  start: number;
  end: number;
  /** The library's dtypes for integer and for float arguments. */
  defaults: { int: DType; float: DType };
  /** The dtype `dtype=` names, if given. */
  dtype: DType | undefined;
}

/** What a generator made, and the dtype it is to have. */
interface Generated {
  a: Flat;
  dtype: DType;
}

const GENERATE: Readonly<Record<GeneratorName, (g: Gen) => Generated>> = {
  arange, range: arange, zeros, ones, full, fill: full, eye, identity: eye, linspace,
};

/** Evaluates the generator call `word(args)` of `lib`. */
export function generator(sc: Scanner, lib: Lib, word: GeneratorName, args: Args, start: number, end: number): Value {
  const dv = args.kw.get('dtype');
  const dtype = dv !== undefined && dv.k !== 'none' ? dtypeArg(sc, dv, dv.start, dv.end) : undefined;
  const out = GENERATE[word]({ sc, lib, word, args, start, end, defaults: defaultDTypes(lib), dtype });
  out.a.hasFloat = true;
  castFlat(sc, out.a, out.dtype, start, end);
  return { k: 'arr', a: out.a, start, end };
}

/** `arange(stop)`, `arange(start, stop[, step])` or keywords (torch's `end`, tf's `limit`/`delta`): start + i * step below stop. */
function arange(g: Gen): Generated {
  const { sc, start, end } = g;
  checkKwargs(sc, g.args, ['dtype', 'start', 'stop', 'step', 'end', 'limit', 'delta']);
  const { a0, a1, step, allInt } = arangeBounds(g);
  if (step === 0 || !Number.isFinite(step) || !Number.isFinite(a0) || !Number.isFinite(a1)) {
    sc.fail(`${g.word}() needs finite bounds and a non-zero step`, start, end - start, 'range');
  }
  const n = Math.max(0, Math.ceil((a1 - a0) / step));
  sc.checkLimit(n, start, end);
  const out = new Flat(Math.max(n, 1));
  for (let i = 0; i < n; i++) out.vals[i] = a0 + i * step;
  out.starts.fill(start, 0, n);
  out.n = n;
  out.shape = [n];
  return { a: out, dtype: g.dtype ?? (allInt ? g.defaults.int : g.defaults.float) };
}

/** arange's start, stop and step, positional or by keyword, and whether all of them are integers. */
function arangeBounds(g: Gen): { a0: number; a1: number; step: number; allInt: boolean } {
  const { sc, args, start, end } = g;
  const ps = args.pos.map((v, i) => num(sc, v, `argument ${i + 1}`, start, end));
  let a0 = 0;
  let a1: number;
  let step = 1;
  let allInt = ps.every((x) => x.int);
  if (ps.length === 1) a1 = (ps[0] as { v: number }).v;
  else if (ps.length === 2 || ps.length === 3) {
    a0 = (ps[0] as { v: number }).v;
    a1 = (ps[1] as { v: number }).v;
    if (ps.length === 3) step = (ps[2] as { v: number }).v;
  } else {
    const kstop = args.kw.get('stop') ?? args.kw.get('end') ?? args.kw.get('limit');
    if (ps.length !== 0 || kstop === undefined) {
      return sc.fail(`${g.word}() takes 1 to 3 numbers: (stop), (start, stop) or (start, stop, step)`, start, end - start, 'syntax');
    }
    const k = num(sc, kstop, 'stop', start, end);
    a1 = k.v;
    allInt &&= k.int;
    const kstart = args.kw.get('start');
    if (kstart !== undefined) {
      const k0 = num(sc, kstart, 'start', start, end);
      a0 = k0.v;
      allInt &&= k0.int;
    }
  }
  const kstep = args.kw.get('step') ?? args.kw.get('delta');
  if (kstep !== undefined) {
    const k = num(sc, kstep, 'step', start, end);
    step = k.v;
    allInt &&= k.int;
  }
  return { a0, a1, step, allInt };
}

/** `zeros(shape)`: float zeros unless a dtype is given. */
function zeros(g: Gen): Generated {
  return constantFill(g, 0);
}

/** `ones(shape)`: float ones unless a dtype is given. */
function ones(g: Gen): Generated {
  return constantFill(g, 1);
}

/** zeros/ones: numpy's `(shape, dtype)` or torch's `(*sizes)`, or `shape=`/`size=`. */
function constantFill(g: Gen, value: number): Generated {
  const { sc, lib, args, start, end } = g;
  checkKwargs(sc, args, ['dtype', 'shape', 'size']);
  const shapeVals = args.pos.length > 0 ? args.pos : [arg(sc, args, 0, 'shape', start, end)];
  const shape = shapeFrom(sc, lib === 'torch' ? shapeVals : shapeVals.slice(0, 1), start, end);
  let dtype = g.dtype;
  if (lib !== 'torch' && args.pos.length > 1 && dtype === undefined) {
    const dv = args.pos[1] as Value;
    dtype = dtypeArg(sc, dv, dv.start, dv.end);
  }
  return { a: sized(sc, shape, value, start, end), dtype: dtype ?? g.defaults.float };
}

/** `full(shape, fill_value)` and tfjs `fill(dims, value)`: the dtype follows the fill value's kind. */
function full(g: Gen): Generated {
  const { sc, lib, word, args, start, end } = g;
  checkKwargs(sc, args, ['dtype', 'shape', 'fill_value', 'dims', 'value', 'size']);
  const shapeV = arg(sc, args, 0, word === 'fill' ? 'dims' : lib === 'torch' ? 'size' : 'shape', start, end);
  const fillV = arg(sc, args, 1, word === 'fill' ? 'value' : 'fill_value', start, end);
  if (fillV.k !== 'num') return sc.fail('the fill value must be a number', fillV.start, fillV.end - fillV.start);
  const shape = shapeFrom(sc, [shapeV], shapeV.start, shapeV.end);
  const out = sized(sc, shape, fillV.v, start, end);
  if (fillV.big !== undefined) {
    out.bigs = new Map();
    for (let i = 0; i < out.n; i++) out.bigs.set(i, fillV.big);
  }
  return { a: out, dtype: g.dtype ?? (fillV.t === 'bool' ? 'bool' : fillV.t === 'int' ? g.defaults.int : g.defaults.float) };
}

/** `eye(N, M?, k?)` and `identity(n)`: ones on the k-th diagonal of an N x M matrix. */
function eye(g: Gen): Generated {
  const { sc, lib, word, args, start, end } = g;
  checkKwargs(sc, args, ['dtype', 'N', 'M', 'k', 'n', 'm', 'num_rows', 'num_columns']);
  const nv = num(sc, args.pos[0] ?? args.kw.get('N') ?? args.kw.get('n') ?? args.kw.get('num_rows'), 'the number of rows', start, end).v;
  const mArg = word === 'eye' ? args.pos[1] ?? args.kw.get('M') ?? args.kw.get('m') ?? args.kw.get('num_columns') : undefined;
  const mv = mArg === undefined || mArg.k === 'none' ? nv : num(sc, mArg, 'the number of columns', start, end).v;
  const kArg = word === 'eye' && lib === 'numpy' ? args.pos[2] ?? args.kw.get('k') : args.kw.get('k');
  const k = kArg === undefined ? 0 : num(sc, kArg, 'k', start, end).v;
  const shape = shapeFrom(sc, [numValue(nv, start, end), numValue(mv, start, end)], start, end);
  const out = sized(sc, shape, 0, start, end);
  const [r, c] = shape as [number, number];
  for (let i = 0; i < r; i++) {
    const j = i + k;
    if (j >= 0 && j < c) out.vals[i * c + j] = 1;
  }
  return { a: out, dtype: g.dtype ?? g.defaults.float };
}

/** `linspace(start, stop, num=50, endpoint=True)`: num evenly spaced floats, stop exact when included. */
function linspace(g: Gen): Generated {
  const { sc, lib, word, args, start, end } = g;
  checkKwargs(sc, args, ['dtype', 'num', 'endpoint', 'steps', 'start', 'stop', 'end', 'retstep', 'axis']);
  const a0 = num(sc, arg(sc, args, 0, 'start', start, end), 'start', start, end).v;
  const a1 = num(sc, args.pos[1] ?? args.kw.get('stop') ?? args.kw.get('end'), 'stop', start, end).v;
  const numArg = args.pos[2] ?? args.kw.get('num') ?? args.kw.get('steps');
  if (numArg === undefined && lib !== 'numpy' && lib !== 'jax') sc.fail(`${word}() needs the number of steps`, start, end - start, 'syntax');
  const n = numArg === undefined ? 50 : num(sc, numArg, 'num', start, end).v;
  if (!Number.isInteger(n) || n < 0) sc.fail('num must be a non-negative integer', start, end - start, 'range');
  sc.checkLimit(n, start, end);
  const epV = args.kw.get('endpoint') ?? args.pos[3];
  const endpoint = epV === undefined || (epV.k === 'num' && epV.v !== 0);
  const div = endpoint ? n - 1 : n;
  const step = div > 0 ? (a1 - a0) / div : NaN;
  const out = new Flat(Math.max(n, 1));
  for (let i = 0; i < n; i++) out.vals[i] = div > 0 ? (step === 0 ? (i / div) * (a1 - a0) : i * step) + a0 : a0;
  if (endpoint && n > 1) out.vals[n - 1] = a1;
  out.starts.fill(start, 0, n);
  out.n = n;
  out.shape = [n];
  return { a: out, dtype: g.dtype ?? g.defaults.float };
}

/** A numeric argument (`what` names it in errors) and whether it was written as an integer or bool. */
function num(sc: Scanner, v: Value | undefined, what: string, start: number, end: number): { v: number; int: boolean } {
  if (v === undefined) return sc.fail(`missing ${what}`, start, end - start);
  if (v.k !== 'num') return sc.fail(`${what} must be a number`, v.start, v.end - v.start, 'syntax');
  return { v: v.v, int: v.t !== 'float' };
}

/** An array of `shape` filled with `fill`, checked against the limit before it is allocated. */
function sized(sc: Scanner, shape: number[], fill: number, start: number, end: number): Flat {
  const n = shape.reduce((x, y) => x * y, 1);
  sc.checkLimit(n, start, end);
  const f = filledFlat(n, fill, start);
  f.shape = shape;
  return f;
}
