/**
 * Array literals as people write them in Python, JavaScript/TypeScript and JSON, read without ever
 * executing anything: nested lists and tuples, `np.array(...)`/`torch.tensor(...)`/`tf.constant(...)`/
 * `jnp.array(...)` with `dtype=`, typed-array constructors, a few generators (`np.arange`, `zeros`, `ones`,
 * `full`, `eye`, `linspace`) and the `.reshape(...)`, `.astype(...)`, `.T` chain.
 *
 * Contracts:
 * - One left-to-right pass with a hand-written scanner: linear in the text, no regular expressions,
 *   recursion bounded (nesting deeper than 64 is refused).
 * - Every failure is an {@link ArrayParseError} whose `offset`/`length` cover the offending text.
 * - dtype when the text names none (documented choice, faithful to each library):
 *   numpy and plain Python lists: all bool -> bool, any float (incl. nan/inf) -> float64, else int64
 *   (uint64 if a value needs it, float64 beyond that, as numpy 2 does); torch: int64 / float32;
 *   `tf.constant` and `jnp`: int32 / float32; tfjs `tf.tensor*`: float32; JavaScript arrays and JSON:
 *   float64 for every number (JS has one number type); typed arrays: their own dtype. Empty -> float.
 * - An explicit dtype converts as numpy does: floats to ints truncate toward zero; NaN/inf to an int
 *   and integers out of the dtype's range are errors (numpy 2 refuses them too; `astype` would wrap
 *   silently, this reader reports instead); float32/float16 round to nearest.
 * - `maxElements` (default {@link DEFAULT_MAX_ELEMENTS}, at most {@link MAX_ELEMENTS_CEILING}) is checked
 *   before any generator allocates and while a literal is read, so a hover never builds a huge array; an
 *   allocation that fails anyway is an {@link ArrayParseError} with code `too-large`.
 *
 * This file reads the statement around the literal (an assignment target, TensorFlow's printout,
 * `as const`, `;`) and names its syntax; the literal itself is read by scanner.ts (characters),
 * lists.ts, expressions.ts, calls.ts, generators.ts, methods.ts, shapes.ts and dtypes.ts (see
 * src/io/README.md). Those call one another as the grammar nests (a list holds expressions, an
 * expression holds lists and calls); none of them runs anything at import time, so the import cycles
 * this makes are harmless.
 */
import type { DType, Tensor } from '../../core/tensor';
import { ArrayParseError } from '../errors';
import { isIdentPart, isIdentStart } from './chars';
import { castFlat, inferDType } from './dtypes';
import { parseExpr } from './expressions';
import { flatToTensor } from './flat';
import { isTypedArrayName, libOf } from './names';
import { Scanner } from './scanner';
import { notANumber, toArr } from './values';

/** The family of syntax a literal was recognised as. */
export type LiteralSyntax = 'numpy' | 'torch' | 'tf' | 'jax' | 'python-list' | 'js' | 'typed-array' | 'json';

export interface LiteralParseOptions {
  /**
   * Refuse (error code `too-large`) literals with more elements than this. Default
   * {@link DEFAULT_MAX_ELEMENTS}; NaN means the default; never more than {@link MAX_ELEMENTS_CEILING}.
   */
  maxElements?: number;
  /**
   * The VS Code language id of the text's document (`python`, `javascript`, `typescript`, `json`,
   * `jsonc`, ...). It decides how a bare list is read when the text itself does not say: Python lists
   * follow numpy (ints -> int64), JavaScript arrays and JSON hold float64. Without it, JavaScript cues
   * (`//` comments, `true`, `null`, `NaN`, `new`, `;`) select JavaScript, otherwise Python.
   */
  language?: string;
}

export interface ArrayLiteralInfo {
  tensor: Tensor;
  syntax: LiteralSyntax;
  /** The outermost call as written, e.g. `np.array`, `torch.tensor`, `new Float32Array`. */
  constructorName?: string;
  /** The variable or key the literal is assigned to (`x = ...`, `const x = ...`, `"x": ...`). */
  name?: string;
  /** True when the text fixed the dtype (`dtype=`, `.astype`, a typed array), false when inferred. */
  dtypeExplicit: boolean;
}

/** Default element cap: 16 Mi elements (128 MiB as float64). */
export const DEFAULT_MAX_ELEMENTS = 1 << 24;
/**
 * The largest `maxElements` honoured: 64 Mi elements. The reader holds 12 bytes an element while it reads
 * (float64 value and int32 text offset), so this bounds it near 800 MiB whatever limit a caller passes.
 */
export const MAX_ELEMENTS_CEILING = 2 ** 26;

