/**
 * The names an array literal may contain: library namespaces, dtype spellings, constants, and the
 * functions and methods the parser evaluates. Nothing else is ever evaluated: a variable is an
 * "unknown name" error. The locator uses {@link isKnownIdentifier} to tell a literal from ordinary code.
 */
import type { DType } from '../../core/tensor';

/** Which library's rules apply: they differ in default dtypes and function signatures. */
export type Lib = 'numpy' | 'torch' | 'tf' | 'jax' | 'math' | 'js' | 'builtin';

/** Maps a dotted namespace prefix (`np`, `numpy`, `jax.numpy`, ...) to its library. */
export function libOf(ns: string): Lib | undefined {
  switch (ns) {
    case 'np': case 'numpy': case 'onp': return 'numpy';
    case 'jnp': case 'jax.numpy': return 'jax';
    case 'torch': return 'torch';
    case 'tf': case 'tensorflow': case 'tf.experimental.numpy': return 'tf';
    case 'math': return 'math';
    case 'Number': case 'Math': return 'js';
    case '': return 'builtin';
    default: return undefined;
  }
}

/** Element dtypes a library gives a literal with no explicit dtype, by the kind of its elements. */
export function defaultDTypes(lib: Lib | 'python-list' | 'js-array'): { int: DType; float: DType } {
  switch (lib) {
    case 'torch': return { int: 'int64', float: 'float32' };
    case 'tf': case 'jax': return { int: 'int32', float: 'float32' };
    case 'js-array': case 'js': return { int: 'float64', float: 'float64' };
    default: return { int: 'int64', float: 'float64' };
  }
}

const DTYPE_WORDS: Record<string, DType> = {
  bool: 'bool', bool_: 'bool', bool8: 'bool',
  int8: 'int8', byte: 'int8', uint8: 'uint8', ubyte: 'uint8',
  int16: 'int16', short: 'int16', uint16: 'uint16', ushort: 'uint16',
  int32: 'int32', intc: 'int32', uint32: 'uint32', uintc: 'uint32',
  int64: 'int64', int_: 'int64', intp: 'int64', longlong: 'int64', long: 'int64',
  uint64: 'uint64', uint: 'uint64', uintp: 'uint64', ulonglong: 'uint64',
  float16: 'float16', half: 'float16',
  float32: 'float32', single: 'float32',
  float64: 'float64', double: 'float64', float_: 'float64', longdouble: 'float64',
};

/** Torch spells some dtypes differently: `torch.float` is float32, `torch.int` int32, `torch.long` int64. */
const TORCH_DTYPE_WORDS: Record<string, DType> = {
  ...DTYPE_WORDS, float: 'float32', int: 'int32', long: 'int64', short: 'int16', half: 'float16', double: 'float64',
};

/** numpy's one-letter and sized codes as they appear in `dtype='f4'` or a `.npy` descr. */
const DTYPE_CODES: Record<string, DType> = {
  '?': 'bool', b1: 'bool', b: 'int8', B: 'uint8', i1: 'int8', u1: 'uint8', h: 'int16', H: 'uint16',
  i2: 'int16', u2: 'uint16', i: 'int32', I: 'uint32', i4: 'int32', u4: 'uint32', l: 'int64', L: 'uint64',
  q: 'int64', Q: 'uint64', i8: 'int64', u8: 'uint64', e: 'float16', f2: 'float16', f: 'float32',
  f4: 'float32', d: 'float64', f8: 'float64', g: 'float64',
};

/**
 * A dtype named by a library attribute (`np.float32`, `torch.long`, `tf.int32`) or a bare word
 * (`float32` as numpy's repr prints it; `float`, `int`, `bool` as Python builtins).
 */
export function dtypeOfName(lib: Lib, word: string): DType | undefined {
  if (lib === 'torch') return TORCH_DTYPE_WORDS[word];
  if (lib === 'builtin') {
    if (word === 'float') return 'float64';
    if (word === 'int') return 'int64';
    if (word === 'bool') return 'bool';
  }
  if (lib === 'math' || lib === 'js') return undefined;
  return Object.prototype.hasOwnProperty.call(DTYPE_WORDS, word) ? DTYPE_WORDS[word] : undefined;
}

/** A dtype written as a string: `'float32'`, `'f4'`, `'<i8'`, `'int'`, `'float'`, `'bool'`. */
export function dtypeOfString(s: string): DType | undefined {
  let t = s.trim();
  if (t === 'float') return 'float64';
  if (t === 'int') return 'int64';
  if (t === 'bool') return 'bool';
  const first = t.charAt(0);
  if (first === '<' || first === '>' || first === '=' || first === '|') t = t.slice(1);
  if (Object.prototype.hasOwnProperty.call(DTYPE_CODES, t)) return DTYPE_CODES[t];
  if (Object.prototype.hasOwnProperty.call(DTYPE_WORDS, t)) return DTYPE_WORDS[t];
  return undefined;
}

