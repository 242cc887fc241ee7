/**
 * Calls in a literal: array constructors (`np.array`, `torch.tensor`, `tf.constant`, tfjs
 * `tf.tensor2d`, ...), typed arrays (`new Float32Array(...)`, `Int8Array.from/of`), dtype casts
 * (`np.float32(x)`), Python's `float()/int()/bool()`, and the dispatch to generators.
 *
 * Contracts: arguments are already evaluated (see `parseArgs`); a keyword a call does not know is an
 * `unsupported` error unless it cannot change the values (see `checkKwargs`).
 */
import type { DType } from '../../core/tensor';
import { roundHalfEven } from '../half';
import { castFlat, dtypeArg, inferDType } from './dtypes';
import { Flat, filledFlat } from './flat';
import { generator } from './generators';
import { pushValue, type ListState } from './lists';
import { ARRAY_CONSTRUCTORS, TYPED_ARRAYS, dtypeOfName, isGeneratorName, isTypedArrayName, libOf, type Lib } from './names';
import type { Scanner } from './scanner';
import { reshape, shapeFrom } from './shapes';
import { arg, checkKwargs, toArr, type Args, type Value } from './values';

/** torch's legacy tensor types and the dtype each fixes. */
const TORCH_TENSOR_TYPES: Record<string, DType | undefined> = {
  Tensor: 'float32', FloatTensor: 'float32', DoubleTensor: 'float64', HalfTensor: 'float16', LongTensor: 'int64',
  IntTensor: 'int32', ShortTensor: 'int16', CharTensor: 'int8', ByteTensor: 'uint8', BoolTensor: 'bool',
};

/** Evaluates the call `ns.word(args)` (or `new full(args)`) that starts at `start`. */
export function call(sc: Scanner, isNew: boolean, ns: string, word: string, full: string, args: Args, start: number): Value {
  const end = args.end;
  const label = isNew ? `new ${full}` : full;
  // Typed arrays: new Float32Array(...), Float32Array.from(...), Float32Array.of(...)
  const taName = isNew ? full : ns;
  if (isTypedArrayName(taName) && (isNew || word === 'from' || word === 'of')) {
    sc.jsCue = true;
    return typedArray(sc, taName, isNew ? 'new' : (word as 'from' | 'of'), args, start, end);
  }
  if (isNew) sc.fail(`unknown constructor '${full}': use a typed array such as Float32Array`, start, end - start, 'unknown-name');
  const lib = libOf(ns);
  if (lib === undefined) {
    sc.fail(`unknown function '${full}': only numpy, torch, tf, jnp, math and typed-array constructors are read`, start, full.length, 'unknown-name');
  }
  if (lib === 'builtin') {
    if (word === 'float' || word === 'int' || word === 'bool') return pyScalar(sc, word, args, start, end);
    if (word === 'array') return arrayCtor(sc, 'numpy', 'array', args, start, end, label);
    if (word === 'tensor') return arrayCtor(sc, 'torch', 'tensor', args, start, end, label);
  } else if (lib !== 'math' && lib !== 'js') {
    if (ARRAY_CONSTRUCTORS.has(word)) return arrayCtor(sc, lib, word, args, start, end, label);
    if (isGeneratorName(word)) return generator(sc, lib, word, args, start, end);
    if (word === 'dtype' && lib === 'numpy') {
      const d = dtypeArg(sc, args.pos[0], start, end);
      return { k: 'dtype', d, start, end };
    }
    const d = dtypeOfName(lib, word);
    if (d !== undefined) {
      // np.float32(1.5), np.int8([1, 2]): a cast.
      const v = arg(sc, args, 0, 'x', start, end);
      const a = toArr(sc, v);
      sc.explicit = true;
      castFlat(sc, a, d, start, end);
      return { k: 'arr', a, start, end };
    }
  }
  return sc.fail(`unknown function '${label}'`, start, full.length + (isNew ? 4 : 0), 'unknown-name');
}

/** Python's `float(x)`, `int(x)`, `bool(x)` of a number or a string such as `'nan'`. */
function pyScalar(sc: Scanner, word: string, args: Args, start: number, end: number): Value {
  const v = arg(sc, args, 0, 'x', start, end);
  if (v.k === 'str') {
    const t = v.v.trim().toLowerCase();
    let x: number;
    if (t === 'nan' || t === '+nan' || t === '-nan') x = NaN;
    else if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') x = Infinity;
    else if (t === '-inf' || t === '-infinity') x = -Infinity;
    else {
      x = Number(t.split('_').join(''));
      if (t === '' || Number.isNaN(x)) sc.fail(`${word}('${v.v}') is not a number`, start, end - start, 'syntax');
    }
    if (word === 'float') return { k: 'num', v: x, big: undefined, t: 'float', start, end };
    if (word === 'bool') return { k: 'num', v: v.v.length > 0 ? 1 : 0, big: undefined, t: 'bool', start, end };
    if (!Number.isInteger(x)) sc.fail(`int('${v.v}') is not an integer`, start, end - start, 'syntax');
    return { k: 'num', v: x, big: undefined, t: 'int', start, end };
  }
  if (v.k !== 'num') sc.fail(`${word}() takes a number or a string here`, v.start, v.end - v.start, 'unsupported');
  if (word === 'float') return { ...v, t: 'float', big: undefined, start, end, v: v.big !== undefined ? Number(v.big) : v.v };
  if (word === 'bool') return { k: 'num', v: v.v !== 0 ? 1 : 0, big: undefined, t: 'bool', start, end };
  if (!Number.isFinite(v.v)) sc.fail(`cannot convert ${v.v} to an integer`, start, end - start, 'range');
  return { k: 'num', v: Math.trunc(v.v), big: v.big, t: 'int', start, end };
}

