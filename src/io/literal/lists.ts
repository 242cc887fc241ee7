/**
 * Bracketed lists and tuples: `[[1, 2], [3, 4]]`, `(1, 2)`, numpy's printed `[[1. 2.]\n [3. 4.]]`.
 * Elements are appended to one {@link Flat} in row-major order while the shape is checked as each list
 * closes, so a ragged row is reported where it is, not after the whole literal has been read.
 *
 * Contracts:
 * - Nesting deeper than {@link MAX_DEPTH} is refused before recursing further.
 * - Rows of plain numbers take a tight loop ({@link fastRow}); everything else, and anything that loop
 *   cannot read exactly, goes through the general loop and the expression reader, with the same result.
 * - Elements are counted against `maxElements` as the buffer grows, before it grows.
 */
import * as chars from './chars';
import { parseExpr } from './expressions';
import { Flat } from './flat';
import * as scanner from './scanner';
import type { Scanner } from './scanner';
import { MAX_DEPTH } from './shapes';
import { notANumber, type Value } from './values';

// Bound once at load for the per-character loops: where TypeScript is run as CommonJS (tsx, as the
// tests and benchmarks are), every use of an imported name is a getter call.
const { isDigit, isIdentPart, isIdentStart } = chars;
const { POW10 } = scanner;

/** Shape bookkeeping for one bracketed literal while it is read. */
export interface ListState {
  /** Length every list at each depth must have, -1 until the first list at that depth closes. */
  dims: number[];
  /** Depth at which numbers sit (the list at depth d holds elements at depth d + 1); -1 unknown. */
  leaf: number;
  /** Index of each open list within its parent, for error messages. */
  path: number[];
}

/** Reads a list literal at `open` into a new array value; leaves `sc.pos` after it. */
export function listValue(sc: Scanner, open: number, close: number): Value {
  const b = new Flat();
  const st: ListState = { dims: [], leaf: -1, path: [0] };
  const end = parseList(sc, b, st, 0, open, close, open + 1, 0);
  b.shape = shapeOf(st);
  sc.pos = end;
  return { k: 'arr', a: b, start: open, end };
}

/**
 * Reads a tuple whose first element `first` has been read and whose comma ends just before `next`;
 * leaves `sc.pos` after the closing parenthesis.
 */
export function tupleValue(sc: Scanner, open: number, first: Value, next: number): Value {
  const b = new Flat();
  const st: ListState = { dims: [], leaf: -1, path: [0, 0] };
  pushValue(sc, b, st, 1, first);
  const end = parseList(sc, b, st, 0, open, 41, next, 1);
  b.shape = shapeOf(st);
  sc.pos = end;
  return { k: 'arr', a: b, start: open, end };
}

/** Reads the elements of a list opened at `open` until `close`; elements sit at `depth + 1`. */
export function parseList(sc: Scanner, b: Flat, st: ListState, depth: number, open: number, close: number, first: number, count0: number): number {
  if (depth >= MAX_DEPTH) sc.fail(`nesting is deeper than ${MAX_DEPTH} levels`, open, 1, 'too-large');
  const s = sc.s;
  const elemDepth = depth + 1;
  let count = count0;
  let p = first;
  // Separators: commas, or whitespace alone as numpy's print() writes `[[1. 2.]\n [3. 4.]]`;
  // one list may not mix them.
  let commas = count0 > 0;
  let spaces = false;
  if (st.leaf === elemDepth || st.leaf === -1) {
    p = fastRow(sc, b, st, elemDepth, p, close);
    count += sc.rowCount;
    if (sc.rowClosed) {
      listClosed(sc, st, depth, count, open, p);
      return p;
    }
    if (sc.rowCount > 0) commas = true;
  }
  for (;;) {
    p = sc.skip(p);
    let c = s.charCodeAt(p);
    if (c === close) {
      p++;
      break;
    }
    p = readElement(sc, b, st, elemDepth, open, close, p, count);
    count++;
    const afterElement = p;
    p = sc.skip(p);
    c = s.charCodeAt(p);
    if (c === 44) {
      if (spaces) sc.fail("a comma in a list whose elements are separated by spaces: use one or the other", p, 1);
      commas = true;
      p++;
      continue;
    }
    if (c === close) {
      p++;
      break;
    }
    if (p >= sc.len) sc.unclosed(open);
    if (c === 93 || c === 41 || c === 125) sc.wrongCloser(open, close, p);
    if (!commas && p > afterElement && close === 93 && startsElement(c, s.charCodeAt(p + 1))) {
      spaces = true;
      sc.printed = true;
      continue;
    }
    sc.fail(`expected ',' or '${String.fromCharCode(close)}' after this element, found ${sc.describeAt(p)}`, p, 1);
  }
  listClosed(sc, st, depth, count, open, p);
  return p;
}

