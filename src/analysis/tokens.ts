/**
 * A tokenizer-light scanner for Python source: enough of Python's lexical rules to read statements
 * without running anything.
 *
 * Contracts:
 * - One left-to-right pass, linear in the text, no regular expressions on the hot path.
 * - Comments (`#` to the end of the line, notebook markers such as `# %%` included) are skipped; strings
 *   (single, double, triple-quoted, with any of the `rbfu` prefixes) become one `string` token; an
 *   unterminated single-quoted string ends at the line end, an unterminated triple-quoted one at the end.
 * - `newline` tokens mark the end of a logical line only: inside brackets and after a backslash
 *   continuation, line breaks are ignored, as Python does. Unbalanced closing brackets never make the
 *   depth negative, so one stray `)` cannot hide the rest of the file.
 * - Operators are one token each (`**`, `//`, `->`, `:=`, `==`, ...); anything else unknown is a
 *   one-character `op`.
 */

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline';

export interface Token {
  kind: TokenKind;
  /** Offset of the first character (UTF-16 code units). */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** The token's text (for `newline`, an empty string). */
  text: string;
}

const TWO_CHAR_OPS = new Set(['**', '//', '->', ':=', '==', '!=', '<=', '>=', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);
const THREE_CHAR_OPS = new Set(['...', '**=', '//=', '>>=', '<<=']);
/** One-character operators as shared strings (no allocation per token). */
const ONE_CHAR: string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));
/** Characters that can start a multi-character operator. */
const MULTI_START = new Set([42, 47, 45, 58, 61, 33, 60, 62, 43, 37, 38, 124, 94, 64, 46]);

