/**
 * Expressions outside list brackets: signs, parentheses and tuples, strings, dotted names (constants,
 * dtypes, calls) and the `.method(...)` chain after a value.
 *
 *   expr    := ('-' | '+')* postfix
 *   postfix := primary ('.' name [args])*
 *   primary := list | '(' expr ')' | tuple | number | string | name [args] | 'new' name args
 *
 * Contracts: each reader starts at `sc.pos` and leaves it just after what it read; nesting is bounded
 * by {@link MAX_EXPR_DEPTH}; names are only ever looked up in the tables of names.ts, never evaluated.
 */
import { isDigit, isIdentStart } from './chars';
import { call } from './calls';
import { castFlat } from './dtypes';
import { Flat } from './flat';
import { listValue, tupleValue } from './lists';
import { applyMethod } from './methods';
import { constantOf, dtypeOfName, isTypedArrayName, libOf } from './names';
import { Scanner } from './scanner';
import type { Args, Value } from './values';

/** Bound on expression nesting outside lists (parentheses, calls, unary signs). */
const MAX_EXPR_DEPTH = 128;

/** expr := ('-' | '+')* postfix */
export function parseExpr(sc: Scanner): Value {
  if (++sc.exprDepth > MAX_EXPR_DEPTH) sc.fail(`expression nesting is deeper than ${MAX_EXPR_DEPTH} levels`, sc.pos, 1, 'too-large');
  const s = sc.s;
  let p = sc.skip(sc.pos);
  const start = p;
  let neg = false;
  let signs = false;
  while (s.charCodeAt(p) === 45 || s.charCodeAt(p) === 43) {
    if (s.charCodeAt(p) === 45) neg = !neg;
    signs = true;
    p = sc.skip(p + 1);
  }
  sc.pos = p;
  let v = parsePostfix(sc);
  if (signs) v = negateIf(sc, v, neg, start);
  sc.exprDepth--;
  return v;
}

/**
 * Length of the expression starting at `at`, or 0 when it does not read: a fresh read for error
 * spans, so the caller's cursor is left alone.
 */
export function expressionLength(sc: Scanner, at: number): number {
  const sub = new Scanner(sc.s, sc.maxElements);
  sub.pos = at;
  try {
    parseExpr(sub);
    return sub.pos - at;
  } catch {
    return 0;
  }
}

/** Applies the signs in front of a value (a sign makes a bool an int; an unsigned array is re-checked). */
function negateIf(sc: Scanner, v: Value, neg: boolean, start: number): Value {
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
        sc.fail('cannot negate a boolean array', start, v.end - start, 'unsupported');
      }
      if (a.dtype !== undefined && a.dtype.startsWith('uint')) castFlat(sc, a, a.dtype, start, v.end);
    }
    return { ...v, start };
  }
  return sc.fail('a sign can only come before a number or an array', start, v.end - start, 'syntax');
}

/** postfix := primary ('.' name [args])* */
function parsePostfix(sc: Scanner): Value {
  const s = sc.s;
  let v = parsePrimary(sc);
  for (;;) {
    const p = sc.skip(sc.pos);
    if (s.charCodeAt(p) !== 46 || !isIdentStart(s.charCodeAt(sc.skip(p + 1)))) {
      sc.pos = v.end;
      return v;
    }
    const nameStart = sc.skip(p + 1);
    const nameEnd = sc.identEnd(nameStart);
    const name = s.slice(nameStart, nameEnd);
    let q = sc.skip(nameEnd);
    let args: Args | undefined;
    if (s.charCodeAt(q) === 40) {
      args = parseArgs(sc, q);
      q = args.end;
    } else q = nameEnd;
    v = applyMethod(sc, v, name, nameStart, nameEnd, args, q);
    sc.pos = q;
  }
}