/** Parses `text` as one array literal. See the module comment for what is understood. */
export function parseArrayLiteralInfo(text: string, options: LiteralParseOptions = {}): ArrayLiteralInfo {
  const max = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  // NaN would make every comparison false, i.e. no limit at all: it means the default.
  const maxElements = Number.isNaN(max) ? DEFAULT_MAX_ELEMENTS : Math.max(0, Math.min(MAX_ELEMENTS_CEILING, Math.floor(max)));
  const language = options.language?.toLowerCase();
  try {
    return parseTop(new Scanner(text, maxElements), language);
  } catch (e) {
    // Within the limits an allocation can still fail (a process short of memory): that is "too large" too.
    if (e instanceof RangeError && /allocation failed|invalid (typed )?array( buffer)? length/i.test(e.message)) {
      throw new ArrayParseError(`the literal needs more memory than this process can allocate (${e.message})`, 0, text.length, 'too-large', text);
    }
    throw e;
  }
}

/** Parses `text` as one array literal and returns its tensor. Throws {@link ArrayParseError}. */
export function parseArrayLiteral(text: string, options: LiteralParseOptions = {}): Tensor {
  return parseArrayLiteralInfo(text, options).tensor;
}

/**
 * A cheap upper-bound-ish count of the numbers in a plain literal (one pass, no allocation): how many
 * digit runs start outside a word. For a hover to decide whether to parse at all; generators such as
 * `np.zeros((1000, 1000))` are not expanded here (the parser checks them against `maxElements` before
 * allocating).
 */
export function estimateElementCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit && !inWord) n++;
    inWord = digit || isIdentPart(c) || c === 46;
  }
  return n;
}

/** The whole text: an optional assignment, the literal (possibly inside TensorFlow's printout), an optional trailer. */
function parseTop(sc: Scanner, language: string | undefined): ArrayLiteralInfo {
  let p = sc.skip(0);
  // Optional assignment: `x = `, `const x: number[][] = `, `"x": `.
  const assign = tryAssignment(sc, p);
  if (assign !== undefined) p = assign.next;
  if (p >= sc.len) sc.fail('there is no array here: select an array literal such as [[1, 2], [3, 4]]', 0, sc.len);
  const afterRepr = tfReprStart(sc, p);
  const tfRepr = afterRepr >= 0;
  if (tfRepr) p = afterRepr;
  const exprStart = sc.skip(p);
  sc.pos = p;
  const v = parseExpr(sc);
  checkTrailer(sc, sc.skip(sc.pos), tfRepr);
  if (v.k !== 'arr' && v.k !== 'num') notANumber(sc, v);
  const a = toArr(sc, v);
  // Which syntax: the outermost call, else the language, else cues in the text.
  const ctor = tfRepr ? { name: 'tf.Tensor', syntax: 'tf' as const } : ctorAt(sc.s, exprStart);
  const syntax = ctor !== undefined ? ctor.syntax : syntaxFromText(sc, language);
  const dtypeExplicit = sc.explicit;
  if (a.dtype === undefined) {
    const dt = inferDType(sc, a, syntax === 'js' || syntax === 'json' ? 'js-array' : 'python-list', v.start, v.end);
    castFlat(sc, a, dt, v.start, v.end);
  }
  const info: ArrayLiteralInfo = { tensor: flatToTensor(a, a.dtype as DType), syntax, dtypeExplicit };
  if (ctor !== undefined) info.constructorName = ctor.name;
  if (assign !== undefined) info.name = assign.name;
  return info;
}

/**
 * TensorFlow's repr, `<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>`:
 * the position after `numpy=`, or -1 when the text at `p` is not one.
 */
function tfReprStart(sc: Scanner, p: number): number {
  const s = sc.s;
  if (!s.startsWith('<tf.Tensor', p) && !s.startsWith('<tf.Variable', p)) return -1;
  const at = s.indexOf('numpy=', p);
  if (at < 0) sc.fail("this TensorFlow printout has no 'numpy=' part to read", p, Math.min(sc.len - p, 11), 'unsupported');
  return at + 6;
}

/** After the literal at `p` only `>` (closing a TensorFlow repr), `as const`/`satisfies T`, `;` and trivia may follow. */
function checkTrailer(sc: Scanner, p: number, tfRepr: boolean): void {
  const s = sc.s;
  if (tfRepr && s.charCodeAt(p) === 62) p = sc.skip(p + 1);
  if ((s.startsWith('as', p) || s.startsWith('satisfies', p)) && !isIdentPart(s.charCodeAt(p + (s.startsWith('as', p) && !s.startsWith('ass', p) ? 2 : 9)))) {
    // TypeScript `as const` / `satisfies T`: a type, not data.
    sc.jsCue = true;
    while (p < sc.len && s.charCodeAt(p) !== 59 && s.charCodeAt(p) !== 10) p++;
  }
  if (s.charCodeAt(p) === 59) {
    sc.jsCue = true;
    p = sc.skip(p + 1);
  }
  if (p < sc.len) {
    const c = s.charCodeAt(p);
    if (c === 93 || c === 41 || c === 125) sc.fail(`'${s.charAt(p)}' has no matching opening bracket`, p, 1, 'unbalanced');
    sc.fail(`unexpected text after the array literal: ${sc.describeAt(p)}`, p, sc.len - p);
  }
}