const ARRAY_LIB_CONSTANTS: Readonly<Record<string, number>> = {
  nan: NaN, NaN: NaN, NAN: NaN, inf: Infinity, Inf: Infinity, Infinity, infty: Infinity, PINF: Infinity, NINF: -Infinity,
  pi: Math.PI, e: Math.E, tau: 2 * Math.PI,
};

/** The float constants of each namespace (the reader knows none under tf). */
const CONSTANTS: Readonly<Record<Lib, Readonly<Record<string, number>>>> = {
  numpy: ARRAY_LIB_CONSTANTS, jax: ARRAY_LIB_CONSTANTS, torch: ARRAY_LIB_CONSTANTS, math: ARRAY_LIB_CONSTANTS,
  tf: {},
  js: {
    NaN: NaN, POSITIVE_INFINITY: Infinity, NEGATIVE_INFINITY: -Infinity, PI: Math.PI, E: Math.E,
    MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER, MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER,
  },
  // numpy's repr prints bare `nan` and `inf`; JavaScript has `NaN` and `Infinity`.
  builtin: { nan: NaN, NaN: NaN, inf: Infinity, Infinity },
};

/** Names whose value is a float constant, in every namespace that defines them. */
export function constantOf(lib: Lib, word: string): number | undefined {
  const table = CONSTANTS[lib];
  return Object.prototype.hasOwnProperty.call(table, word) ? table[word] : undefined;
}

/** JavaScript typed-array constructors and the dtype each holds. */
export const TYPED_ARRAYS: Readonly<Record<string, DType>> = {
  Int8Array: 'int8', Uint8Array: 'uint8', Uint8ClampedArray: 'uint8', Int16Array: 'int16',
  Uint16Array: 'uint16', Int32Array: 'int32', Uint32Array: 'uint32', Float16Array: 'float16',
  Float32Array: 'float32', Float64Array: 'float64', BigInt64Array: 'int64', BigUint64Array: 'uint64',
};

/** Whether `name` is a JavaScript typed-array constructor. */
export function isTypedArrayName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, name);
}

/** Functions that build an array from data, per library (first argument is the data). */
export const ARRAY_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'array', 'asarray', 'asanyarray', 'ascontiguousarray', 'tensor', 'as_tensor', 'constant',
  'convert_to_tensor', 'Variable', 'Tensor', 'FloatTensor', 'DoubleTensor', 'HalfTensor', 'LongTensor',
  'IntTensor', 'ShortTensor', 'CharTensor', 'ByteTensor', 'BoolTensor', 'tensor1d', 'tensor2d', 'tensor3d',
  'tensor4d', 'tensor5d', 'tensor6d',
]);

const GENERATOR_NAMES = ['arange', 'range', 'zeros', 'ones', 'full', 'fill', 'eye', 'identity', 'linspace'] as const;

/** A function that generates an array from a few scalar arguments. */
export type GeneratorName = (typeof GENERATOR_NAMES)[number];

/** Functions that generate an array from a few scalar arguments. */
export const GENERATORS: ReadonlySet<string> = new Set(GENERATOR_NAMES);

/** Whether `word` names a generator (in any library that has it). */
export function isGeneratorName(word: string): word is GeneratorName {
  return GENERATORS.has(word);
}

/** Methods and attributes the parser applies after a literal (`.reshape(...)`, `.T`, ...). */
export const METHODS: ReadonlySet<string> = new Set([
  'reshape', 'view', 'astype', 'T', 'transpose', 'to', 'type', 'float', 'double', 'half', 'int', 'long',
  'short', 'bool', 'byte', 'char', 'numpy', 'copy', 'clone', 'detach', 'cpu', 'contiguous', 'flatten',
  'ravel', 'squeeze', 'from', 'of',
]);

const OTHER_WORDS = new Set([
  'np', 'numpy', 'onp', 'jnp', 'jax', 'torch', 'tf', 'tensorflow', 'experimental', 'math', 'Number', 'Math',
  'True', 'False', 'true', 'false', 'new', 'dtype', 'float', 'int', 'bool', 'complex', 'None', 'null',
  'device', 'requires_grad', 'name', 'copy', 'order', 'shape', 'num', 'endpoint', 'steps', 'start', 'stop',
  'step', 'end', 'fill_value', 'value', 'data', 'k', 'M', 'N', 'num_rows', 'num_columns', 'dims', 'limit',
  'delta', 'object', 'like', 'pin_memory', 'verify_shape', 'axes', 'cuda', 'n', 'newshape', 'ndmin',
  ...Object.values(CONSTANTS).flatMap((table) => Object.keys(table)),
]);

/** Whether an identifier may appear inside an array literal this parser can read. */
export function isKnownIdentifier(word: string): boolean {
  return (
    OTHER_WORDS.has(word) ||
    Object.prototype.hasOwnProperty.call(DTYPE_WORDS, word) ||
    Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, word) ||
    ARRAY_CONSTRUCTORS.has(word) ||
    GENERATORS.has(word) ||
    METHODS.has(word)
  );
}