function parsePrimary(sc: Scanner): Value {
  const s = sc.s;
  const p = sc.skip(sc.pos);
  const c = s.charCodeAt(p);
  if (c === 91) return listValue(sc, p, 93);
  if (c === 40) return parenValue(sc, p);
  if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(p + 1)))) {
    const end = sc.scanNumber(p);
    sc.pos = end;
    return { k: 'num', v: sc.nv, big: sc.nBig, t: sc.nInt ? 'int' : 'float', start: p, end };
  }
  if (c === 39 || c === 34 || c === 96) return stringValue(sc, p);
  if (isIdentStart(c)) return nameValue(sc, p);
  if (c === 123) sc.fail('an object or dict is not an array: select the array inside it', p, sc.bracketExtent(p) || 1, 'unsupported');
  if (p >= sc.len) sc.fail('expected an array literal, found the end of the text', p, 0);
  if (s.startsWith('...', p) || s.charCodeAt(p) === 0x2026) {
    sc.fail("this is numpy's abbreviated printout ('...'): the elements in between are missing. Print the full array with np.set_printoptions(threshold=sys.maxsize), or save it with np.save and open the .npy", p, s.charCodeAt(p) === 0x2026 ? 1 : 3, 'unsupported');
  }
  if (c === 93 || c === 41 || c === 125) sc.fail(`'${s.charAt(p)}' has no matching opening bracket`, p, 1, 'unbalanced');
  return sc.fail(`expected a number, a list or an array constructor, found ${sc.describeAt(p)}`, p, 1);
}

/** `( ... )`: a parenthesised expression, or a tuple when a comma appears (or `()`). */
function parenValue(sc: Scanner, open: number): Value {
  const s = sc.s;
  let p = sc.skip(open + 1);
  if (s.charCodeAt(p) === 41) {
    sc.pos = p + 1;
    const f = new Flat(1);
    f.shape = [0];
    return { k: 'arr', a: f, start: open, end: p + 1 };
  }
  sc.pos = p;
  const first = parseExpr(sc);
  p = sc.skip(sc.pos);
  const c = s.charCodeAt(p);
  if (c === 41) {
    sc.pos = p + 1;
    return { ...first, start: open, end: p + 1 };
  }
  if (c !== 44) {
    if (p >= sc.len) sc.unclosed(open);
    sc.fail(`expected ',' or ')' here, found ${sc.describeAt(p)}`, p, 1);
  }
  sc.pyCue = true;
  return tupleValue(sc, open, first, p + 1);
}

/** A quoted string (dtype names, `order=`, `float('nan')`); backslash escapes keep the next character. */
function stringValue(sc: Scanner, open: number): Value {
  const s = sc.s;
  const q = s.charCodeAt(open);
  let p = open + 1;
  let out = '';
  let from = p;
  for (;;) {
    if (p >= sc.len) sc.fail('this string is never closed', open, 1, 'unbalanced');
    const c = s.charCodeAt(p);
    if (c === q) break;
    if (c === 10 && q !== 96) sc.fail('this string is never closed on its line', open, p - open, 'unbalanced');
    if (c === 92) {
      out += s.slice(from, p) + s.charAt(p + 1);
      p += 2;
      from = p;
      continue;
    }
    p++;
  }
  out += s.slice(from, p);
  sc.pos = p + 1;
  return { k: 'str', v: out, start: open, end: p + 1 };
}

/** A dotted name: a constant, a dtype, or a call (`np.array(...)`, `new Float32Array(...)`). */
function nameValue(sc: Scanner, start: number): Value {
  const s = sc.s;
  let p = start;
  let isNew = false;
  let nameStart = start;
  let end = sc.identEnd(p);
  if (s.slice(start, end) === 'new') {
    sc.jsCue = true;
    isNew = true;
    nameStart = sc.skip(end);
    if (!isIdentStart(s.charCodeAt(nameStart))) sc.fail("expected a constructor name after 'new'", start, end - start);
    end = sc.identEnd(nameStart);
  }
  // Extend over `.ident` segments while they are namespaces (np.random is not; stop at methods).
  const parts = [s.slice(nameStart, end)];
  p = end;
  for (;;) {
    const dot = sc.skip(p);
    if (s.charCodeAt(dot) !== 46) break;
    const q = sc.skip(dot + 1);
    if (!isIdentStart(s.charCodeAt(q))) break;
    const prefix = parts.join('.');
    if (libOf(prefix) === undefined && !(prefix === 'jax' || prefix === 'tf.experimental')) {
      if (!isTypedArrayName(prefix)) break;
    }
    const qe = sc.identEnd(q);
    const word = s.slice(q, qe);
    if (isTypedArrayName(prefix) && word !== 'from' && word !== 'of') break;
    parts.push(word);
    end = qe;
    p = qe;
  }
  const after = sc.skip(end);
  const word = parts[parts.length - 1] as string;
  const ns = parts.slice(0, -1).join('.');
  const full = parts.join('.');
  if (s.charCodeAt(after) === 40) {
    const args = parseArgs(sc, after);
    sc.pos = args.end;
    return call(sc, isNew, ns, word, full, args, start);
  }
  if (isNew) sc.fail(`expected '(' after 'new ${full}'`, start, end - start);
  sc.pos = end;
  return constant(sc, ns, word, full, start, end);
}