/** The syntax of a literal no constructor names: numpy's print layout, else the language, else the cues seen. */
function syntaxFromText(sc: Scanner, lang: string | undefined): LiteralSyntax {
  if (sc.printed) return 'numpy';
  if (lang === 'json' || lang === 'jsonc') return 'json';
  if (lang !== undefined && /^(javascript|typescript|javascriptreact|typescriptreact|js|ts)$/.test(lang)) return 'js';
  if (lang === 'python' || lang === 'jupyter' || lang === 'ipynb') return 'python-list';
  return sc.jsCue && !sc.pyCue ? 'js' : 'python-list';
}

/** The outermost constructor name at `p`, and the syntax it implies. */
function ctorAt(s: string, p: number): { name: string; syntax: LiteralSyntax } | undefined {
  if (!isIdentStart(s.charCodeAt(p))) return undefined;
  let q = p;
  while (isIdentPart(s.charCodeAt(q)) || s.charCodeAt(q) === 46 || s.charCodeAt(q) === 32) {
    if (s.charCodeAt(q) === 32 && s.slice(p, q) !== 'new') break;
    q++;
  }
  const name = s.slice(p, q).trim();
  const parts = name.replace(/^new\s*/, '').split('.');
  const head = parts[0] ?? '';
  if (isTypedArrayName(head)) return { name, syntax: 'typed-array' };
  const ns = parts.slice(0, -1).join('.');
  const word = parts[parts.length - 1] ?? '';
  const lib = libOf(ns);
  switch (lib) {
    case 'numpy': return { name, syntax: 'numpy' };
    case 'torch': return { name, syntax: 'torch' };
    case 'tf': return { name, syntax: 'tf' };
    case 'jax': return { name, syntax: 'jax' };
    case 'builtin':
      if (word === 'array') return { name, syntax: 'numpy' };
      if (word === 'tensor') return { name, syntax: 'torch' };
      return undefined;
    default: return undefined;
  }
}

/** `x = `, `const x: T = `, `export let x = `, `self.x = ` or a JSON key `"x": ` at `p0`: the name and where the value starts. */
function tryAssignment(sc: Scanner, p0: number): { name: string; next: number } | undefined {
  const s = sc.s;
  let p = p0;
  const c = s.charCodeAt(p);
  if (c === 34 || c === 39) return jsonKey(sc, p, c);
  if (!isIdentStart(c)) return undefined;
  let e = sc.identEnd(p);
  const first = s.slice(p, e);
  if (first === 'const' || first === 'let' || first === 'var' || first === 'export') {
    if (first === 'export') {
      p = sc.skip(e);
      e = sc.identEnd(p);
      const word = s.slice(p, e);
      if (word !== 'const' && word !== 'let' && word !== 'var') return undefined;
    }
    p = sc.skip(e);
    if (!isIdentStart(s.charCodeAt(p))) return undefined;
    e = sc.identEnd(p);
  }
  // Dotted targets such as self.x
  while (s.charCodeAt(e) === 46 && isIdentStart(s.charCodeAt(e + 1))) e = sc.identEnd(e + 1);
  const target = s.slice(p, e);
  let q = sc.skip(e);
  if (s.charCodeAt(q) === 58) {
    q = annotationEnd(sc, q);
    if (q < 0) return undefined;
  }
  if (s.charCodeAt(q) !== 61 || s.charCodeAt(q + 1) === 61 || s.charCodeAt(q + 1) === 62) return undefined;
  return { name: target, next: q + 1 };
}

/** A JSON key quoted with `quote` at `p`, followed by `:` (keys longer than 200 characters are not names). */
function jsonKey(sc: Scanner, p: number, quote: number): { name: string; next: number } | undefined {
  const s = sc.s;
  const close = s.indexOf(String.fromCharCode(quote), p + 1);
  if (close < 0 || close - p > 200) return undefined;
  const q = sc.skip(close + 1);
  if (s.charCodeAt(q) !== 58) return undefined;
  return { name: s.slice(p + 1, close), next: q + 1 };
}

/**
 * A type annotation starting with the `:` at `colon`: the position of the `=` after it (not `==` or
 * `=>`) within one statement and 300 characters, or -1.
 */
function annotationEnd(sc: Scanner, colon: number): number {
  const s = sc.s;
  const stop = Math.min(sc.len, colon + 300);
  let r = colon + 1;
  while (r < stop) {
    const d = s.charCodeAt(r);
    if (d === 61 && s.charCodeAt(r + 1) !== 61 && s.charCodeAt(r + 1) !== 62 && s.charCodeAt(r - 1) !== 61) break;
    if (d === 10 || d === 59) return -1;
    r++;
  }
  if (r >= stop) return -1;
  return r;
}