/**
 * Reads the element at `el` (element number `count`, at `elemDepth`) of the list opened at `open`:
 * a nested list, a plain or negative number, or any other expression. Returns the position after it.
 */
function readElement(sc: Scanner, b: Flat, st: ListState, elemDepth: number, open: number, close: number, el: number, count: number): number {
  const s = sc.s;
  const c = s.charCodeAt(el);
  let p = el;
  if (c === 91) {
    if (st.leaf !== -1 && st.leaf <= elemDepth) {
      sc.fail('found a list where a number is expected: the elements before it are numbers (ragged nesting)', el, sc.bracketExtent(el), 'ragged');
    }
    st.path[elemDepth] = count;
    return parseList(sc, b, st, elemDepth, p, 93, p + 1, 0);
  }
  if ((c >= 48 && c <= 57) || (c === 46 && isDigit(s.charCodeAt(p + 1)))) {
    p = sc.scanNumber(p);
    if (st.leaf !== elemDepth) leafHere(sc, st, elemDepth, el, p);
    pushNum(sc, b, el);
    return p;
  }
  if (c === 45 && (isDigit(s.charCodeAt(p + 1)) || (s.charCodeAt(p + 1) === 46 && isDigit(s.charCodeAt(p + 2))))) {
    p = sc.scanNumber(p + 1);
    if (st.leaf !== elemDepth) leafHere(sc, st, elemDepth, el, p);
    sc.nv = -sc.nv;
    if (sc.nBig !== undefined) sc.nBig = -sc.nBig;
    pushNum(sc, b, el);
    return p;
  }
  if (p >= sc.len) sc.unclosed(open);
  if (c === 44) sc.fail('missing element: two commas in a row (or a comma right after the opening bracket)', p, 1);
  if (c === 93 || c === 41 || c === 125) sc.wrongCloser(open, close, p);
  sc.pos = p;
  const v = parseExpr(sc);
  st.path[elemDepth] = count;
  pushValue(sc, b, st, elemDepth, v);
  return sc.pos;
}

/**
 * The hot path for rows of plain numbers (`-12`, `3.25`, separated by `, ` and newlines): a tight loop
 * with local state. It stops before the first element it cannot read exactly by itself (exponents,
 * underscores, names, comments, more than 15 digits) and leaves it to the general loop; an element
 * whose separator is unusual is undone and left too. Sets `sc.rowCount` and `sc.rowClosed`.
 */
// eslint-disable-next-line complexity -- the fast path the doc comment describes: one tight loop over a row with its state in locals
function fastRow(sc: Scanner, b: Flat, st: ListState, elemDepth: number, p: number, close: number): number {
  const s = sc.s;
  let vals = b.vals;
  let starts = b.starts;
  let n = b.n;
  let count = 0;
  let sawInt = false;
  let sawFloat = false;
  sc.rowClosed = false;
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
    if (count === 0 && st.leaf !== elemDepth) leafHere(sc, st, elemDepth, el, end);
    if (n === vals.length) {
      b.n = n;
      grow(sc, b, el);
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
      sc.rowClosed = true;
      break;
    }
  }
  b.n = n;
  if (sawInt) b.hasInt = true;
  if (sawFloat) b.hasFloat = true;
  sc.rowCount = count;
  return p;
}

/** Appends the number the scanner just read. */
function pushNum(sc: Scanner, b: Flat, start: number): void {
  if (sc.nInt) b.hasInt = true;
  else b.hasFloat = true;
  if (sc.nBig !== undefined) (b.bigs ??= new Map()).set(b.n, sc.nBig);
  push(sc, b, sc.nv, start);
}

