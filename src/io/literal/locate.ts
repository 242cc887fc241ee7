/**
 * Finds the array literal under the cursor when nothing is selected: the outermost bracketed expression
 * or array-constructor call around the cursor that reads as an array (numbers, known constants and
 * known functions only), extended through a `.reshape(...)`/`.astype(...)`/`.T` chain.
 *
 * Contracts:
 * - Called on every hover, so it is cheap: it scans at most `maxScanChars` (default 256 Ki) UTF-16 units
 *   before the cursor and as many after it, once, left to right, without regular expressions, and
 *   returns `undefined` as soon as the cursor is in a string or no bracket encloses it.
 * - Strings and comments are skipped (`#` in Python, `//` and block comments in JavaScript/JSONC; both
 *   when the language is unknown). The scan starts at a line start, so a window that begins inside a
 *   multi-line string or comment can mislead it; the parser then reports a clean error.
 * - Subscripts (`a[0]`), dict/object braces, comprehensions, slices and calls of unknown functions are
 *   not literals: the search moves inward to the next enclosing bracket.
 * - A literal larger than the scan window is not returned (a hover must not parse it); the inner row
 *   under the cursor may be returned instead.
 */
import { isIdentPart } from './chars';
import { ARRAY_CONSTRUCTORS, GENERATORS, METHODS, dtypeOfName, isKnownIdentifier, isTypedArrayName, libOf } from './names';

export interface LocateOptions {
  /** How far to look on each side of the cursor, in UTF-16 code units. */
  maxScanChars?: number;
  /** VS Code language id: `python` (`#` comments, `//` is floor division), `javascript`, `json`, ... */
  language?: string;
}

export interface LocatedLiteral {
  /** Offset of the first character of the literal (or of its constructor name). */
  start: number;
  /** Offset just past the literal, including any `.reshape(...)` chain. */
  end: number;
  /** The name it is assigned to (`x = ...`, `const x = ...`, `"x": ...`), if any. */
  name?: string;
}

export const DEFAULT_MAX_SCAN_CHARS = 256 * 1024;

const KEYWORDS_BEFORE_VALUE = new Set(['return', 'yield', 'in', 'and', 'or', 'not', 'else', 'await', 'case', 'of', 'typeof', 'print', 'is']);

