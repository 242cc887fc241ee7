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
 */
import type { DType, Tensor } from '../../core/tensor';
import { ArrayParseError, lineColumn, type ArrayParseErrorCode } from '../errors';
import { roundToHalf } from '../half';
import { Flat, flatToTensor } from './flat';
import {
  ARRAY_CONSTRUCTORS, GENERATORS, TYPED_ARRAYS, constantOf, defaultDTypes, dtypeOfName, dtypeOfString,
  libOf, type Lib,
} from './names';

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
/** numpy's own limit on the number of dimensions. */
const MAX_DEPTH = 64;
/** Bound on expression nesting outside lists (parentheses, calls, unary signs). */
const MAX_EXPR_DEPTH = 128;

type Kind = 'int' | 'float' | 'bool';
type Value =
  | { k: 'num'; v: number; big: bigint | undefined; t: Kind; start: number; end: number }
  | { k: 'arr'; a: Flat; start: number; end: number }
  | { k: 'str'; v: string; start: number; end: number }
  | { k: 'dtype'; d: DType; start: number; end: number }
  | { k: 'none'; start: number; end: number };

interface Args {
  pos: Value[];
  kw: Map<string, Value>;
  kwStart: Map<string, number>;
  start: number;
  end: number;
}

/** Shape bookkeeping for one bracketed literal while it is read. */
interface ListState {
  /** Length every list at each depth must have, -1 until the first list at that depth closes. */
  dims: number[];
  /** Depth at which numbers sit (the list at depth d holds elements at depth d + 1); -1 unknown. */
  leaf: number;
  /** Index of each open list within its parent, for error messages. */
  path: number[];
}

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i);

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
};
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses `text` as one array literal. See the module comment for what is understood. */
export function parseArrayLiteralInfo(text: string, options: LiteralParseOptions = {}): ArrayLiteralInfo {
  try {
    return new Parser(text, options).parseTop();
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

class Parser {
  private readonly s: string;
  private readonly len: number;
  private pos = 0;
  private readonly maxElements: number;
  private readonly language: string | undefined;
  private pyCue = false;
  private jsCue = false;
  private exprDepth = 0;
  /** Set when the text names a dtype (dtype=, astype, a typed array, torch.LongTensor, .float()). */
  private explicit = false;
  // Result of the last scanNumber.
  private nv = 0;
  private nInt = true;
  private nBig: bigint | undefined;

  constructor(text: string, options: LiteralParseOptions) {
    this.s = text;
    this.len = text.length;
    const max = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
    // NaN would make every comparison false, i.e. no limit at all: it means the default.
    this.maxElements = Number.isNaN(max) ? DEFAULT_MAX_ELEMENTS : Math.max(0, Math.min(MAX_ELEMENTS_CEILING, Math.floor(max)));
    this.language = options.language?.toLowerCase();
  }

  // ---------------------------------------------------------------- errors

  private fail(msg: string, offset: number, length: number, code: ArrayParseErrorCode = 'syntax'): never {
    const off = Math.max(0, Math.min(offset, this.len));
    const len = Math.max(0, Math.min(length, this.len - off));
    throw new ArrayParseError(msg, off, len, code, this.s);
  }

  private describeAt(p: number): string {
    if (p >= this.len) return 'the end of the text';
    const c = this.s.charAt(p);
    if (c === '\n' || c === '\r') return 'a line break';
    return `'${c}'`;
  }

  // ---------------------------------------------------------------- trivia

  /** Skips whitespace, `#`, `//` and block comments and backslash line continuations. */
  private skip(p: number): number {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff) {
        p++;
      } else if (c === 35) {
        this.pyCue = true;
        while (p < this.len && s.charCodeAt(p) !== 10 && s.charCodeAt(p) !== 13) p++;
      } else if (c === 47) {
        const d = s.charCodeAt(p + 1);
        if (d === 47) {
          this.jsCue = true;
          while (p < this.len && s.charCodeAt(p) !== 10 && s.charCodeAt(p) !== 13) p++;
        } else if (d === 42) {
          this.jsCue = true;
          const close = s.indexOf('*/', p + 2);
          if (close < 0) this.fail('this /* comment is never closed: add */', p, 2, 'unbalanced');
          p = close + 2;
        } else return p;
      } else if (c === 92 && (s.charCodeAt(p + 1) === 10 || s.charCodeAt(p + 1) === 13)) {
        p += 2;
      } else return p;
    }
  }

  // ---------------------------------------------------------------- numbers

  /**
   * Scans an unsigned number at `p0` (a digit or `.` followed by a digit). Sets nv/nInt/nBig and
   * returns the end. Fast path: up to 15 significant digits and a decimal exponent within +-22 are
   * exact in one IEEE operation (Clinger); anything longer goes through `Number()` on the digits.
   */
  private scanNumber(p0: number): number {
    const s = this.s;
    let p = p0;
    this.nBig = undefined;
    if (s.charCodeAt(p) === 48) {
      const x = s.charCodeAt(p + 1) | 0x20;
      if (x === 120) return this.scanRadix(p0, 16);
      if (x === 111) return this.scanRadix(p0, 8);
      if (x === 98) return this.scanRadix(p0, 2);
    }
    let mant = 0;
    let sig = 0;
    let scale = 0;
    let isInt = true;
    let underscore = false;
    let any = false;
    let c = s.charCodeAt(p);
    while (true) {
      if (c >= 48 && c <= 57) {
        any = true;
        if (mant !== 0 || c !== 48) {
          if (sig < 16) mant = mant * 10 + (c - 48);
          else scale++;
          sig++;
        }
      } else if (c === 95 && isDigit(s.charCodeAt(p + 1)) && any) {
        underscore = true;
      } else break;
      c = s.charCodeAt(++p);
    }
    if (c === 46) {
      isInt = false;
      c = s.charCodeAt(++p);
      while (true) {
        if (c >= 48 && c <= 57) {
          any = true;
          if (mant !== 0 || c !== 48) {
            if (sig < 16) {
              mant = mant * 10 + (c - 48);
              scale--;
            }
            sig++;
          } else scale--;
        } else if (c === 95 && isDigit(s.charCodeAt(p + 1))) {
          underscore = true;
        } else break;
        c = s.charCodeAt(++p);
      }
    }
    if (!any) this.fail('expected a number here', p0, p - p0 + 1);
    let exp = 0;
    if (c === 101 || c === 69) {
      isInt = false;
      let q = p + 1;
      let neg = false;
      let d = s.charCodeAt(q);
      if (d === 43 || d === 45) {
        neg = d === 45;
        d = s.charCodeAt(++q);
      }
      if (!isDigit(d)) this.fail('this number has an exponent with no digits (write e.g. 1e-3)', p0, q - p0 + 1);
      while (isDigit(d) || (d === 95 && isDigit(s.charCodeAt(q + 1)))) {
        if (d !== 95 && exp < 100000) exp = exp * 10 + (d - 48);
        d = s.charCodeAt(++q);
      }
      if (neg) exp = -exp;
      p = q;
      c = d;
    }
    if (c === 106 || c === 74) {
      this.fail('complex numbers are not supported: pooling needs real values', p0, p - p0 + 1, 'unsupported');
    }
    if (c === 110 && isInt) {
      // JavaScript BigInt literal, e.g. 10n in a BigInt64Array.
      this.jsCue = true;
      this.nInt = true;
      this.setBig(BigInt(this.digitsOf(p0, p, underscore)));
      return this.checkAfterNumber(p0, p + 1);
    }
    this.nInt = isInt;
    if (sig <= 15) {
      const e10 = scale + exp;
      if (e10 === 0) this.nv = mant;
      else if (e10 < 0 && e10 >= -22) this.nv = mant / (POW10[-e10] as number);
      else if (e10 > 0 && e10 <= 22) this.nv = mant * (POW10[e10] as number);
      else this.nv = Number(this.digitsOf(p0, p, underscore));
    } else if (isInt) {
      this.setBig(BigInt(this.digitsOf(p0, p, underscore)));
    } else {
      this.nv = Number(this.digitsOf(p0, p, underscore));
    }
    return this.checkAfterNumber(p0, p);
  }

  private setBig(b: bigint): void {
    this.nv = Number(b);
    this.nBig = Number.isSafeInteger(this.nv) ? undefined : b;
  }

  private digitsOf(a: number, b: number, underscore: boolean): string {
    const t = this.s.slice(a, b);
    return underscore ? t.split('_').join('') : t;
  }

  private scanRadix(p0: number, radix: 16 | 8 | 2): number {
    const s = this.s;
    let p = p0 + 2;
    let any = false;
    let underscore = false;
    for (;;) {
      const c = s.charCodeAt(p);
      const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : c === 95 ? -2 : -1;
      if (v === -2) {
        underscore = true;
      } else if (v < 0 || v >= radix) break;
      else any = true;
      p++;
    }
    if (!any) this.fail(`expected ${radix === 16 ? 'hex' : radix === 8 ? 'octal' : 'binary'} digits after '${this.s.slice(p0, p0 + 2)}'`, p0, p - p0);
    this.nInt = true;
    this.setBig(BigInt(this.digitsOf(p0, p, underscore)));
    if (this.s.charCodeAt(p) === 110) p++;
    return this.checkAfterNumber(p0, p);
  }

  private checkAfterNumber(p0: number, p: number): number {
    const c = this.s.charCodeAt(p);
    if (isIdentPart(c) || c === 46) {
      let q = p;
      while (isIdentPart(this.s.charCodeAt(q)) || this.s.charCodeAt(q) === 46) q++;
      this.fail(`'${this.s.slice(p0, q)}' is not a number this reader understands`, p0, q - p0);
    }
    return p;
  }

  // ---------------------------------------------------------------- lists

  private push(b: Flat, v: number, start: number): void {
    if (b.n === b.vals.length) this.grow(b, start);
    b.vals[b.n] = v;
    b.starts[b.n] = start;
    b.n++;
  }

  private grow(b: Flat, start: number): void {
    if (b.n >= this.maxElements) {
      this.fail(`the literal has more than ${this.maxElements} elements, the limit for this view`, start, 1, 'too-large');
    }
    b.reserve(Math.min(Math.max(b.n * 2, 16), Math.max(this.maxElements, 1)));
  }

  private checkLimit(n: number, start: number, end: number): void {
    if (!(n <= this.maxElements)) {
      this.fail(`this would make ${n} elements, more than the limit of ${this.maxElements}`, start, end - start, 'too-large');
    }
  }

  /** A number (scalar) arrives as an element at depth `elemDepth`. */
  private leafHere(st: ListState, elemDepth: number, start: number, end: number): void {
    if (st.leaf === elemDepth) return;
    if (st.leaf === -1) {
      // A number may not sit above lists seen earlier at a deeper level.
      if (st.dims.length > elemDepth && st.dims[elemDepth] !== undefined && (st.dims[elemDepth] as number) >= 0) {
        this.fail('found a number where a list is expected: the elements before it are lists (ragged nesting)', start, end - start, 'ragged');
      }
      st.leaf = elemDepth;
      return;
    }
    this.fail('found a number where a list is expected: the elements before it are lists (ragged nesting)', start, end - start, 'ragged');
  }

  /** A list closes at `depth` with `count` elements; compare with the lists before it at that depth. */
  private listClosed(st: ListState, depth: number, count: number, start: number, end: number): void {
    while (st.dims.length <= depth) st.dims.push(-1);
    const want = st.dims[depth] as number;
    if (want === -1) {
      st.dims[depth] = count;
      return;
    }
    if (want === count) return;
    const plural = (n: number): string => `${n} element${n === 1 ? '' : 's'}`;
    if (depth === 1) {
      const row = (st.path[1] ?? 0) + 1;
      this.fail(`row ${row} has ${plural(count)}, rows above have ${want}`, start, end - start, 'ragged');
    }
    const where = st.path.slice(1, depth + 1).map((i) => `[${i}]`).join('');
    this.fail(`the list at ${where} has ${plural(count)}, the lists before it at the same depth have ${want}`, start, end - start, 'ragged');
  }

  /** Reads the elements of a list opened at `open` until `close`; elements sit at `depth + 1`. */
  private parseList(b: Flat, st: ListState, depth: number, open: number, close: number, first: number, count0: number): number {
    if (depth >= MAX_DEPTH) this.fail(`nesting is deeper than ${MAX_DEPTH} levels`, open, 1, 'too-large');
    const s = this.s;
    const elemDepth = depth + 1;
    let count = count0;
    let p = first;
    // Separators: commas, or whitespace alone as numpy's print() writes `[[1. 2.]\n [3. 4.]]`;
    // one list may not mix them.
    let commas = count0 > 0;
    let spaces = false;
    if (st.leaf === elemDepth || st.leaf === -1) {
      p = this.fastRow(b, st, elemDepth, p, close);
      count += this.fastCount;
      if (this.fastClosed) {
        this.listClosed(st, depth, count, open, p);
        return p;
      }
      if (this.fastCount > 0) commas = true;
    }
    for (;;) {
      p = this.skip(p);
      let c = s.charCodeAt(p);
      if (c === close) {
        p++;
        break;
      }
      const el = p;
      if (c === 91) {
        if (st.leaf !== -1 && st.leaf <= elemDepth) {
          this.fail('found a list where a number is expected: the elements before it are numbers (ragged nesting)', el, this.bracketExtent(el), 'ragged');
        }
        st.path[elemDepth] = count;
        p = this.parseList(b, st, elemDepth, p, 93, p + 1, 0);
      } else if ((c >= 48 && c <= 57) || (c === 46 && isDigit(s.charCodeAt(p + 1)))) {
        p = this.scanNumber(p);
        if (st.leaf !== elemDepth) this.leafHere(st, elemDepth, el, p);
        this.pushNum(b, el);
      } else if (c === 45 && (isDigit(s.charCodeAt(p + 1)) || (s.charCodeAt(p + 1) === 46 && isDigit(s.charCodeAt(p + 2))))) {
        p = this.scanNumber(p + 1);
        if (st.leaf !== elemDepth) this.leafHere(st, elemDepth, el, p);
        this.nv = -this.nv;
        if (this.nBig !== undefined) this.nBig = -this.nBig;
        this.pushNum(b, el);
      } else {
        if (p >= this.len) this.unclosed(open);
        if (c === 44) this.fail('missing element: two commas in a row (or a comma right after the opening bracket)', p, 1);
        if (c === 93 || c === 41 || c === 125) this.wrongCloser(open, close, p);
        this.pos = p;
        const v = this.parseExpr();
        p = this.pos;
        st.path[elemDepth] = count;
        this.pushValue(b, st, elemDepth, v);
      }
      count++;
      const afterElement = p;
      p = this.skip(p);
      c = s.charCodeAt(p);
      if (c === 44) {
        if (spaces) this.fail("a comma in a list whose elements are separated by spaces: use one or the other", p, 1);
        commas = true;
        p++;
        continue;
      }
      if (c === close) {
        p++;
        break;
      }
      if (p >= this.len) this.unclosed(open);
      if (c === 93 || c === 41 || c === 125) this.wrongCloser(open, close, p);
      if (!commas && p > afterElement && close === 93 && startsElement(c, s.charCodeAt(p + 1))) {
        spaces = true;
        this.printed = true;
        continue;
      }
      this.fail(`expected ',' or '${String.fromCharCode(close)}' after this element, found ${this.describeAt(p)}`, p, 1);
    }
    this.listClosed(st, depth, count, open, p);
    return p;
  }

  private fastCount = 0;
  /** Set when a list used numpy's print() layout (space-separated elements). */
  private printed = false;
  private fastClosed = false;

  /**
   * The hot path for rows of plain numbers (`-12`, `3.25`, separated by `, ` and newlines): a tight loop
   * with local state. It stops before the first element it cannot read exactly by itself (exponents,
   * underscores, names, comments, more than 15 digits) and leaves it to the general loop; an element
   * whose separator is unusual is undone and left too. Sets fastCount and fastClosed.
   */
  private fastRow(b: Flat, st: ListState, elemDepth: number, p: number, close: number): number {
    const s = this.s;
    let vals = b.vals;
    let starts = b.starts;
    let n = b.n;
    let count = 0;
    let sawInt = false;
    let sawFloat = false;
    this.fastClosed = false;
    for (;;) {
      let c = s.charCodeAt(p);
      while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p);
      const el = p;
      let neg = false;
      if (c === 45) {
        neg = true;
        c = s.charCodeAt(++p);
      }
      if (c < 48 || c > 57) {
        p = el;
        break;
      }
      let m = 0;
      let digits = 0;
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
        c = s.charCodeAt(++p);
      }
      let scale = 0;
      if (c === 46) {
        c = s.charCodeAt(++p);
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          digits++;
          scale++;
          c = s.charCodeAt(++p);
        }
        if (scale === 0) scale = -1; // `1.` : a float with no fraction digits
      }
      if (digits > 15 || isIdentPart(c) || c === 46) {
        p = el;
        break;
      }
      let v = scale <= 0 ? m : m / (POW10[scale] as number);
      if (neg) v = -v;
      const end = p;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++p);
      if (c !== 44 && c !== close) {
        p = el;
        break;
      }
      if (count === 0 && st.leaf !== elemDepth) this.leafHere(st, elemDepth, el, end);
      if (n === vals.length) {
        b.n = n;
        this.grow(b, el);
        vals = b.vals;
        starts = b.starts;
      }
      vals[n] = v;
      starts[n] = el;
      n++;
      count++;
      if (scale === 0) sawInt = true;
      else sawFloat = true;
      p++;
      if (c === close) {
        this.fastClosed = true;
        break;
      }
    }
    b.n = n;
    if (sawInt) b.hasInt = true;
    if (sawFloat) b.hasFloat = true;
    this.fastCount = count;
    return p;
  }

  private pushNum(b: Flat, start: number): void {
    if (this.nInt) b.hasInt = true;
    else b.hasFloat = true;
    if (this.nBig !== undefined) (b.bigs ??= new Map()).set(b.n, this.nBig);
    this.push(b, this.nv, start);
  }

  private unclosed(open: number): never {
    const c = this.s.charAt(open);
    this.fail(`this '${c}' is never closed: add '${c === '[' ? ']' : c === '(' ? ')' : '}'}'`, open, 1, 'unbalanced');
  }

  private wrongCloser(open: number, close: number, at: number): never {
    const o = this.s.charAt(open);
    const { line, column } = lineColumn(this.s, open);
    this.fail(`'${this.s.charAt(at)}' does not match the '${o}' opened at line ${line}, column ${column}: expected '${String.fromCharCode(close)}'`, at, 1, 'unbalanced');
  }

  /** Length of the bracketed text starting at `p`, for underlining (a cheap bounded scan). */
  private bracketExtent(p: number): number {
    let depth = 0;
    const stop = Math.min(this.len, p + 100000);
    for (let q = p; q < stop; q++) {
      const c = this.s.charCodeAt(q);
      if (c === 91 || c === 40 || c === 123) depth++;
      else if (c === 93 || c === 41 || c === 125) {
        depth--;
        if (depth === 0) return q - p + 1;
      }
    }
    return 1;
  }

  /** Adds an already evaluated value as one element at `elemDepth` of the list being read. */
  private pushValue(b: Flat, st: ListState, elemDepth: number, v: Value): void {
    if (v.k === 'num') {
      this.leafHere(st, elemDepth, v.start, v.end);
      if (v.t === 'bool') b.hasBool = true;
      else if (v.t === 'int') b.hasInt = true;
      else b.hasFloat = true;
      if (v.big !== undefined) (b.bigs ??= new Map()).set(b.n, v.big);
      this.push(b, v.v, v.start);
      return;
    }
    if (v.k !== 'arr') this.notANumber(v);
    const a = v.a;
    const nd = a.shape.length;
    if (nd === 0) {
      this.leafHere(st, elemDepth, v.start, v.end);
    } else {
      if (st.leaf !== -1 && st.leaf !== elemDepth + nd) {
        this.fail(
          st.leaf <= elemDepth
            ? 'found an array where a number is expected: the elements before it are numbers (ragged nesting)'
            : `this array has ${nd} dimension${nd === 1 ? '' : 's'}, its siblings have ${st.leaf - elemDepth}`,
          v.start, v.end - v.start, 'ragged');
      }
      st.leaf = elemDepth + nd;
      for (let i = 0; i < nd; i++) this.listClosed(st, elemDepth + i, a.shape[i] as number, v.start, v.end);
    }
    if (b.n + a.n > this.maxElements) this.checkLimit(b.n + a.n, v.start, v.end);
    b.append(a);
  }

  private notANumber(v: Value): never {
    const what = v.k === 'str' ? 'a string' : v.k === 'dtype' ? 'a dtype' : v.k === 'none' ? 'None/null' : 'this';
    this.fail(`${what} cannot be an array element: only numbers and booleans can`, v.start, v.end - v.start, 'unsupported');
  }

  /** Reads a list literal at `open` ('[') into a new array value. */
  private listValue(open: number, close: number): Value {
    const b = new Flat();
    const st: ListState = { dims: [], leaf: -1, path: [0] };
    const end = this.parseList(b, st, 0, open, close, open + 1, 0);
    b.shape = shapeOf(st);
    this.pos = end;
    return { k: 'arr', a: b, start: open, end };
  }

  // ---------------------------------------------------------------- expressions

  /** expr := ('-' | '+')* postfix */
  private parseExpr(): Value {
    if (++this.exprDepth > MAX_EXPR_DEPTH) this.fail(`expression nesting is deeper than ${MAX_EXPR_DEPTH} levels`, this.pos, 1, 'too-large');
    const s = this.s;
    let p = this.skip(this.pos);
    const start = p;
    let neg = false;
    let signs = false;
    while (s.charCodeAt(p) === 45 || s.charCodeAt(p) === 43) {
      if (s.charCodeAt(p) === 45) neg = !neg;
      signs = true;
      p = this.skip(p + 1);
    }
    this.pos = p;
    let v = this.parsePostfix();
    if (signs) v = this.negateIf(v, neg, start);
    this.exprDepth--;
    return v;
  }

  private negateIf(v: Value, neg: boolean, start: number): Value {
    if (v.k === 'num') {
      if (v.t === 'bool') v = { ...v, t: 'int' };
      return neg ? { ...v, v: -v.v, big: v.big === undefined ? undefined : -v.big, start } : { ...v, start };
    }
    if (v.k === 'arr') {
      if (neg) {
        const a = v.a;
        for (let i = 0; i < a.n; i++) a.vals[i] = -(a.vals[i] as number);
        if (a.bigs) for (const [i, b] of a.bigs) a.bigs.set(i, -b);
        if (a.dtype === 'bool' || (a.dtype === undefined && a.hasBool && !a.hasInt && !a.hasFloat)) {
          this.fail('cannot negate a boolean array', start, v.end - start, 'unsupported');
        }
        if (a.dtype !== undefined && a.dtype.startsWith('uint')) this.castFlat(a, a.dtype, start, v.end);
      }
      return { ...v, start };
    }
    return this.fail('a sign can only come before a number or an array', start, v.end - start, 'syntax');
  }

  /** postfix := primary ('.' name [args])* */
  private parsePostfix(): Value {
    let v = this.parsePrimary();
    for (;;) {
      const p = this.skip(this.pos);
      if (this.s.charCodeAt(p) !== 46 || !isIdentStart(this.s.charCodeAt(this.skip(p + 1)))) {
        this.pos = v.end;
        return v;
      }
      const nameStart = this.skip(p + 1);
      const nameEnd = this.identEnd(nameStart);
      const name = this.s.slice(nameStart, nameEnd);
      let q = this.skip(nameEnd);
      let args: Args | undefined;
      if (this.s.charCodeAt(q) === 40) {
        args = this.parseArgs(q);
        q = args.end;
      } else q = nameEnd;
      v = this.applyMethod(v, name, nameStart, nameEnd, args, q);
      this.pos = q;
    }
  }

  private identEnd(p: number): number {
    while (isIdentPart(this.s.charCodeAt(p))) p++;
    return p;
  }

  private parsePrimary(): Value {
    const s = this.s;
    const p = this.skip(this.pos);
    const c = s.charCodeAt(p);
    if (c === 91) return this.listValue(p, 93);
    if (c === 40) return this.parenValue(p);
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(p + 1)))) {
      const end = this.scanNumber(p);
      this.pos = end;
      return { k: 'num', v: this.nv, big: this.nBig, t: this.nInt ? 'int' : 'float', start: p, end };
    }
    if (c === 39 || c === 34 || c === 96) return this.stringValue(p);
    if (isIdentStart(c)) return this.nameValue(p);
    if (c === 123) this.fail('an object or dict is not an array: select the array inside it', p, this.bracketExtent(p) || 1, 'unsupported');
    if (p >= this.len) this.fail('expected an array literal, found the end of the text', p, 0);
    if (s.startsWith('...', p) || s.charCodeAt(p) === 0x2026) {
      this.fail("this is numpy's abbreviated printout ('...'): the elements in between are missing. Print the full array with np.set_printoptions(threshold=sys.maxsize), or save it with np.save and open the .npy", p, s.charCodeAt(p) === 0x2026 ? 1 : 3, 'unsupported');
    }
    if (c === 93 || c === 41 || c === 125) this.fail(`'${s.charAt(p)}' has no matching opening bracket`, p, 1, 'unbalanced');
    return this.fail(`expected a number, a list or an array constructor, found ${this.describeAt(p)}`, p, 1);
  }

  /** `( ... )`: a parenthesised expression, or a tuple when a comma appears (or `()`). */
  private parenValue(open: number): Value {
    const s = this.s;
    let p = this.skip(open + 1);
    if (s.charCodeAt(p) === 41) {
      this.pos = p + 1;
      const f = new Flat(1);
      f.shape = [0];
      return { k: 'arr', a: f, start: open, end: p + 1 };
    }
    this.pos = p;
    const first = this.parseExpr();
    p = this.skip(this.pos);
    const c = s.charCodeAt(p);
    if (c === 41) {
      this.pos = p + 1;
      return { ...first, start: open, end: p + 1 };
    }
    if (c !== 44) {
      if (p >= this.len) this.unclosed(open);
      this.fail(`expected ',' or ')' here, found ${this.describeAt(p)}`, p, 1);
    }
    this.pyCue = true;
    const b = new Flat();
    const st: ListState = { dims: [], leaf: -1, path: [0, 0] };
    this.pushValue(b, st, 1, first);
    const end = this.parseList(b, st, 0, open, 41, p + 1, 1);
    b.shape = shapeOf(st);
    this.pos = end;
    return { k: 'arr', a: b, start: open, end };
  }

  private stringValue(open: number): Value {
    const s = this.s;
    const q = s.charCodeAt(open);
    let p = open + 1;
    let out = '';
    let from = p;
    for (;;) {
      if (p >= this.len) this.fail('this string is never closed', open, 1, 'unbalanced');
      const c = s.charCodeAt(p);
      if (c === q) break;
      if (c === 10 && q !== 96) this.fail('this string is never closed on its line', open, p - open, 'unbalanced');
      if (c === 92) {
        out += s.slice(from, p) + s.charAt(p + 1);
        p += 2;
        from = p;
        continue;
      }
      p++;
    }
    out += s.slice(from, p);
    this.pos = p + 1;
    return { k: 'str', v: out, start: open, end: p + 1 };
  }

  /** A dotted name: a constant, a dtype, or a call (`np.array(...)`, `new Float32Array(...)`). */
  private nameValue(start: number): Value {
    const s = this.s;
    let p = start;
    let isNew = false;
    let nameStart = start;
    let end = this.identEnd(p);
    if (s.slice(start, end) === 'new') {
      this.jsCue = true;
      isNew = true;
      nameStart = this.skip(end);
      if (!isIdentStart(s.charCodeAt(nameStart))) this.fail("expected a constructor name after 'new'", start, end - start);
      end = this.identEnd(nameStart);
    }
    // Extend over `.ident` segments while they are namespaces (np.random is not; stop at methods).
    const parts = [s.slice(nameStart, end)];
    p = end;
    for (;;) {
      const dot = this.skip(p);
      if (s.charCodeAt(dot) !== 46) break;
      const q = this.skip(dot + 1);
      if (!isIdentStart(s.charCodeAt(q))) break;
      const prefix = parts.join('.');
      if (libOf(prefix) === undefined && !(prefix === 'jax' || prefix === 'tf.experimental')) {
        if (!isTypedArrayName(prefix)) break;
      }
      const qe = this.identEnd(q);
      const word = s.slice(q, qe);
      if (isTypedArrayName(prefix) && word !== 'from' && word !== 'of') break;
      parts.push(word);
      end = qe;
      p = qe;
    }
    const after = this.skip(end);
    const word = parts[parts.length - 1] as string;
    const ns = parts.slice(0, -1).join('.');
    const full = parts.join('.');
    if (s.charCodeAt(after) === 40) {
      const args = this.parseArgs(after);
      this.pos = args.end;
      return this.call(isNew, ns, word, full, args, start);
    }
    if (isNew) this.fail(`expected '(' after 'new ${full}'`, start, end - start);
    this.pos = end;
    return this.constant(ns, word, full, start, end);
  }

  private constant(ns: string, word: string, full: string, start: number, end: number): Value {
    const lib = libOf(ns);
    if (lib !== undefined) {
      if (lib === 'builtin') {
        if (word === 'True' || word === 'False') {
          this.pyCue = true;
          return { k: 'num', v: word === 'True' ? 1 : 0, big: undefined, t: 'bool', start, end };
        }
        if (word === 'true' || word === 'false') {
          this.jsCue = true;
          return { k: 'num', v: word === 'true' ? 1 : 0, big: undefined, t: 'bool', start, end };
        }
        if (word === 'None') {
          this.pyCue = true;
          return { k: 'none', start, end };
        }
        if (word === 'null' || word === 'undefined') {
          this.jsCue = true;
          return { k: 'none', start, end };
        }
        if (word === 'NaN' || word === 'Infinity') this.jsCue = true;
      }
      const c = constantOf(lib, word);
      if (c !== undefined) return { k: 'num', v: c, big: undefined, t: 'float', start, end };
      const d = dtypeOfName(lib, word);
      if (d !== undefined) return { k: 'dtype', d, start, end };
      if (word === 'complex64' || word === 'complex128' || word === 'complex' || word === 'cfloat' || word === 'cdouble') {
        this.fail(`'${full}': complex dtypes are not supported, pooling needs real values`, start, end - start, 'unsupported');
      }
      if (word === 'bfloat16') this.fail(`'${full}' is not supported: use float32 or float16`, start, end - start, 'unsupported');
    }
    return this.fail(`unknown name '${full}': a literal can only use numbers and known constants such as np.nan, inf, True (variables are never evaluated)`, start, end - start, 'unknown-name');
  }

  private parseArgs(open: number): Args {
    const s = this.s;
    const args: Args = { pos: [], kw: new Map(), kwStart: new Map(), start: open, end: open };
    let p = open + 1;
    for (;;) {
      p = this.skip(p);
      let c = s.charCodeAt(p);
      if (c === 41) {
        p++;
        break;
      }
      if (p >= this.len) this.unclosed(open);
      let kw: string | undefined;
      if (isIdentStart(c)) {
        const e = this.identEnd(p);
        const q = this.skip(e);
        if (s.charCodeAt(q) === 61 && s.charCodeAt(q + 1) !== 61) {
          kw = s.slice(p, e);
          args.kwStart.set(kw, p);
          p = q + 1;
        }
      }
      this.pos = p;
      const v = this.parseExpr();
      if (kw !== undefined) args.kw.set(kw, v);
      else {
        if (args.kw.size > 0) this.fail('a positional argument cannot follow a keyword argument', v.start, v.end - v.start);
        args.pos.push(v);
      }
      p = this.skip(this.pos);
      c = s.charCodeAt(p);
      if (c === 44) {
        p++;
        continue;
      }
      if (c === 41) {
        p++;
        break;
      }
      if (p >= this.len) this.unclosed(open);
      if (c === 93 || c === 125) this.wrongCloser(open, 41, p);
      this.fail(`expected ',' or ')' after this argument, found ${this.describeAt(p)}`, p, 1);
    }
    args.end = p;
    return args;
  }

  // ---------------------------------------------------------------- calls

  private call(isNew: boolean, ns: string, word: string, full: string, args: Args, start: number): Value {
    const end = args.end;
    const label = isNew ? `new ${full}` : full;
    // Typed arrays: new Float32Array(...), Float32Array.from(...), Float32Array.of(...)
    const taName = isNew ? full : ns;
    if (isTypedArrayName(taName) && (isNew || word === 'from' || word === 'of')) {
      this.jsCue = true;
      return this.typedArray(taName, isNew ? 'new' : (word as 'from' | 'of'), args, start, end);
    }
    if (isNew) this.fail(`unknown constructor '${full}': use a typed array such as Float32Array`, start, end - start, 'unknown-name');
    const lib = libOf(ns);
    if (lib === undefined) {
      this.fail(`unknown function '${full}': only numpy, torch, tf, jnp, math and typed-array constructors are read`, start, full.length, 'unknown-name');
    }
    if (lib === 'builtin') {
      if (word === 'float' || word === 'int' || word === 'bool') return this.pyScalar(word, args, start, end);
      if (word === 'array') return this.arrayCtor('numpy', 'array', args, start, end, label);
      if (word === 'tensor') return this.arrayCtor('torch', 'tensor', args, start, end, label);
    } else if (lib !== 'math' && lib !== 'js') {
      if (ARRAY_CONSTRUCTORS.has(word)) return this.arrayCtor(lib, word, args, start, end, label);
      if (GENERATORS.has(word)) return this.generator(lib, word, args, start, end);
      if (word === 'dtype' && lib === 'numpy') {
        const d = this.dtypeArg(args.pos[0], start, end);
        return { k: 'dtype', d, start, end };
      }
      const d = dtypeOfName(lib, word);
      if (d !== undefined) {
        // np.float32(1.5), np.int8([1, 2]): a cast.
        const v = this.arg(args, 0, 'x', start, end);
        const a = this.toArr(v);
        this.explicit = true;
        this.castFlat(a, d, start, end);
        return { k: 'arr', a, start, end };
      }
    }
    return this.fail(`unknown function '${label}'`, start, full.length + (isNew ? 4 : 0), 'unknown-name');
  }

  private arg(args: Args, i: number, name: string, start: number, end: number): Value {
    const v = args.kw.get(name) ?? args.pos[i];
    if (v === undefined) this.fail(`missing argument '${name}'`, start, end - start, 'syntax');
    return v;
  }

  private optArg(args: Args, i: number, name: string): Value | undefined {
    return args.kw.get(name) ?? args.pos[i];
  }

  private checkKwargs(args: Args, allowed: string[]): void {
    const ignored = ['device', 'requires_grad', 'name', 'copy', 'order', 'pin_memory', 'like', 'verify_shape', 'layout'];
    for (const [k, v] of args.kw) {
      if (allowed.includes(k) || ignored.includes(k)) {
        if (k === 'order' && v.k === 'str' && v.v !== 'C' && v.v !== 'K' && v.v !== 'A') {
          this.fail(`order='${v.v}' is not supported here (the values would be the same; remove it)`, v.start, v.end - v.start, 'unsupported');
        }
        continue;
      }
      const at = args.kwStart.get(k) ?? v.start;
      this.fail(`unsupported argument '${k}'`, at, v.end - at, 'unsupported');
    }
  }

  private pyScalar(word: string, args: Args, start: number, end: number): Value {
    const v = this.arg(args, 0, 'x', start, end);
    if (v.k === 'str') {
      const t = v.v.trim().toLowerCase();
      let x: number;
      if (t === 'nan' || t === '+nan' || t === '-nan') x = NaN;
      else if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') x = Infinity;
      else if (t === '-inf' || t === '-infinity') x = -Infinity;
      else {
        x = Number(t.split('_').join(''));
        if (t === '' || Number.isNaN(x)) this.fail(`${word}('${v.v}') is not a number`, start, end - start, 'syntax');
      }
      if (word === 'float') return { k: 'num', v: x, big: undefined, t: 'float', start, end };
      if (word === 'bool') return { k: 'num', v: v.v.length > 0 ? 1 : 0, big: undefined, t: 'bool', start, end };
      if (!Number.isInteger(x)) this.fail(`int('${v.v}') is not an integer`, start, end - start, 'syntax');
      return { k: 'num', v: x, big: undefined, t: 'int', start, end };
    }
    if (v.k !== 'num') this.fail(`${word}() takes a number or a string here`, v.start, v.end - v.start, 'unsupported');
    if (word === 'float') return { ...v, t: 'float', big: undefined, start, end, v: v.big !== undefined ? Number(v.big) : v.v };
    if (word === 'bool') return { k: 'num', v: v.v !== 0 ? 1 : 0, big: undefined, t: 'bool', start, end };
    if (!Number.isFinite(v.v)) this.fail(`cannot convert ${v.v} to an integer`, start, end - start, 'range');
    return { k: 'num', v: Math.trunc(v.v), big: v.big, t: 'int', start, end };
  }

  private dtypeArg(v: Value | undefined, start: number, end: number): DType {
    if (v === undefined) return this.fail('missing dtype', start, end - start);
    if (v.k === 'dtype') {
      this.explicit = true;
      return v.d;
    }
    if (v.k === 'str') {
      const d = dtypeOfString(v.v);
      if (d !== undefined) {
        this.explicit = true;
        return d;
      }
      if (/^[<>=|]?(c|complex)/.test(v.v)) this.fail(`dtype '${v.v}': complex dtypes are not supported, pooling needs real values`, v.start, v.end - v.start, 'unsupported');
      return this.fail(`unknown dtype '${v.v}': use e.g. 'float32', 'int64', 'uint8', 'bool'`, v.start, v.end - v.start, 'unknown-name');
    }
    return this.fail('expected a dtype such as np.float32 or "int32"', v.start, v.end - v.start, 'syntax');
  }

  private toArr(v: Value): Flat {
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
    return this.notANumber(v);
  }

  private arrayCtor(lib: Lib, word: string, args: Args, start: number, end: number, label: string): Value {
    let dataName = 'object';
    if (lib === 'torch') dataName = 'data';
    else if (lib === 'tf') dataName = word.startsWith('tensor') ? 'values' : 'value';
    const v = args.kw.get(dataName) ?? args.pos[0];
    if (v === undefined) this.fail(`${label}() needs the data as its first argument`, start, end - start);
    const a = this.toArr(v);
    let dtype: DType | undefined;
    let shapeArg: Value | undefined;
    const tfjs = lib === 'tf' && word.startsWith('tensor');
    if (tfjs) {
      // tfjs: tf.tensor(values, shape?, dtype?)
      this.jsCue = true;
      shapeArg = args.pos[1];
      const dv = args.pos[2];
      if (dv !== undefined) dtype = this.dtypeArg(dv, dv.start, dv.end);
      const dim = word.length > 6 ? Number(word.charAt(6)) : undefined;
      if (dim !== undefined && shapeArg === undefined && a.shape.length !== dim) {
        this.fail(`${label}() needs ${dim}-dimensional values, these have shape (${a.shape.join(', ')})`, v.start, v.end - v.start, 'shape');
      }
    } else {
      this.checkKwargs(args, ['dtype', 'shape', dataName]);
      const dv = args.kw.get('dtype') ?? (lib === 'numpy' || lib === 'jax' || lib === 'tf' ? args.pos[1] : undefined);
      if (dv !== undefined && dv.k !== 'none') dtype = this.dtypeArg(dv, dv.start, dv.end);
      if (lib === 'tf') shapeArg = args.kw.get('shape') ?? args.pos[2];
      const fixed = lib === 'torch' ? TORCH_TENSOR_TYPES[word] : undefined;
      if (fixed !== undefined) {
        dtype = fixed;
        this.explicit = true;
      }
    }
    if (dtype === undefined) {
      dtype = a.dtype ?? this.inferDType(a, tfjs ? 'tfjs' : lib, v.start, v.end);
    }
    this.castFlat(a, dtype, v.start, v.end);
    let out = a;
    if (shapeArg !== undefined && shapeArg.k !== 'none') {
      const shape = this.shapeFrom([shapeArg], shapeArg.start, shapeArg.end);
      const n = shape.reduce((x, y) => x * y, 1);
      if (a.n === 1 && n !== 1 && !tfjs) {
        this.checkLimit(n, shapeArg.start, shapeArg.end);
        out = this.filled(n, a.vals[0] as number, a.starts[0] as number, a.bigs?.get(0));
        out.dtype = a.dtype;
      }
      out = this.reshape(out, shape, shapeArg.start, shapeArg.end);
    }
    return { k: 'arr', a: out, start, end };
  }

  private filled(n: number, v: number, at: number, big?: bigint): Flat {
    const f = new Flat(Math.max(n, 1));
    f.vals.fill(v, 0, n);
    f.starts.fill(at, 0, n);
    f.n = n;
    if (big !== undefined) {
      f.bigs = new Map();
      for (let i = 0; i < n; i++) f.bigs.set(i, big);
    }
    return f;
  }

  /** numpy/torch/tf dtype inference for data with no explicit dtype (see the module comment). */
  private inferDType(a: Flat, lib: Lib | 'tfjs' | 'python-list' | 'js-array', start: number, end: number): DType {
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
              if (b > U64_MAX) return this.fail('an integer here is larger than any integer dtype (uint64 max 18446744073709551615)', start, end - start, 'range');
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
  private castFlat(a: Flat, dtype: DType, start: number, end: number): void {
    const v = a.vals;
    const n = a.n;
    const range = INT_RANGE[dtype];
    if (dtype === 'float64' || dtype === 'float32' || dtype === 'float16') {
      if (a.bigs) for (const [i, b] of a.bigs) v[i] = Number(b);
      a.bigs = undefined;
      if (dtype === 'float32') for (let i = 0; i < n; i++) v[i] = Math.fround(v[i] as number);
      else if (dtype === 'float16') for (let i = 0; i < n; i++) v[i] = roundToHalf(v[i] as number);
    } else if (dtype === 'bool') {
      for (let i = 0; i < n; i++) v[i] = v[i] !== 0 ? 1 : 0;
      a.bigs = undefined;
    } else if (range !== undefined) {
      const [lo, hi] = range;
      for (let i = 0; i < n; i++) {
        const x = v[i] as number;
        const t = Math.trunc(x);
        if (!(t >= lo && t <= hi)) this.elementOutOfRange(a, i, x, dtype, `${lo}..${hi}`, start, end);
        v[i] = t === 0 ? 0 : t;
      }
      a.bigs = undefined;
    } else if (dtype === 'int64' && a.dtype === undefined && !a.hasFloat && a.bigs === undefined) {
      // Integer and bool tokens only, none beyond 2^53: every value is already a safe int64.
    } else {
      // int64 / uint64: exact integers, checked with BigInt where the value is beyond 2^53.
      const lo = dtype === 'int64' ? I64_MIN : 0n;
      const hi = dtype === 'int64' ? I64_MAX : U64_MAX;
      for (let i = 0; i < n; i++) {
        const b = a.bigs?.get(i);
        const x = v[i] as number;
        if (b !== undefined) {
          if (b < lo || b > hi) this.elementOutOfRange(a, i, b, dtype, `${lo}..${hi}`, start, end);
          continue;
        }
        if (!Number.isFinite(x)) this.elementOutOfRange(a, i, x, dtype, `${lo}..${hi}`, start, end);
        const t = Math.trunc(x);
        if (!Number.isSafeInteger(t)) {
          const bt = BigInt(t);
          if (bt < lo || bt > hi) this.elementOutOfRange(a, i, x, dtype, `${lo}..${hi}`, start, end);
          (a.bigs ??= new Map()).set(i, bt);
        } else if (t < 0 && dtype === 'uint64') this.elementOutOfRange(a, i, x, dtype, `${lo}..${hi}`, start, end);
        v[i] = t === 0 ? 0 : t;
      }
    }
    a.dtype = dtype;
  }

  private elementOutOfRange(a: Flat, i: number, x: number | bigint, dtype: DType, range: string, start: number, end: number): never {
    const at = a.starts[i] ?? start;
    const len = this.extentAt(at) || end - start;
    const what = typeof x === 'number' && !Number.isFinite(x) ? `${x} cannot be stored in ${dtype}` : `${String(x)} is out of range for ${dtype} (${range})`;
    this.fail(what, at, len, 'range');
  }

  /** Length of the element expression starting at `at` (re-read on demand for error spans). */
  private extentAt(at: number): number {
    const sub = new Parser(this.s, { maxElements: this.maxElements });
    sub.pos = at;
    try {
      sub.parseExpr();
      return sub.pos - at;
    } catch {
      return 0;
    }
  }

  private typedArray(ctor: string, how: 'new' | 'from' | 'of', args: Args, start: number, end: number): Value {
    const dtype = TYPED_ARRAYS[ctor] as DType;
    this.explicit = true;
    let a: Flat;
    if (how === 'of') {
      a = new Flat(Math.max(args.pos.length, 1));
      const st: ListState = { dims: [], leaf: -1, path: [0, 0] };
      for (const v of args.pos) this.pushValue(a, st, 1, v);
      a.shape = [a.n];
    } else {
      const v = args.pos[0];
      if (v === undefined) {
        a = new Flat(1);
        a.shape = [0];
      } else if (how === 'new' && v.k === 'num' && v.t === 'int') {
        // new Float32Array(4): four zeros.
        this.checkLimit(v.v, v.start, v.end);
        if (v.v < 0) this.fail('a typed-array length cannot be negative', v.start, v.end - v.start, 'range');
        a = this.filled(v.v, 0, v.start);
        a.shape = [v.v];
      } else {
        a = this.toArr(v);
        if (a.shape.length !== 1) {
          this.fail(`${ctor} is one-dimensional: it cannot hold an array of shape (${a.shape.join(', ')}); use a nested array or .reshape`, v.start, v.end - v.start, 'shape');
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
    this.castFlat(a, dtype, start, end);
    return { k: 'arr', a, start, end };
  }

  // ---------------------------------------------------------------- generators

  private num(v: Value | undefined, what: string, start: number, end: number): { v: number; int: boolean } {
    if (v === undefined) return this.fail(`missing ${what}`, start, end - start);
    if (v.k !== 'num') return this.fail(`${what} must be a number`, v.start, v.end - v.start, 'syntax');
    return { v: v.v, int: v.t !== 'float' };
  }

  private generator(lib: Lib, word: string, args: Args, start: number, end: number): Value {
    const d = defaultDTypes(lib);
    const dv = args.kw.get('dtype');
    let dtype: DType | undefined = dv !== undefined && dv.k !== 'none' ? this.dtypeArg(dv, dv.start, dv.end) : undefined;
    let out: Flat;
    switch (word) {
      case 'arange': case 'range': {
        this.checkKwargs(args, ['dtype', 'start', 'stop', 'step', 'end', 'limit', 'delta']);
        const ps = args.pos.map((v, i) => this.num(v, `argument ${i + 1}`, start, end));
        let a0 = 0, a1: number, st = 1;
        let allInt = ps.every((x) => x.int);
        if (ps.length === 1) a1 = (ps[0] as { v: number }).v;
        else if (ps.length === 2 || ps.length === 3) {
          a0 = (ps[0] as { v: number }).v;
          a1 = (ps[1] as { v: number }).v;
          if (ps.length === 3) st = (ps[2] as { v: number }).v;
        } else {
          const kstop = args.kw.get('stop') ?? args.kw.get('end') ?? args.kw.get('limit');
          if (ps.length === 0 && kstop !== undefined) {
            const k = this.num(kstop, 'stop', start, end);
            a1 = k.v;
            allInt &&= k.int;
            const kstart = args.kw.get('start');
            if (kstart !== undefined) {
              const k0 = this.num(kstart, 'start', start, end);
              a0 = k0.v;
              allInt &&= k0.int;
            }
          } else {
            return this.fail(`${word}() takes 1 to 3 numbers: (stop), (start, stop) or (start, stop, step)`, start, end - start, 'syntax');
          }
        }
        const kstep = args.kw.get('step') ?? args.kw.get('delta');
        if (kstep !== undefined) {
          const k = this.num(kstep, 'step', start, end);
          st = k.v;
          allInt &&= k.int;
        }
        if (st === 0 || !Number.isFinite(st) || !Number.isFinite(a0) || !Number.isFinite(a1)) {
          this.fail(`${word}() needs finite bounds and a non-zero step`, start, end - start, 'range');
        }
        const n = Math.max(0, Math.ceil((a1 - a0) / st));
        this.checkLimit(n, start, end);
        out = new Flat(Math.max(n, 1));
        for (let i = 0; i < n; i++) out.vals[i] = a0 + i * st;
        out.starts.fill(start, 0, n);
        out.n = n;
        out.shape = [n];
        dtype ??= allInt ? d.int : d.float;
        break;
      }
      case 'zeros': case 'ones': {
        this.checkKwargs(args, ['dtype', 'shape', 'size']);
        const shapeVals = args.pos.length > 0 ? args.pos : [this.arg(args, 0, 'shape', start, end)];
        const shape = this.shapeFrom(lib === 'torch' ? shapeVals : shapeVals.slice(0, 1), start, end);
        if (lib !== 'torch' && args.pos.length > 1 && dtype === undefined) {
          const dv2 = args.pos[1] as Value;
          dtype = this.dtypeArg(dv2, dv2.start, dv2.end);
        }
        out = this.sized(shape, word === 'ones' ? 1 : 0, start, end);
        dtype ??= d.float;
        break;
      }
      case 'full': case 'fill': {
        this.checkKwargs(args, ['dtype', 'shape', 'fill_value', 'dims', 'value', 'size']);
        const shapeV = this.arg(args, 0, word === 'fill' ? 'dims' : lib === 'torch' ? 'size' : 'shape', start, end);
        const fillV = this.arg(args, 1, word === 'fill' ? 'value' : 'fill_value', start, end);
        if (fillV.k !== 'num') this.fail('the fill value must be a number', fillV.start, fillV.end - fillV.start);
        const shape = this.shapeFrom([shapeV], shapeV.start, shapeV.end);
        out = this.sized(shape, fillV.v, start, end);
        if (fillV.big !== undefined) {
          out.bigs = new Map();
          for (let i = 0; i < out.n; i++) out.bigs.set(i, fillV.big);
        }
        dtype ??= fillV.t === 'bool' ? 'bool' : fillV.t === 'int' ? d.int : d.float;
        break;
      }
      case 'eye': case 'identity': {
        this.checkKwargs(args, ['dtype', 'N', 'M', 'k', 'n', 'm', 'num_rows', 'num_columns']);
        const nv = this.num(args.pos[0] ?? args.kw.get('N') ?? args.kw.get('n') ?? args.kw.get('num_rows'), 'the number of rows', start, end).v;
        const mArg = word === 'eye' ? args.pos[1] ?? args.kw.get('M') ?? args.kw.get('m') ?? args.kw.get('num_columns') : undefined;
        const mv = mArg === undefined || mArg.k === 'none' ? nv : this.num(mArg, 'the number of columns', start, end).v;
        const kArg = word === 'eye' && lib === 'numpy' ? args.pos[2] ?? args.kw.get('k') : args.kw.get('k');
        const k = kArg === undefined ? 0 : this.num(kArg, 'k', start, end).v;
        const shape = this.shapeFrom([numValue(nv, start, end), numValue(mv, start, end)], start, end);
        out = this.sized(shape, 0, start, end);
        const [r, c] = shape as [number, number];
        for (let i = 0; i < r; i++) {
          const j = i + k;
          if (j >= 0 && j < c) out.vals[i * c + j] = 1;
        }
        dtype ??= d.float;
        break;
      }
      case 'linspace': {
        this.checkKwargs(args, ['dtype', 'num', 'endpoint', 'steps', 'start', 'stop', 'end', 'retstep', 'axis']);
        const a0 = this.num(this.arg(args, 0, 'start', start, end), 'start', start, end).v;
        const a1 = this.num(args.pos[1] ?? args.kw.get('stop') ?? args.kw.get('end'), 'stop', start, end).v;
        const numArg = args.pos[2] ?? args.kw.get('num') ?? args.kw.get('steps');
        if (numArg === undefined && lib !== 'numpy' && lib !== 'jax') this.fail(`${word}() needs the number of steps`, start, end - start, 'syntax');
        const n = numArg === undefined ? 50 : this.num(numArg, 'num', start, end).v;
        if (!Number.isInteger(n) || n < 0) this.fail('num must be a non-negative integer', start, end - start, 'range');
        this.checkLimit(n, start, end);
        const epV = args.kw.get('endpoint') ?? args.pos[3];
        const endpoint = epV === undefined || (epV.k === 'num' && epV.v !== 0);
        const div = endpoint ? n - 1 : n;
        const step = div > 0 ? (a1 - a0) / div : NaN;
        out = new Flat(Math.max(n, 1));
        for (let i = 0; i < n; i++) out.vals[i] = div > 0 ? (step === 0 ? (i / div) * (a1 - a0) : i * step) + a0 : a0;
        if (endpoint && n > 1) out.vals[n - 1] = a1;
        out.starts.fill(start, 0, n);
        out.n = n;
        out.shape = [n];
        dtype ??= d.float;
        break;
      }
      default:
        return this.fail(`unknown function '${word}'`, start, end - start, 'unknown-name');
    }
    out.hasFloat = true;
    this.castFlat(out, dtype, start, end);
    return { k: 'arr', a: out, start, end };
  }

  private sized(shape: number[], fill: number, start: number, end: number): Flat {
    const n = shape.reduce((x, y) => x * y, 1);
    this.checkLimit(n, start, end);
    const f = this.filled(n, fill, start);
    f.shape = shape;
    return f;
  }

  /** A shape from `(2, 3)`, `[2, 3]`, `2, 3` or a single int; every entry a non-negative int. */
  private shapeFrom(vals: Value[], start: number, end: number, allowMinusOne = false): number[] {
    let items: number[] = [];
    if (vals.length === 1 && (vals[0] as Value).k === 'arr') {
      const a = (vals[0] as { a: Flat }).a;
      if (a.shape.length !== 1) this.fail('a shape must be a flat tuple or list of integers', start, end - start, 'shape');
      items = Array.from(a.vals.subarray(0, a.n));
    } else {
      for (const v of vals) {
        if (v.k !== 'num' || v.t === 'float') this.fail('a shape entry must be an integer', v.start, v.end - v.start, 'shape');
        items.push(v.v);
      }
    }
    for (const x of items) {
      if (!Number.isInteger(x) || (x < 0 && !(allowMinusOne && x === -1)) || x > 2 ** 31) {
        this.fail(`${x} is not a valid size for a shape`, start, end - start, 'shape');
      }
    }
    if (items.length > MAX_DEPTH) this.fail(`a shape can have at most ${MAX_DEPTH} dimensions`, start, end - start, 'shape');
    return items;
  }

  // ---------------------------------------------------------------- methods

  private applyMethod(v: Value, name: string, nameStart: number, nameEnd: number, args: Args | undefined, end: number): Value {
    if (v.k !== 'arr' && v.k !== 'num') this.fail(`'.${name}' needs an array before it`, nameStart, nameEnd - nameStart, 'syntax');
    const a = this.toArr(v);
    const start = v.start;
    const argEnd = args?.end ?? nameEnd;
    const noArgs = (): void => {
      if (args !== undefined && (args.pos.length > 0 || args.kw.size > 0)) {
        this.fail(`.${name}() takes no arguments here`, args.start, args.end - args.start, 'unsupported');
      }
    };
    const torchCast: Record<string, DType> = { float: 'float32', double: 'float64', half: 'float16', int: 'int32', long: 'int64', short: 'int16', bool: 'bool', byte: 'uint8', char: 'int8' };
    switch (name) {
      case 'reshape': case 'view': {
        if (args === undefined || args.pos.length === 0) {
          const ns = args?.kw.get('shape') ?? args?.kw.get('newshape');
          if (ns === undefined) this.fail(`.${name}() needs a shape`, nameStart, argEnd - nameStart, 'shape');
          return this.wrap(this.reshape(a, this.shapeFrom([ns], ns.start, ns.end, true), ns.start, ns.end), start, end);
        }
        const shape = this.shapeFrom(args.pos, args.start, args.end, true);
        return this.wrap(this.reshape(a, shape, args.start, args.end), start, end);
      }
      case 'T': {
        if (args !== undefined) this.fail('.T is an attribute: write .T without parentheses', nameStart, argEnd - nameStart, 'syntax');
        return this.wrap(this.permute(a, a.shape.map((_, i) => a.shape.length - 1 - i)), start, end);
      }
      case 'transpose': {
        let axes = a.shape.map((_, i) => a.shape.length - 1 - i);
        if (args !== undefined && args.pos.length > 0) {
          axes = this.shapeFrom(args.pos, args.start, args.end);
          const seen = new Set(axes);
          if (axes.length !== a.shape.length || seen.size !== axes.length || axes.some((x) => x >= a.shape.length)) {
            this.fail(`axes (${axes.join(', ')}) are not a permutation of the ${a.shape.length} axes`, args.start, args.end - args.start, 'shape');
          }
        }
        return this.wrap(this.permute(a, axes), start, end);
      }
      case 'astype': case 'to': case 'type': {
        const dv = args?.pos[0] ?? args?.kw.get('dtype');
        if (args === undefined || dv === undefined) return this.fail(`.${name}() needs a dtype`, nameStart, argEnd - nameStart, 'syntax');
        if (name === 'to' && dv.k === 'str' && dtypeOfString(dv.v) === undefined) return this.wrap(a, start, end); // .to('cuda')
        const d = this.dtypeArg(dv, dv.start, dv.end);
        if (a.dtype === undefined) this.castFlat(a, this.inferDType(a, 'numpy', start, end), start, end);
        this.castFlat(a, d, start, argEnd);
        return this.wrap(a, start, end);
      }
      case 'float': case 'double': case 'half': case 'int': case 'long': case 'short': case 'bool': case 'byte': case 'char': {
        noArgs();
        if (a.dtype === undefined) this.castFlat(a, this.inferDType(a, 'torch', start, end), start, end);
        this.explicit = true;
        this.castFlat(a, torchCast[name] as DType, start, argEnd);
        return this.wrap(a, start, end);
      }
      case 'numpy': case 'copy': case 'clone': case 'detach': case 'cpu': case 'contiguous': case 'cuda':
        return this.wrap(a, start, end);
      case 'flatten': case 'ravel':
        noArgs();
        return this.wrap(this.reshape(a, [a.n], nameStart, argEnd), start, end);
      case 'squeeze':
        noArgs();
        return this.wrap(this.reshape(a, a.shape.filter((x) => x !== 1), nameStart, argEnd), start, end);
      default:
        return this.fail(`unknown method or attribute '.${name}': supported are .reshape, .astype, .T, .transpose, .flatten, .squeeze and torch's .float()/.long()/...`, nameStart, nameEnd - nameStart, 'unknown-name');
    }
  }

  private wrap(a: Flat, start: number, end: number): Value {
    return { k: 'arr', a, start, end };
  }

  private reshape(a: Flat, shape: number[], start: number, end: number): Flat {
    let unknown = -1;
    let known = 1;
    for (let i = 0; i < shape.length; i++) {
      const x = shape[i] as number;
      if (x === -1) {
        if (unknown >= 0) this.fail('only one dimension can be -1 in a reshape', start, end - start, 'shape');
        unknown = i;
      } else known *= x;
    }
    const out = shape.slice();
    if (unknown >= 0) {
      if (known === 0 || a.n % known !== 0) {
        this.fail(`cannot reshape ${a.n} elements into shape (${shape.join(', ')}): ${a.n} is not a multiple of ${known}`, start, end - start, 'shape');
      }
      out[unknown] = a.n / known;
    } else if (known !== a.n) {
      const from = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
      this.fail(`cannot reshape an array of shape ${from} (${a.n} elements) into shape (${shape.join(', ')}) (${known} elements)`, start, end - start, 'shape');
    }
    a.shape = out;
    return a;
  }

  private permute(a: Flat, axes: number[]): Flat {
    const shape = a.shape;
    const nd = shape.length;
    if (nd < 2) return a;
    const outShape = axes.map((ax) => shape[ax] as number);
    const inStrides = new Array<number>(nd);
    let acc = 1;
    for (let i = nd - 1; i >= 0; i--) {
      inStrides[i] = acc;
      acc *= shape[i] as number;
    }
    const strides = axes.map((ax) => inStrides[ax] as number);
    const order = new Int32Array(a.n);
    const idx = new Array<number>(nd).fill(0);
    let src = 0;
    for (let i = 0; i < a.n; i++) {
      order[i] = src;
      for (let d = nd - 1; d >= 0; d--) {
        idx[d] = (idx[d] as number) + 1;
        src += strides[d] as number;
        if ((idx[d] as number) < (outShape[d] as number)) break;
        src -= (strides[d] as number) * (outShape[d] as number);
        idx[d] = 0;
      }
    }
    return a.gather(order, outShape);
  }

  // ---------------------------------------------------------------- top level

  parseTop(): ArrayLiteralInfo {
    const s = this.s;
    let p = this.skip(0);
    // Optional assignment: `x = `, `const x: number[][] = `, `"x": `.
    let name: string | undefined;
    const assign = this.tryAssignment(p);
    if (assign !== undefined) {
      name = assign.name;
      p = assign.next;
    }
    if (p >= this.len) this.fail('there is no array here: select an array literal such as [[1, 2], [3, 4]]', 0, this.len);
    // TensorFlow's repr: <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>
    let tfRepr = false;
    if (s.startsWith('<tf.Tensor', p) || s.startsWith('<tf.Variable', p)) {
      const at = s.indexOf('numpy=', p);
      if (at < 0) this.fail("this TensorFlow printout has no 'numpy=' part to read", p, Math.min(this.len - p, 11), 'unsupported');
      tfRepr = true;
      p = at + 6;
    }
    const exprStart = this.skip(p);
    this.pos = p;
    const v = this.parseExpr();
    p = this.skip(this.pos);
    if (tfRepr && s.charCodeAt(p) === 62) p = this.skip(p + 1);
    if ((s.startsWith('as', p) || s.startsWith('satisfies', p)) && !isIdentPart(s.charCodeAt(p + (s.startsWith('as', p) && !s.startsWith('ass', p) ? 2 : 9)))) {
      // TypeScript `as const` / `satisfies T`: a type, not data.
      this.jsCue = true;
      while (p < this.len && s.charCodeAt(p) !== 59 && s.charCodeAt(p) !== 10) p++;
    }
    if (s.charCodeAt(p) === 59) {
      this.jsCue = true;
      p = this.skip(p + 1);
    }
    if (p < this.len) {
      const c = s.charCodeAt(p);
      if (c === 93 || c === 41 || c === 125) this.fail(`'${s.charAt(p)}' has no matching opening bracket`, p, 1, 'unbalanced');
      this.fail(`unexpected text after the array literal: ${this.describeAt(p)}`, p, this.len - p);
    }
    if (v.k !== 'arr' && v.k !== 'num') this.notANumber(v);
    const a = this.toArr(v);
    // Which syntax: the outermost call, else the language, else cues in the text.
    const ctor = tfRepr ? { name: 'tf.Tensor', syntax: 'tf' as const } : this.ctorAt(exprStart);
    let syntax: LiteralSyntax;
    if (ctor !== undefined) syntax = ctor.syntax;
    else if (this.printed) syntax = 'numpy';
    else {
      const lang = this.language;
      if (lang === 'json' || lang === 'jsonc') syntax = 'json';
      else if (lang !== undefined && /^(javascript|typescript|javascriptreact|typescriptreact|js|ts)$/.test(lang)) syntax = 'js';
      else if (lang === 'python' || lang === 'jupyter' || lang === 'ipynb') syntax = 'python-list';
      else syntax = this.jsCue && !this.pyCue ? 'js' : 'python-list';
    }
    const dtypeExplicit = this.explicit;
    if (a.dtype === undefined) {
      const dt = this.inferDType(a, syntax === 'js' || syntax === 'json' ? 'js-array' : 'python-list', v.start, v.end);
      this.castFlat(a, dt, v.start, v.end);
    }
    const info: ArrayLiteralInfo = { tensor: flatToTensor(a, a.dtype as DType), syntax, dtypeExplicit };
    if (ctor !== undefined) info.constructorName = ctor.name;
    if (name !== undefined) info.name = name;
    return info;
  }

  /** The outermost constructor name at `p`, and the syntax it implies. */
  private ctorAt(p: number): { name: string; syntax: LiteralSyntax } | undefined {
    const s = this.s;
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

  private tryAssignment(p0: number): { name: string; next: number } | undefined {
    const s = this.s;
    let p = p0;
    const c = s.charCodeAt(p);
    if (c === 34 || c === 39) {
      // JSON key: "x": [...]
      const close = s.indexOf(String.fromCharCode(c), p + 1);
      if (close < 0 || close - p > 200) return undefined;
      const q = this.skip(close + 1);
      if (s.charCodeAt(q) !== 58) return undefined;
      return { name: s.slice(p + 1, close), next: q + 1 };
    }
    if (!isIdentStart(c)) return undefined;
    let e = this.identEnd(p);
    let word = s.slice(p, e);
    if (word === 'const' || word === 'let' || word === 'var' || word === 'export') {
      if (word === 'export') {
        p = this.skip(e);
        e = this.identEnd(p);
        word = s.slice(p, e);
        if (word !== 'const' && word !== 'let' && word !== 'var') return undefined;
      }
      p = this.skip(e);
      if (!isIdentStart(s.charCodeAt(p))) return undefined;
      e = this.identEnd(p);
      word = s.slice(p, e);
    }
    // Dotted targets such as self.x
    while (s.charCodeAt(e) === 46 && isIdentStart(s.charCodeAt(e + 1))) e = this.identEnd(e + 1);
    const target = s.slice(p, e);
    let q = this.skip(e);
    if (s.charCodeAt(q) === 58) {
      // Type annotation: skip to the first '=' that is not '==' or '=>', within one statement.
      const stop = Math.min(this.len, q + 300);
      let r = q + 1;
      while (r < stop) {
        const d = s.charCodeAt(r);
        if (d === 61 && s.charCodeAt(r + 1) !== 61 && s.charCodeAt(r + 1) !== 62 && s.charCodeAt(r - 1) !== 61) break;
        if (d === 10 || d === 59) return undefined;
        r++;
      }
      if (r >= stop) return undefined;
      q = r;
    }
    if (s.charCodeAt(q) !== 61 || s.charCodeAt(q + 1) === 61 || s.charCodeAt(q + 1) === 62) return undefined;
    return { name: target, next: q + 1 };
  }
}

const TORCH_TENSOR_TYPES: Record<string, DType | undefined> = {
  Tensor: 'float32', FloatTensor: 'float32', DoubleTensor: 'float64', HalfTensor: 'float16', LongTensor: 'int64',
  IntTensor: 'int32', ShortTensor: 'int16', CharTensor: 'int8', ByteTensor: 'uint8', BoolTensor: 'bool',
};

/** Whether `c` (followed by `d`) can begin a list element. */
function startsElement(c: number, d: number): boolean {
  return isDigit(c) || c === 91 || c === 40 || isIdentStart(c) || ((c === 45 || c === 43 || c === 46) && (isDigit(d) || d === 46 || isIdentStart(d)));
}

function isTypedArrayName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, name);
}

function shapeOf(st: ListState): number[] {
  const depth = st.leaf === -1 ? st.dims.length : st.leaf;
  const shape: number[] = [];
  for (let i = 0; i < depth; i++) shape.push(Math.max(0, st.dims[i] ?? 0));
  return shape;
}

function numValue(v: number, start: number, end: number): Value {
  return { k: 'num', v, big: undefined, t: Number.isInteger(v) ? 'int' : 'float', start, end };
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