/** A name that is not called: a boolean, None/null, a float constant or a dtype. */
function constant(sc: Scanner, ns: string, word: string, full: string, start: number, end: number): Value {
  const lib = libOf(ns);
  if (lib !== undefined) {
    if (lib === 'builtin') {
      if (word === 'True' || word === 'False') {
        sc.pyCue = true;
        return { k: 'num', v: word === 'True' ? 1 : 0, big: undefined, t: 'bool', start, end };
      }
      if (word === 'true' || word === 'false') {
        sc.jsCue = true;
        return { k: 'num', v: word === 'true' ? 1 : 0, big: undefined, t: 'bool', start, end };
      }
      if (word === 'None') {
        sc.pyCue = true;
        return { k: 'none', start, end };
      }
      if (word === 'null' || word === 'undefined') {
        sc.jsCue = true;
        return { k: 'none', start, end };
      }
      if (word === 'NaN' || word === 'Infinity') sc.jsCue = true;
    }
    const c = constantOf(lib, word);
    if (c !== undefined) return { k: 'num', v: c, big: undefined, t: 'float', start, end };
    const d = dtypeOfName(lib, word);
    if (d !== undefined) return { k: 'dtype', d, start, end };
    if (word === 'complex64' || word === 'complex128' || word === 'complex' || word === 'cfloat' || word === 'cdouble') {
      sc.fail(`'${full}': complex dtypes are not supported, pooling needs real values`, start, end - start, 'unsupported');
    }
    if (word === 'bfloat16') sc.fail(`'${full}' is not supported: use float32 or float16`, start, end - start, 'unsupported');
  }
  return sc.fail(`unknown name '${full}': a literal can only use numbers and known constants such as np.nan, inf, True (variables are never evaluated)`, start, end - start, 'unknown-name');
}

/** `( args )` at `open`: positional arguments, then `name=value` keyword arguments. */
export function parseArgs(sc: Scanner, open: number): Args {
  const s = sc.s;
  const args: Args = { pos: [], kw: new Map(), kwStart: new Map(), start: open, end: open };
  let p = open + 1;
  for (;;) {
    p = sc.skip(p);
    let c = s.charCodeAt(p);
    if (c === 41) {
      p++;
      break;
    }
    if (p >= sc.len) sc.unclosed(open);
    let kw: string | undefined;
    if (isIdentStart(c)) {
      const e = sc.identEnd(p);
      const q = sc.skip(e);
      if (s.charCodeAt(q) === 61 && s.charCodeAt(q + 1) !== 61) {
        kw = s.slice(p, e);
        args.kwStart.set(kw, p);
        p = q + 1;
      }
    }
    sc.pos = p;
    const v = parseExpr(sc);
    if (kw !== undefined) args.kw.set(kw, v);
    else {
      if (args.kw.size > 0) sc.fail('a positional argument cannot follow a keyword argument', v.start, v.end - v.start);
      args.pos.push(v);
    }
    p = sc.skip(sc.pos);
    c = s.charCodeAt(p);
    if (c === 44) {
      p++;
      continue;
    }
    if (c === 41) {
      p++;
      break;
    }
    if (p >= sc.len) sc.unclosed(open);
    if (c === 93 || c === 125) sc.wrongCloser(open, 41, p);
    sc.fail(`expected ',' or ')' after this argument, found ${sc.describeAt(p)}`, p, 1);
  }
  args.end = p;
  return args;
}