function opLength(s: string, p: number, c: number): number {
  if (!MULTI_START.has(c)) return 1;
  if (THREE_CHAR_OPS.has(s.slice(p, p + 3))) return 3;
  if (TWO_CHAR_OPS.has(s.slice(p, p + 2))) return 2;
  return 1;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of a string prefix (`r`, `b`, `f`, `u`, `rb`, `br`, `fr`, `rf`, any case) before a quote at `p`, or -1. */
function stringPrefixLength(s: string, p: number): number {
  for (let n = 0; n <= 2; n++) {
    const q = s.charCodeAt(p + n);
    if (q === 34 || q === 39) return n;
    const c = s.charCodeAt(p + n) | 32;
    if (c !== 114 && c !== 98 && c !== 102 && c !== 117) return -1;
  }
  return -1;
}

/** Returns the offset just past the string whose opening quote is at `q`. */
function skipString(s: string, q: number): number {
  const quote = s.charCodeAt(q);
  const triple = s.charCodeAt(q + 1) === quote && s.charCodeAt(q + 2) === quote;
  let p = q + (triple ? 3 : 1);
  const n = s.length;
  while (p < n) {
    const c = s.charCodeAt(p);
    if (c === 92) {
      p += 2;
      continue;
    }
    if (c === quote) {
      if (!triple) return p + 1;
      if (s.charCodeAt(p + 1) === quote && s.charCodeAt(p + 2) === quote) return p + 3;
    } else if (c === 10 && !triple) {
      return p;
    }
    p++;
  }
  return n;
}

const STATEMENT_KEYWORDS = ['def ', 'class ', 'import ', 'from ', '@', 'if ', 'for ', 'while ', 'with ', 'try:', 'return', 'async '];

function startsStatement(s: string, p: number): boolean {
  const c = s.charCodeAt(p);
  if (!(isIdentStart(c) || c === 64)) return false;
  return STATEMENT_KEYWORDS.some((k) => s.startsWith(k, p));
}

const KIND_NAMES: readonly TokenKind[] = ['name', 'number', 'string', 'op', 'newline'];
const NAME = 0, NUMBER = 1, STRING = 2, OP = 3, NEWLINE = 4;

/**
 * The tokens of a text, held in typed arrays: a big file makes tens of thousands of tokens and most are never
 * looked at, so `Token` objects (and their text) are made only for the ones a reader asks for (`at`).
 */
export class Tokens {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  /** Made on first use with the final length (writing past the end of an empty array would make it a slow dictionary). */
  private objects: (Token | undefined)[] | undefined;

  constructor(readonly source: string) {
    const capacity = (source.length >> 2) + 16;
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(kind: number, start: number, end: number): void {
    if (this.length === this.kinds.length) {
      const grow = <T extends Uint8Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.kinds = grow(this.kinds);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.kinds[this.length] = kind;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Token `i` as an object (made once, on first use), or undefined outside the tokens. */
  at(i: number): Token | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const objects = (this.objects ??= new Array<Token | undefined>(this.length).fill(undefined));
    let t = objects[i];
    if (t === undefined) {
      t = { kind: KIND_NAMES[this.kinds[i]!]!, start: this.starts[i]!, end: this.ends[i]!, text: this.text(i) };
      objects[i] = t;
    }
    return t;
  }

  text(i: number): string {
    const kind = this.kinds[i]!;
    if (kind === NEWLINE) return '';
    const start = this.starts[i]!, end = this.ends[i]!;
    if (kind === OP && end - start === 1) {
      const c = this.source.charCodeAt(start);
      return ONE_CHAR[c] ?? this.source[start]!;
    }
    return this.source.slice(start, end);
  }

  isNewline(i: number): boolean {
    return this.kinds[i] === NEWLINE;
  }

  /** Whether token `i` is the one-character operator with char code `c`. */
  isOp1(i: number, c: number): boolean {
    return this.kinds[i] === OP && this.ends[i]! - this.starts[i]! === 1 && this.source.charCodeAt(this.starts[i]!) === c;
  }

  isName(i: number, word: string): boolean {
    return this.kinds[i] === NAME && this.ends[i]! - this.starts[i]! === word.length && this.source.startsWith(word, this.starts[i]!);
  }

  /** Whether a name token in [from, to) is one of `filter`'s names (strings are made only for likely ones). */
  hasName(from: number, to: number, filter: NameFilter): boolean {
    const s = this.source;
    for (let j = from; j < to; j++) {
      if (this.kinds[j] !== NAME) continue;
      const start = this.starts[j]!, end = this.ends[j]!;
      if (!filter.lengths.has(end - start) || !filter.firsts.has(s.charCodeAt(start))) continue;
      if (filter.names.has(s.slice(start, end))) return true;
    }
    return false;
  }
}

/** A set of names with a cheap pre-check (length and first character) for scanning many tokens. */
export class NameFilter {
  readonly names = new Set<string>();
  readonly lengths = new Set<number>();
  readonly firsts = new Set<number>();

  constructor(names: Iterable<string> = []) {
    for (const n of names) this.add(n);
  }

  add(name: string): void {
    if (name === '') return;
    this.names.add(name);
    this.lengths.add(name.length);
    this.firsts.add(name.charCodeAt(0));
  }
}

/** Space, tab, form feed or carriage return: skipped between tokens. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 13;
}

/** Whether the backslash at `p` is the last character of its line (before `\n` or `\r\n`): the logical line continues. */
function isLineContinuation(s: string, p: number): boolean {
  const next = s.charCodeAt(p + 1);
  return next === 10 || (next === 13 && s.charCodeAt(p + 2) === 10);
}

/** The end of the number literal at `start`: digits, letters, `_` and `.`, and an exponent's sign (not in hex/octal/binary). */
function numberEnd(s: string, start: number): number {
  const n = s.length;
  let p = start;
  while (p < n) {
    const d = s.charCodeAt(p);
    if (isIdentPart(d) || d === 46) p++;
    else if ((d === 43 || d === 45) && (s.charCodeAt(p - 1) | 32) === 101 && !/^0[xob]/i.test(s.slice(start, start + 2))) p++;
    else break;
  }
  return p;
}

/** The bracket depth after the one-character operator `c`: opening brackets add one, closing ones take one (not below 0). */
function depthAfter(c: number, depth: number): number {
  if (c === 40 || c === 91 || c === 123) return depth + 1;
  if ((c === 41 || c === 93 || c === 125) && depth > 0) return depth - 1;
  return depth;
}

export function tokenize(s: string): Tokens {
  const tokens = new Tokens(s);
  const n = s.length;
  let depth = 0;
  let p = 0;
  const newline = (at: number): void => {
    if (tokens.length > 0 && tokens.kinds[tokens.length - 1] !== NEWLINE) tokens.push(NEWLINE, at, at);
  };
  while (p < n) {
    const c = s.charCodeAt(p);
    if (isBlank(c)) {
      p++;
    } else if (c === 10) {
      // Recovery while typing: an unclosed bracket must not swallow the rest of the file. A line that starts
      // at column 0 with a statement keyword cannot continue a bracketed expression.
      if (depth > 0 && startsStatement(s, p + 1)) depth = 0;
      if (depth === 0) newline(p);
      p++;
    } else if (c === 35) {
      while (p < n && s.charCodeAt(p) !== 10) p++;
    } else if (c === 92 && isLineContinuation(s, p)) {
      p += s.charCodeAt(p + 1) === 10 ? 2 : 3;
    } else if (isIdentStart(c)) {
      const pre = stringPrefixLength(s, p);
      if (pre > 0) {
        const end = skipString(s, p + pre);
        tokens.push(STRING, p, end);
        p = end;
        continue;
      }
      const start = p;
      while (p < n && isIdentPart(s.charCodeAt(p))) p++;
      tokens.push(NAME, start, p);
    } else if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(p + 1)))) {
      const start = p;
      p = numberEnd(s, start);
      tokens.push(NUMBER, start, p);
    } else if (c === 34 || c === 39) {
      const end = skipString(s, p);
      tokens.push(STRING, p, end);
      p = end;
    } else {
      const len = opLength(s, p, c);
      if (len === 1) depth = depthAfter(c, depth);
      tokens.push(OP, p, p + len);
      p += len;
    }
  }
  newline(n);
  return tokens;
}
