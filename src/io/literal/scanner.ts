/**
 * The cursor every part of the literal parser shares: the text and the reading position, the limits,
 * what the text has revealed about itself so far, and the lexical layer (whitespace and comments,
 * numbers, identifiers, error reporting).
 *
 * Contracts:
 * - Reading is one left-to-right pass without regular expressions; a scanning method takes a position
 *   and returns the position after what it read. Reading past the end is harmless (`charCodeAt` gives
 *   NaN, which matches no character class).
 * - Every failure goes through {@link Scanner.fail}: an {@link ArrayParseError} whose offset and length
 *   are clamped to the text.
 */
import { ArrayParseError, lineColumn, type ArrayParseErrorCode } from '../errors';
import * as chars from './chars';

// Bound once at load for the per-character loops: where TypeScript is run as CommonJS (tsx, as the
// tests and benchmarks are), every use of an imported name is a getter call.
const { isDigit, isIdentPart } = chars;

const powers: number[] = [];
for (let i = 0; i <= 22; i++) powers.push(10 ** i);
/** 10^0..10^22: the powers of ten a double holds exactly, so one multiply or divide by them is exact. */
export const POW10: readonly number[] = powers;

export class Scanner {
  readonly s: string;
  readonly len: number;
  /** Where expression reading continues: the expression readers take it and leave it after what they read. */
  pos = 0;
  /** Most elements the literal may have (already clamped by the caller). */
  readonly maxElements: number;
  /** How many expressions are open (parentheses, calls, signs), to bound recursion. */
  exprDepth = 0;
  /** The text used Python notation (`#` comments, `True`, `None`, a tuple). */
  pyCue = false;
  /** The text used JavaScript notation (`//`, `true`, `null`, `NaN`, `new`, `;`, `10n`). */
  jsCue = false;
  /** A list used numpy's print() layout (space-separated elements). */
  printed = false;
  /** The text names a dtype (`dtype=`, `astype`, a typed array, `torch.LongTensor`, `.float()`). */
  explicit = false;
  /** The last number {@link scanNumber} read: its value (exact below 2^53)... */
  nv = 0;
  /** ...whether it was written as an integer... */
  nInt = true;
  /** ...and its exact value when it is an integer beyond 2^53. */
  nBig: bigint | undefined;
  /** How many elements the last fast row read, and whether it consumed the closing bracket. */
  rowCount = 0;
  rowClosed = false;

  constructor(text: string, maxElements: number) {
    this.s = text;
    this.len = text.length;
    this.maxElements = maxElements;
  }

  // ---------------------------------------------------------------- errors

  fail(msg: string, offset: number, length: number, code: ArrayParseErrorCode = 'syntax'): never {
    const off = Math.max(0, Math.min(offset, this.len));
    const len = Math.max(0, Math.min(length, this.len - off));
    throw new ArrayParseError(msg, off, len, code, this.s);
  }

  /** The character at `p` as an error message names it. */
  describeAt(p: number): string {
    if (p >= this.len) return 'the end of the text';
    const c = this.s.charAt(p);
    if (c === '\n' || c === '\r') return 'a line break';
    return `'${c}'`;
  }

  /** The bracket opened at `open` reaches the end of the text. */
  unclosed(open: number): never {
    const c = this.s.charAt(open);
    this.fail(`this '${c}' is never closed: add '${c === '[' ? ']' : c === '(' ? ')' : '}'}'`, open, 1, 'unbalanced');
  }

  /** The bracket opened at `open` is closed at `at` by the wrong kind (`close` was expected). */
  wrongCloser(open: number, close: number, at: number): never {
    const o = this.s.charAt(open);
    const { line, column } = lineColumn(this.s, open);
    this.fail(`'${this.s.charAt(at)}' does not match the '${o}' opened at line ${line}, column ${column}: expected '${String.fromCharCode(close)}'`, at, 1, 'unbalanced');
  }

  /** Length of the bracketed text starting at `p`, for underlining (a cheap bounded scan). */
  bracketExtent(p: number): number {
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

  /** Refuses an array of `n` elements (spanning `start..end`) when it is over the limit. */
  checkLimit(n: number, start: number, end: number): void {
    if (!(n <= this.maxElements)) {
      this.fail(`this would make ${n} elements, more than the limit of ${this.maxElements}`, start, end - start, 'too-large');
    }
  }

  // ---------------------------------------------------------------- trivia

  /** Skips whitespace, `#`, `//` and block comments and backslash line continuations. */
  skip(p: number): number {
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

  /** The end of the identifier starting at `p`. */
  identEnd(p: number): number {
    while (isIdentPart(this.s.charCodeAt(p))) p++;
    return p;
  }

  // ---------------------------------------------------------------- numbers

  /**
   * Scans an unsigned number at `p0` (a digit or `.` followed by a digit). Sets nv/nInt/nBig and
   * returns the end. Fast path: up to 15 significant digits and a decimal exponent within +-22 are
   * exact in one IEEE operation (Clinger); anything longer goes through `Number()` on the digits.
   */
  // eslint-disable-next-line complexity -- the literal reader's hot path: one pass over a number's characters with its state (mantissa, digits, scale, exponent, kind) in locals; split, the parts would pass them all back and forth
  scanNumber(p0: number): number {
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

  /** A number must not run into a name or another dot (`1.2.3`, `3px`). */
  private checkAfterNumber(p0: number, p: number): number {
    const c = this.s.charCodeAt(p);
    if (isIdentPart(c) || c === 46) {
      let q = p;
      while (isIdentPart(this.s.charCodeAt(q)) || this.s.charCodeAt(q) === 46) q++;
      this.fail(`'${this.s.slice(p0, q)}' is not a number this reader understands`, p0, q - p0);
    }
    return p;
  }
}