function push(sc: Scanner, b: Flat, v: number, start: number): void {
  if (b.n === b.vals.length) grow(sc, b, start);
  b.vals[b.n] = v;
  b.starts[b.n] = start;
  b.n++;
}

/** Makes room for more elements, refusing to grow past `maxElements`. */
function grow(sc: Scanner, b: Flat, start: number): void {
  if (b.n >= sc.maxElements) {
    sc.fail(`the literal has more than ${sc.maxElements} elements, the limit for this view`, start, 1, 'too-large');
  }
  b.reserve(Math.min(Math.max(b.n * 2, 16), Math.max(sc.maxElements, 1)));
}

/** A number (scalar) arrives as an element at depth `elemDepth`. */
function leafHere(sc: Scanner, st: ListState, elemDepth: number, start: number, end: number): void {
  if (st.leaf === elemDepth) return;
  if (st.leaf === -1) {
    // A number may not sit above lists seen earlier at a deeper level.
    if (st.dims.length > elemDepth && st.dims[elemDepth] !== undefined && (st.dims[elemDepth] as number) >= 0) {
      sc.fail('found a number where a list is expected: the elements before it are lists (ragged nesting)', start, end - start, 'ragged');
    }
    st.leaf = elemDepth;
    return;
  }
  sc.fail('found a number where a list is expected: the elements before it are lists (ragged nesting)', start, end - start, 'ragged');
}

/** A list closes at `depth` with `count` elements; compare with the lists before it at that depth. */
function listClosed(sc: Scanner, st: ListState, depth: number, count: number, start: number, end: number): void {
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
    sc.fail(`row ${row} has ${plural(count)}, rows above have ${want}`, start, end - start, 'ragged');
  }
  const where = st.path.slice(1, depth + 1).map((i) => `[${i}]`).join('');
  sc.fail(`the list at ${where} has ${plural(count)}, the lists before it at the same depth have ${want}`, start, end - start, 'ragged');
}

/** Adds an already evaluated value as one element at `elemDepth` of the list being read. */
export function pushValue(sc: Scanner, b: Flat, st: ListState, elemDepth: number, v: Value): void {
  if (v.k === 'num') {
    leafHere(sc, st, elemDepth, v.start, v.end);
    if (v.t === 'bool') b.hasBool = true;
    else if (v.t === 'int') b.hasInt = true;
    else b.hasFloat = true;
    if (v.big !== undefined) (b.bigs ??= new Map()).set(b.n, v.big);
    push(sc, b, v.v, v.start);
    return;
  }
  if (v.k !== 'arr') notANumber(sc, v);
  const a = v.a;
  const nd = a.shape.length;
  if (nd === 0) {
    leafHere(sc, st, elemDepth, v.start, v.end);
  } else {
    if (st.leaf !== -1 && st.leaf !== elemDepth + nd) {
      sc.fail(
        st.leaf <= elemDepth
          ? 'found an array where a number is expected: the elements before it are numbers (ragged nesting)'
          : `this array has ${nd} dimension${nd === 1 ? '' : 's'}, its siblings have ${st.leaf - elemDepth}`,
        v.start, v.end - v.start, 'ragged');
    }
    st.leaf = elemDepth + nd;
    for (let i = 0; i < nd; i++) listClosed(sc, st, elemDepth + i, a.shape[i] as number, v.start, v.end);
  }
  if (b.n + a.n > sc.maxElements) sc.checkLimit(b.n + a.n, v.start, v.end);
  b.append(a);
}

/** The shape a finished list had. */
function shapeOf(st: ListState): number[] {
  const depth = st.leaf === -1 ? st.dims.length : st.leaf;
  const shape: number[] = [];
  for (let i = 0; i < depth; i++) shape.push(Math.max(0, st.dims[i] ?? 0));
  return shape;
}

/** Whether `c` (followed by `d`) can begin a list element. */
function startsElement(c: number, d: number): boolean {
  return isDigit(c) || c === 91 || c === 40 || isIdentStart(c) || ((c === 45 || c === 43 || c === 46) && (isDigit(d) || d === 46 || isIdentStart(d)));
}