interface Scan {
  text: string;
  py: boolean;
  js: boolean;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

/**
 * Skips a string or comment starting at `p`, returning the position after it, or `p` when `p` starts
 * neither. Unterminated strings end at the line end (or at `hi` for triple quotes / block comments).
 */
function skipStringOrComment(sc: Scan, p: number, hi: number): number {
  const s = sc.text;
  const c = s.charCodeAt(p);
  if (c === 35 && sc.py) {
    while (p < hi && s.charCodeAt(p) !== 10) p++;
    return p;
  }
  if (c === 47 && sc.js) {
    const d = s.charCodeAt(p + 1);
    if (d === 47) {
      while (p < hi && s.charCodeAt(p) !== 10) p++;
      return p;
    }
    if (d === 42) {
      const e = s.indexOf('*/', p + 2);
      return e < 0 || e > hi ? hi : e + 2;
    }
    return p;
  }
  if (c === 34 || c === 39 || c === 96) return skipString(sc, p, hi, c);
  return p;
}

/** Skips the string opened by quote `c` at `p`: Python's triple quotes, backslash escapes; a line end ends all but `. */
function skipString(sc: Scan, p: number, hi: number, c: number): number {
  const s = sc.text;
  if (sc.py && s.charCodeAt(p + 1) === c && s.charCodeAt(p + 2) === c) {
    const q = String.fromCharCode(c, c, c);
    const e = s.indexOf(q, p + 3);
    return e < 0 || e > hi ? hi : e + 3;
  }
  let q = p + 1;
  while (q < hi) {
    const d = s.charCodeAt(q);
    if (d === 92) {
      q += 2;
      continue;
    }
    if (d === c) return q + 1;
    if (d === 10 && c !== 96) return q;
    q++;
  }
  return hi;
}

/** Finds the array literal around `offset` (see the module comment), or `undefined`. */
export function findArrayLiteralAt(text: string, offset: number, options: LocateOptions = {}): LocatedLiteral | undefined {
  const found = locate(text, offset, options);
  if (found !== undefined) return found;
  // The caret just after a literal (`x = [1, 2]|`) means that literal.
  let p = Math.min(offset, text.length) - 1;
  while (p >= 0 && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p--;
  const c = text.charCodeAt(p);
  if (p >= 0 && p < offset && (c === 93 || c === 41)) {
    const r = locate(text, p, options);
    if (r !== undefined && r.end === p + 1) return r;
  }
  return undefined;
}

function locate(text: string, offset: number, options: LocateOptions): LocatedLiteral | undefined {
  const max = options.maxScanChars ?? DEFAULT_MAX_SCAN_CHARS;
  const lang = options.language?.toLowerCase();
  const py = lang === undefined || !/^(javascript|typescript|javascriptreact|typescriptreact|json|jsonc)$/.test(lang);
  const js = lang === undefined || lang !== 'python';
  const sc: Scan = { text, py, js };
  const len = text.length;
  const at = Math.max(0, Math.min(offset, len));
  let lo = Math.max(0, at - max);
  if (lo > 0) {
    const nl = text.indexOf('\n', lo);
    lo = nl < 0 || nl >= at ? lo : nl + 1;
  }
  const hi = Math.min(len, at + max);
  const stack = openersAround(sc, lo, cursorInCall(text, at, hi));
  if (stack === undefined || stack.length === 0) return undefined;

  // Each plausible bracket costs a scan to its closer; deep nesting of plausible brackets (e.g. a
  // thousand bare parentheses) would make that quadratic, so only the innermost 32 openers are tried.
  for (const open of stack.length > 32 ? stack.slice(-32) : stack) {
    const cand = candidate(sc, open, hi);
    if (cand !== undefined) return cand;
  }
  return undefined;
}

/** The cursor on a constructor or method name, or on an opening bracket, counts as inside its call. */
function cursorInCall(text: string, cursor: number, hi: number): number {
  let probe = cursor;
  while (probe < hi && (isIdentPart(text.charCodeAt(probe)) || text.charCodeAt(probe) === 46)) probe++;
  let q = probe;
  while (q < hi && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
  const atOpen = text.charCodeAt(q);
  return (probe > cursor || q === cursor) && (atOpen === 40 || atOpen === 91) ? q + 1 : cursor;
}

/**
 * The openers (positions of `[`, `(`, `{`) enclosing `cursor`, outermost first, scanning from `lo` and skipping
 * strings and comments; undefined when the cursor is inside a string.
 */
function openersAround(sc: Scan, lo: number, cursor: number): number[] | undefined {
  const text = sc.text;
  const stack: number[] = [];
  let p = lo;
  while (p < cursor) {
    const c = text.charCodeAt(p);
    if (c === 91 || c === 40 || c === 123) {
      stack.push(p);
      p++;
    } else if (c === 93 || c === 41 || c === 125) {
      stack.pop();
      p++;
    } else if (c === 35 || c === 47 || c === 34 || c === 39 || c === 96) {
      const e = skipStringOrComment(sc, p, text.length);
      if (e === p) {
        p++;
        continue;
      }
      if (e > cursor) {
        // The cursor is inside this string or comment.
        if (c === 35 || c === 47) break; // in a comment: the enclosing brackets still count
        return undefined;
      }
      p = e;
    } else p++;
  }
  return stack;
}

/**
 * The name called by the bracket at `open`, and where it lies: `b` its last character (after skipping blanks back
 * from the bracket), `a` the position before its first (a dotted name such as `np.array` or `.reshape`).
 */
function calleeBefore(s: string, open: number): { a: number; b: number; callee: string } {
  let b = open - 1;
  while (b >= 0 && (s.charCodeAt(b) === 32 || s.charCodeAt(b) === 9)) b--;
  let a = b;
  while (a >= 0 && (isIdentPart(s.charCodeAt(a)) || s.charCodeAt(a) === 46)) a--;
  return { a, b, callee: s.slice(a + 1, b + 1) };
}

/** Where a constructor call whose name starts after `a` begins: at `new` when one precedes it, else at the name. */
function constructorStart(s: string, a: number): number {
  let n = a;
  while (n >= 0 && (s.charCodeAt(n) === 32 || s.charCodeAt(n) === 9)) n--;
  return n >= 2 && s.slice(n - 2, n + 1) === 'new' && (n < 3 || !isIdentPart(s.charCodeAt(n - 3))) ? n - 2 : a + 1;
}

/** The literal that starts with the bracket at `open`, if that bracket is one. */
function candidate(sc: Scan, open: number, hi: number): LocatedLiteral | undefined {
  const s = sc.text;
  const kind = s.charCodeAt(open);
  if (kind === 123) return undefined;
  // What precedes the bracket: a callee name, a value (subscript), or an operator.
  const { a, b, callee } = calleeBefore(s, open);
  const prev = b >= 0 ? s.charCodeAt(b) : 0;
  if ((isIdentPart(prev) || prev === 46) && !KEYWORDS_BEFORE_VALUE.has(callee)) {
    if (kind === 91) return undefined; // a subscript such as a[0]
    if (callee.startsWith('.')) {
      // Inside `.reshape(...)` of a chain: the literal starts at the chain's head.
      const head = chainHead(sc, a + 1);
      return head === undefined ? undefined : finish(sc, head.start, head.open, hi);
    }
    return isArrayCallee(callee) ? finish(sc, constructorStart(s, a), open, hi) : undefined;
  }
  if (prev === 41 || prev === 93 || prev === 34 || prev === 39) return undefined; // f(x)[0], a[0][1], 'abc'[0], or a call of a call
  return finish(sc, open, open, hi);
}

/** Checks and extends the candidate that starts at `start` with its first bracket at `open`. */
function finish(sc: Scan, start: number, open: number, hi: number): LocatedLiteral | undefined {
  const s = sc.text;
  const close = matchClose(sc, open, hi);
  if (close < 0) return undefined;
  if (!looksLikeLiteral(sc, start, close + 1)) return undefined;
  const end = extendChain(sc, close + 1, hi);
  const located: LocatedLiteral = { start, end };
  const name = assignedName(s, start);
  if (name !== undefined) located.name = name;
  return located;
}

/**
 * Walks back from the `.` of a method call to the start of the chain: `np.arange(16)` in
 * `np.arange(16).reshape(4, 4).T.astype(...)`. Returns the head's start and its first bracket.
 */
function chainHead(sc: Scan, dot: number): { start: number; open: number } | undefined {
  const s = sc.text;
  let p = dot;
  for (let guard = 0; guard < 64; guard++) {
    let q = p - 1;
    while (q >= 0 && isSpace(s.charCodeAt(q))) q--;
    const c = s.charCodeAt(q);
    if (c === 41 || c === 93) {
      const o = matchOpenBackward(s, q, Math.max(0, q - DEFAULT_MAX_SCAN_CHARS));
      if (o < 0) return undefined;
      const { a, callee } = calleeBefore(s, o);
      if (callee === '' || KEYWORDS_BEFORE_VALUE.has(callee)) return { start: o, open: o };
      if (callee.startsWith('.')) {
        p = a + 1;
        continue;
      }
      return isArrayCallee(callee) ? { start: constructorStart(s, a), open: o } : undefined;
    }
    if (isIdentPart(c)) {
      // An attribute such as `.T` in the chain.
      let a = q;
      while (a >= 0 && isIdentPart(s.charCodeAt(a))) a--;
      if (s.charCodeAt(a) !== 46 || !METHODS.has(s.slice(a + 1, q + 1))) return undefined;
      p = a;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** The opener matching the closer at `close`, scanning backwards (brackets only) down to `lo`. */
function matchOpenBackward(s: string, close: number, lo: number): number {
  let depth = 0;
  for (let p = close; p >= lo; p--) {
    const c = s.charCodeAt(p);
    if (c === 93 || c === 41 || c === 125) depth++;
    else if (c === 91 || c === 40 || c === 123) {
      depth--;
      if (depth === 0) return p;
    }
  }
  return -1;
}

function isArrayCallee(callee: string): boolean {
  const dot = callee.lastIndexOf('.');
  const ns = dot < 0 ? '' : callee.slice(0, dot);
  const word = callee.slice(dot + 1);
  if (isTypedArrayName(callee)) return true;
  if ((word === 'from' || word === 'of') && isTypedArrayName(ns)) return true;
  const lib = libOf(ns);
  if (lib === undefined || lib === 'math' || lib === 'js') return false;
  if (lib === 'builtin') return word === 'array' || word === 'tensor';
  return ARRAY_CONSTRUCTORS.has(word) || GENERATORS.has(word) || dtypeOfName(lib, word) !== undefined;
}

/** Position of the bracket closing `open`, or -1 if it is not closed before `hi`. */
function matchClose(sc: Scan, open: number, hi: number): number {
  const s = sc.text;
  let depth = 0;
  let p = open;
  while (p < hi) {
    const c = s.charCodeAt(p);
    if (c === 91 || c === 40 || c === 123) depth++;
    else if (c === 93 || c === 41 || c === 125) {
      depth--;
      if (depth === 0) return p;
    } else if (c === 35 || c === 47 || c === 34 || c === 39 || c === 96) {
      const e = skipStringOrComment(sc, p, hi);
      if (e > p) {
        p = e;
        continue;
      }
    }
    p++;
  }
  return -1;
}

/**
 * A cheap lexical check that `[start, end)` is something the parser can read: no braces, colons,
 * comprehensions or lambdas; every identifier known (or a keyword argument); at least one number or
 * constant.
 */
function looksLikeLiteral(sc: Scan, start: number, end: number): boolean {
  const s = sc.text;
  let p = start;
  let values = 0;
  while (p < end) {
    const c = s.charCodeAt(p);
    if (c >= 48 && c <= 57) {
      values++;
      while (p < end && (isIdentPart(s.charCodeAt(p)) || s.charCodeAt(p) === 46)) p++;
      continue;
    }
    if (isIdentPart(c)) {
      const w = wordAt(s, p, end);
      if (w.unknown) return false;
      if (w.value) values++;
      p = w.end;
      continue;
    }
    if (c === 123 || c === 58 || c === 59) return false;
    if (c === 61 && s.charCodeAt(p + 1) === 62) return false;
    if (c === 35 || c === 47 || c === 34 || c === 39 || c === 96) {
      const e = skipStringOrComment(sc, p, end);
      if (e > p) {
        p = e;
        continue;
      }
    }
    p++;
  }
  return values > 0 || /Array|zeros|ones|eye|arange|range|identity|linspace|full/.test(s.slice(start, Math.min(end, start + 40)));
}

/** Words that are values in a literal (they count as its content, as numbers do). */
const VALUE_WORDS: ReadonlySet<string> = new Set(['True', 'False', 'true', 'false', 'nan', 'inf', 'NaN', 'Infinity']);

/** The identifier at `p`: where it ends, whether the reader knows it (or it names a keyword argument), whether it is a value. */
function wordAt(s: string, p: number, end: number): { end: number; unknown: boolean; value: boolean } {
  let e = p;
  while (e < end && isIdentPart(s.charCodeAt(e))) e++;
  const word = s.slice(p, e);
  let n = e;
  while (n < end && (s.charCodeAt(n) === 32 || s.charCodeAt(n) === 9)) n++;
  const kwarg = s.charCodeAt(n) === 61 && s.charCodeAt(n + 1) !== 61;
  return { end: e, unknown: !kwarg && !isKnownIdentifier(word), value: VALUE_WORDS.has(word) };
}

/** Extends past `.reshape(...)`, `.astype(...)`, `.T` and other known methods. */
function extendChain(sc: Scan, end: number, hi: number): number {
  const s = sc.text;
  for (;;) {
    let p = end;
    while (p < hi && (isSpace(s.charCodeAt(p)) || (s.charCodeAt(p) === 92 && isSpace(s.charCodeAt(p + 1))))) p++;
    if (s.charCodeAt(p) !== 46) return end;
    let q = p + 1;
    while (q < hi && isSpace(s.charCodeAt(q))) q++;
    let e = q;
    while (e < hi && isIdentPart(s.charCodeAt(e))) e++;
    if (e === q || !METHODS.has(s.slice(q, e))) return end;
    let r = e;
    while (r < hi && (s.charCodeAt(r) === 32 || s.charCodeAt(r) === 9)) r++;
    if (s.charCodeAt(r) === 40) {
      const close = matchClose(sc, r, hi);
      if (close < 0) return end;
      end = close + 1;
    } else end = e;
  }
}

/** `x = `, `const x: T = `, `self.x = `, `"x": ` just before `start` on the same line. */
function assignedName(s: string, start: number): string | undefined {
  let p = start - 1;
  while (p >= 0 && (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9)) p--;
  const c = s.charCodeAt(p);
  const lineStart = s.lastIndexOf('\n', p) + 1;
  if (c === 58) {
    // JSON key
    let q = p - 1;
    while (q >= lineStart && (s.charCodeAt(q) === 32 || s.charCodeAt(q) === 9)) q--;
    const quote = s.charCodeAt(q);
    if (quote !== 34 && quote !== 39) return undefined;
    const open = s.lastIndexOf(String.fromCharCode(quote), q - 1);
    return open >= lineStart ? s.slice(open + 1, q) : undefined;
  }
  if (c !== 61 || '=!<>+-*/%&|^'.includes(s.charAt(p - 1))) return undefined;
  let left = s.slice(lineStart, p).trim();
  const colon = left.indexOf(':');
  if (colon >= 0) left = left.slice(0, colon).trim();
  for (const kw of ['export ', 'const ', 'let ', 'var ']) if (left.startsWith(kw)) left = left.slice(kw.length).trim();
  for (const kw of ['const ', 'let ', 'var ']) if (left.startsWith(kw)) left = left.slice(kw.length).trim();
  if (left.length === 0 || left.length > 200) return undefined;
  for (let i = 0; i < left.length; i++) {
    const d = left.charCodeAt(i);
    if (!isIdentPart(d) && d !== 46) return undefined;
  }
  return left;
}