/** An array constructor: the data, then the library's dtype (given or inferred) and optional shape. */
function arrayCtor(sc: Scanner, lib: Lib, word: string, args: Args, start: number, end: number, label: string): Value {
  let dataName = 'object';
  if (lib === 'torch') dataName = 'data';
  else if (lib === 'tf') dataName = word.startsWith('tensor') ? 'values' : 'value';
  const v = args.kw.get(dataName) ?? args.pos[0];
  if (v === undefined) sc.fail(`${label}() needs the data as its first argument`, start, end - start);
  const a = toArr(sc, v);
  const tfjs = lib === 'tf' && word.startsWith('tensor');
  const { dtype: given, shapeArg } = tfjs ? tfjsArgs(sc, word, args, a, v, label) : ctorArgs(sc, lib, word, args, dataName);
  const dtype = given ?? a.dtype ?? inferDType(sc, a, tfjs ? 'tfjs' : lib, v.start, v.end);
  castFlat(sc, a, dtype, v.start, v.end);
  let out = a;
  if (shapeArg !== undefined && shapeArg.k !== 'none') {
    const shape = shapeFrom(sc, [shapeArg], shapeArg.start, shapeArg.end);
    const n = shape.reduce((x, y) => x * y, 1);
    if (a.n === 1 && n !== 1 && !tfjs) {
      sc.checkLimit(n, shapeArg.start, shapeArg.end);
      out = filledFlat(n, a.vals[0] as number, a.starts[0] as number, a.bigs?.get(0));
      out.dtype = a.dtype;
    }
    out = reshape(sc, out, shape, shapeArg.start, shapeArg.end);
  }
  return { k: 'arr', a: out, start, end };
}

/** tfjs `tf.tensor(values, shape?, dtype?)` and `tf.tensorNd`, which wants N-dimensional values. */
function tfjsArgs(sc: Scanner, word: string, args: Args, a: Flat, v: Value, label: string): { dtype: DType | undefined; shapeArg: Value | undefined } {
  sc.jsCue = true;
  const shapeArg = args.pos[1];
  const dv = args.pos[2];
  const dtype = dv !== undefined ? dtypeArg(sc, dv, dv.start, dv.end) : undefined;
  const dim = word.length > 6 ? Number(word.charAt(6)) : undefined;
  if (dim !== undefined && shapeArg === undefined && a.shape.length !== dim) {
    sc.fail(`${label}() needs ${dim}-dimensional values, these have shape (${a.shape.join(', ')})`, v.start, v.end - v.start, 'shape');
  }
  return { dtype, shapeArg };
}

/** Python constructors: `dtype=` (numpy, jax and tf also positionally), tf's `shape`, torch's typed tensors. */
function ctorArgs(sc: Scanner, lib: Lib, word: string, args: Args, dataName: string): { dtype: DType | undefined; shapeArg: Value | undefined } {
  checkKwargs(sc, args, ['dtype', 'shape', dataName]);
  let dtype: DType | undefined;
  const dv = args.kw.get('dtype') ?? (lib === 'numpy' || lib === 'jax' || lib === 'tf' ? args.pos[1] : undefined);
  if (dv !== undefined && dv.k !== 'none') dtype = dtypeArg(sc, dv, dv.start, dv.end);
  const shapeArg = lib === 'tf' ? args.kw.get('shape') ?? args.pos[2] : undefined;
  const fixed = lib === 'torch' ? TORCH_TENSOR_TYPES[word] : undefined;
  if (fixed !== undefined) {
    dtype = fixed;
    sc.explicit = true;
  }
  return { dtype, shapeArg };
}

/** `new T(n | data)`, `T.from(data)`, `T.of(...values)` for a typed-array constructor `T`. */
function typedArray(sc: Scanner, ctor: string, how: 'new' | 'from' | 'of', args: Args, start: number, end: number): Value {
  const dtype = TYPED_ARRAYS[ctor] as DType;
  sc.explicit = true;
  let a: Flat;
  if (how === 'of') {
    a = new Flat(Math.max(args.pos.length, 1));
    const st: ListState = { dims: [], leaf: -1, path: [0, 0] };
    for (const v of args.pos) pushValue(sc, a, st, 1, v);
    a.shape = [a.n];
  } else {
    const v = args.pos[0];
    if (v === undefined) {
      a = new Flat(1);
      a.shape = [0];
    } else if (how === 'new' && v.k === 'num' && v.t === 'int') {
      // new Float32Array(4): four zeros.
      sc.checkLimit(v.v, v.start, v.end);
      if (v.v < 0) sc.fail('a typed-array length cannot be negative', v.start, v.end - v.start, 'range');
      a = filledFlat(v.v, 0, v.start);
      a.shape = [v.v];
    } else {
      a = toArr(sc, v);
      if (a.shape.length !== 1) {
        sc.fail(`${ctor} is one-dimensional: it cannot hold an array of shape (${a.shape.join(', ')}); use a nested array or .reshape`, v.start, v.end - v.start, 'shape');
      }
    }
  }
  if (ctor === 'Uint8ClampedArray') {
    for (let i = 0; i < a.n; i++) {
      const x = a.vals[i] as number;
      a.vals[i] = Number.isNaN(x) ? 0 : Math.min(255, Math.max(0, roundHalfEven(x)));
    }
    a.bigs = undefined;
  }
  castFlat(sc, a, dtype, start, end);
  return { k: 'arr', a, start, end };
}
