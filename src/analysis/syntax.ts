/**
 * Python statements and expressions, read from tokens (tokens.ts) into a small syntax tree: enough to find
 * imports, assignments and calls with their arguments and exact spans. Nothing is evaluated.
 *
 * Contracts:
 * - Never throws on any input: text it cannot read becomes an `other` node (its spans kept, its calls still
 *   found through `children`), so half-typed code degrades to "not recognised", never to an error.
 * - Every node carries `start`/`end` offsets into the source, so callers can underline or rewrite it.
 * - Recursion is bounded (`MAX_DEPTH` nested expressions): deeper text becomes an `other` node.
 */
import { NameFilter, tokenize, type Token, type Tokens } from './tokens';

export { NameFilter };

export type Expr =
  | { k: 'name'; id: string; start: number; end: number }
  | { k: 'attr'; value: Expr; attr: string; attrStart: number; start: number; end: number }
  | { k: 'call'; func: Expr; args: Arg[]; open: number; close: number; start: number; end: number }
  | { k: 'subscript'; value: Expr; items: Expr[]; start: number; end: number }
  | { k: 'num'; value: number; isInt: boolean; start: number; end: number }
  | { k: 'str'; value: string; start: number; end: number }
  | { k: 'const'; value: boolean | null; start: number; end: number }
  | { k: 'tuple' | 'list'; elts: Expr[]; start: number; end: number }
  | { k: 'unary'; op: string; operand: Expr; start: number; end: number }
  | { k: 'ellipsis'; start: number; end: number }
  | { k: 'slice'; start: number; end: number }
  | { k: 'other'; children: Expr[]; start: number; end: number };

export interface Arg {
  /** The keyword, for `name=value`. */
  name?: string;
  nameStart?: number;
  value: Expr;
  /** `*args` / `**kwargs`. */
  star?: '*' | '**';
  /** The whole argument, keyword included. */
  start: number;
  end: number;
}

/**
 * An assignment or expression statement. Its value is read when first asked for (`value`): most statements of a
 * big file are never looked at, so their expressions are never built. `hasName` tells from the tokens alone
 * whether a name occurs in it.
 */
export class CodeStatement {
  private parsed: Expr | undefined;
  constructor(
    readonly k: 'assign' | 'expr',
    readonly targets: Expr[],
    private readonly toks: Tokens,
    private readonly from: number,
    private readonly to: number,
    readonly start: number,
    readonly end: number,
  ) {}

  get value(): Expr {
    if (this.parsed === undefined) {
      const r = new Reader(this.toks, this.from, this.to);
      this.parsed = r.exprList() ?? { k: 'other', children: [], start: this.toks.at(this.from)?.start ?? this.start, end: this.end };
    }
    return this.parsed;
  }

  /** Whether a name token of the value is in `names` (from the tokens alone). */
  hasName(names: NameFilter): boolean {
    return this.toks.hasName(this.from, this.to, names);
  }
}

export type Statement =
  | { k: 'import'; names: { module: string; alias?: string }[]; start: number; end: number }
  | { k: 'from'; module: string; names: { name: string; alias?: string }[]; start: number; end: number }
  | CodeStatement;

export interface Module {
  text: string;
  statements: Statement[];
}

const MAX_DEPTH = 100;

const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'async', 'match', 'case']);
const BINARY = new Set(['+', '-', '*', '/', '//', '%', '**', '@', '|', '&', '^', '<<', '>>', '<', '>', '==', '!=', '<=', '>=', 'in', 'not', 'is', 'and', 'or', 'if', 'else', ':=']);

/** Reads a statement's tokens. `i` is the index of the next token; `end` is one past the statement's last token. */
class Reader {
  i: number;
  depth = 0;
  constructor(readonly toks: Tokens, start: number, readonly end: number) {
    this.i = start;
  }

  peek(offset = 0): Token | undefined {
    const j = this.i + offset;
    return j < this.end ? this.toks.at(j) : undefined;
  }

  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  isName(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'name' && t.text === text;
  }

  lastEnd(): number {
    return this.toks.at(Math.max(0, this.i - 1))?.end ?? 0;
  }

  /** Skips to the token matching the bracket just consumed (or the end), returning the closing token. */
  skipBalanced(): Token | undefined {
    let d = 1;
    while (this.i < this.end) {
      const t = this.toks.at(this.i++)!;
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') d++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        d--;
        if (d === 0) return t;
      }
    }
    return undefined;
  }

  /** A comma-separated expression list up to a top-level `=`, `:` or the end; a bare tuple when it has commas. */
  exprList(stop: (r: Reader) => boolean = () => false): Expr | undefined {
    const start = this.peek()?.start;
    const elts: Expr[] = [];
    let comma = false;
    while (this.i < this.end && !stop(this)) {
      const e = this.test();
      if (!e) break;
      elts.push(e);
      if (this.isOp(',')) {
        comma = true;
        this.i++;
      } else {
        break;
      }
    }
    if (elts.length === 0 || start === undefined) return undefined;
    if (!comma && elts.length === 1) return elts[0];
    return { k: 'tuple', elts, start, end: elts[elts.length - 1]!.end };
  }

  /** One expression, operators included (operator expressions become `other` nodes holding their operands). */
  test(): Expr | undefined {
    const first = this.peek();
    if (!first) return undefined;
    if (first.kind === 'name' && first.text === 'lambda') {
      // lambda args: body -- the body may hold calls; the parameters are not read.
      this.i++;
      while (this.i < this.end && !this.isOp(':')) this.i++;
      this.i++;
      const body = this.test();
      return { k: 'other', children: body ? [body] : [], start: first.start, end: body?.end ?? this.lastEnd() };
    }
    const parts: Expr[] = [];
    let e = this.unary();
    if (!e) return undefined;
    parts.push(e);
    for (;;) {
      const t = this.peek();
      if (!t || !BINARY.has(t.text) || (t.kind !== 'op' && t.kind !== 'name')) break;
      this.i++;
      if (t.text === 'not' && this.isName('in')) this.i++;
      if (t.text === 'is' && this.isName('not')) this.i++;
      const rhs = this.unary();
      if (!rhs) break;
      parts.push(rhs);
    }
    if (parts.length === 1) return e;
    e = { k: 'other', children: parts, start: parts[0]!.start, end: parts[parts.length - 1]!.end };
    return e;
  }

  unary(): Expr | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (this.depth > MAX_DEPTH) return this.rest(t);
    if ((t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '*' || t.text === '**')) ||
      (t.kind === 'name' && (t.text === 'not' || t.text === 'await'))) {
      this.i++;
      this.depth++;
      const operand = this.unary();
      this.depth--;
      if (!operand) return { k: 'other', children: [], start: t.start, end: t.end };
      return { k: 'unary', op: t.text, operand, start: t.start, end: operand.end };
    }
    return this.postfix();
  }

  /** Everything left of the statement as one opaque node (text nested or chained beyond what is read). */
  rest(t: Token): Expr {
    this.i = this.end;
    return { k: 'other', children: [], start: t.start, end: this.toks.at(this.end - 1)?.end ?? t.end };
  }

  postfix(): Expr | undefined {
    let e = this.atom();
    if (!e) return undefined;
    // Chains (`a.b.c...`, `f()()()...`) nest to the left: bounded like brackets, so walking the tree stays shallow.
    for (let links = 0; ; links++) {
      if (links > MAX_DEPTH) {
        const t = this.peek();
        return t ? { k: 'other', children: [], start: e.start, end: this.rest(t).end } : e;
      }
      if (this.isOp('.') && this.peek(1)?.kind === 'name') {
        const name = this.peek(1)!;
        this.i += 2;
        e = { k: 'attr', value: e, attr: name.text, attrStart: name.start, start: e.start, end: name.end };
      } else if (this.isOp('(')) {
        const open = this.peek()!;
        this.i++;
        const { args, close } = this.args();
        e = { k: 'call', func: e, args, open: open.start, close, start: e.start, end: close + 1 };
      } else if (this.isOp('[')) {
        this.i++;
        const items: Expr[] = [];
        this.depth++;
        while (this.i < this.end && !this.isOp(']')) {
          const item = this.sliceItem();
          if (item) items.push(item);
          if (this.isOp(',')) this.i++;
          else if (!this.isOp(']')) {
            this.skipBalanced();
            this.i--;
            break;
          }
        }
        this.depth--;
        const close = this.peek();
        if (close) this.i++;
        e = { k: 'subscript', value: e, items, start: e.start, end: close?.end ?? this.lastEnd() };
      } else {
        return e;
      }
    }
  }

  sliceItem(): Expr | undefined {
    const start = this.peek()?.start ?? 0;
    let e = this.isOp(':') ? undefined : this.test();
    if (this.isOp(':')) {
      while (this.isOp(':') || (!this.isOp(',') && !this.isOp(']') && this.i < this.end)) {
        if (this.isOp(':')) this.i++;
        else this.test();
      }
      e = { k: 'slice', start, end: this.lastEnd() };
    }
    return e;
  }

  /** Arguments after a consumed `(`, up to and including the `)`. */
  args(): { args: Arg[]; close: number } {
    const args: Arg[] = [];
    this.depth++;
    while (this.i < this.end && !this.isOp(')')) {
      const t = this.peek()!;
      let arg: Arg | undefined;
      if (t.kind === 'name' && this.isOp('=', 1)) {
        this.i += 2;
        const value = this.test();
        if (value) arg = { name: t.text, nameStart: t.start, value, start: t.start, end: value.end };
      } else if (t.kind === 'op' && (t.text === '*' || t.text === '**')) {
        this.i++;
        const value = this.test();
        if (value) arg = { star: t.text as '*' | '**', value, start: t.start, end: value.end };
      } else {
        const value = this.test();
        if (value) arg = { value, start: value.start, end: value.end };
      }
      // A generator expression as the only argument: `f(x for x in y)` -- read as one opaque argument.
      if (arg && this.isName('for')) {
        while (this.i < this.end && !this.isOp(')') && !this.isOp(',')) {
          if (this.isOp('(') || this.isOp('[') || this.isOp('{')) {
            this.i++;
            this.skipBalanced();
          } else this.i++;
        }
        arg = { ...arg, value: { k: 'other', children: [arg.value], start: arg.start, end: this.lastEnd() } };
      }
      if (arg) args.push(arg);
      if (this.isOp(',')) this.i++;
      else if (!this.isOp(')')) {
        // Something this reader does not know: skip to the closing bracket.
        this.skipBalanced();
        this.depth--;
        return { args, close: this.lastEnd() - 1 };
      }
    }
    this.depth--;
    const close = this.peek();
    if (close) this.i++;
    return { args, close: close ? close.start : this.lastEnd() - 1 };
  }

  atom(): Expr | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (this.depth > MAX_DEPTH) return this.rest(t);
    if (t.kind === 'name') return this.nameAtom(t);
    if (t.kind === 'number') return this.numberAtom(t);
    if (t.kind === 'string') return this.stringAtom(t);
    if (t.kind !== 'op') return undefined;
    if (t.text === '...') {
      this.i++;
      return { k: 'ellipsis', start: t.start, end: t.end };
    }
    if (t.text === '(' || t.text === '[') return this.bracketAtom(t);
    if (t.text === '{') return this.braceAtom(t);
    return undefined;
  }

  /** `True`, `False`, `None` as constants; any other name as a name. */
  private nameAtom(t: Token): Expr {
    this.i++;
    if (t.text === 'True' || t.text === 'False') return { k: 'const', value: t.text === 'True', start: t.start, end: t.end };
    if (t.text === 'None') return { k: 'const', value: null, start: t.start, end: t.end };
    return { k: 'name', id: t.text, start: t.start, end: t.end };
  }

  /** A number literal: `_` separators dropped, hex/octal/binary read, imaginary numbers NaN. */
  private numberAtom(t: Token): Expr {
    this.i++;
    const text = t.text.replace(/_/g, '');
    const isInt = /^(0[xob][0-9a-f]+|\d+)$/i.test(text);
    const value = /^0[xob]/i.test(text) ? Number(text) : isInt ? parseInt(text, 10) : /j$/i.test(text) ? NaN : Number(text);
    return { k: 'num', value, isInt, start: t.start, end: t.end };
  }

  /** A string literal and the ones adjacent to it (they concatenate); f-strings and bytes are not constants. */
  private stringAtom(t: Token): Expr {
    this.i++;
    let value = stringValue(t.text);
    let end = t.end;
    // Adjacent literals concatenate.
    while (this.peek()?.kind === 'string') {
      const next = this.peek()!;
      value = value === undefined ? undefined : (stringValue(next.text) === undefined ? undefined : value + stringValue(next.text)!);
      end = next.end;
      this.i++;
    }
    return value === undefined
      ? { k: 'other', children: [], start: t.start, end }
      : { k: 'str', value, start: t.start, end };
  }

  /** `(...)` or `[...]`: a tuple, a list, a parenthesised expression, or (comprehensions) what was read as children. */
  private bracketAtom(t: Token): Expr {
    this.i++;
    this.depth++;
    const close = t.text === '(' ? ')' : ']';
    const elts: Expr[] = [];
    let comma = false;
    let opaque = false;
    while (this.i < this.end && !this.isOp(close)) {
      const e = this.test();
      if (e) elts.push(e);
      if (this.isOp(',')) {
        comma = true;
        this.i++;
      } else if (!this.isOp(close)) {
        // A comprehension or something else: keep what was read as children.
        opaque = true;
        this.skipBalanced();
        this.i--;
        break;
      }
    }
    this.depth--;
    const closeTok = this.peek();
    if (closeTok) this.i++;
    const end = closeTok?.end ?? this.lastEnd();
    if (opaque) return { k: 'other', children: elts, start: t.start, end };
    if (t.text === '(' && !comma && elts.length === 1) return { ...elts[0]!, start: elts[0]!.start, end: elts[0]!.end };
    return { k: t.text === '(' ? 'tuple' : 'list', elts, start: t.start, end };
  }

  /** `{...}` (a dict or set): opaque, with the expressions inside as children so their calls stay findable. */
  private braceAtom(t: Token): Expr {
    this.i++;
    const before = this.i;
    this.skipBalanced();
    const inner = readAll(this.toks, before, Math.max(before, this.i - 1));
    return { k: 'other', children: inner, start: t.start, end: this.lastEnd() };
  }
}

/** The expressions of a token range that is not one expression (dict bodies): calls inside stay findable. */
function readAll(toks: Tokens, start: number, end: number): Expr[] {
  const r = new Reader(toks, start, end);
  const out: Expr[] = [];
  while (r.i < end) {
    const e = r.test();
    if (e) out.push(e);
    else r.i++;
  }
  return out;
}

/** The value of a Python string literal token, or undefined for f-strings and bytes (not constants here). */
export function stringValue(text: string): string | undefined {
  let p = 0;
  let raw = false;
  while (p < text.length && text[p] !== '"' && text[p] !== "'") {
    const c = text[p]!.toLowerCase();
    if (c === 'f' || c === 'b') return undefined;
    if (c === 'r') raw = true;
    p++;
  }
  const q = text[p];
  if (q === undefined) return undefined;
  const triple = text.startsWith(q.repeat(3), p);
  const open = triple ? 3 : 1;
  const body = text.slice(p + open, text.endsWith(q.repeat(open)) && text.length - open > p + open - 1 ? text.length - open : text.length);
  if (raw) return body;
  return body.replace(/\\(.)/gs, (_m, ch: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' } as Record<string, string>)[ch] ?? `\\${ch}`);
}

function dotted(r: Reader): { text: string; ok: boolean } {
  let text = '';
  while (r.isOp('.')) {
    text += '.';
    r.i++;
  }
  let ok = false;
  while (r.peek()?.kind === 'name' && r.peek()!.text !== 'import' && r.peek()!.text !== 'as') {
    text += r.peek()!.text;
    r.i++;
    ok = true;
    if (r.isOp('.')) {
      text += '.';
      r.i++;
    } else break;
  }
  return { text, ok };
}

/** `import a.b as c, d`: the modules and their aliases (reading stops at the first thing that is not one). */
function parseImport(r: Reader, b: number, start: number, end: number): Statement {
  r.i++;
  const names: { module: string; alias?: string }[] = [];
  while (r.i < b) {
    const m = dotted(r);
    if (!m.ok) break;
    let alias: string | undefined;
    if (r.isName('as') && r.peek(1)?.kind === 'name') {
      alias = r.peek(1)!.text;
      r.i += 2;
    }
    names.push({ module: m.text, alias });
    if (r.isOp(',')) r.i++;
    else break;
  }
  return { k: 'import', names, start, end };
}

/** `from m import a as b, c` (or `(...)`, or `*`); undefined without `import`. */
function parseFrom(r: Reader, b: number, start: number, end: number): Statement | undefined {
  r.i++;
  const m = dotted(r);
  if (!r.isName('import')) return undefined;
  r.i++;
  const names: { name: string; alias?: string }[] = [];
  if (r.isOp('(')) r.i++;
  while (r.i < b) {
    const t = r.peek()!;
    if (t.kind !== 'name' && !(t.kind === 'op' && t.text === '*')) break;
    r.i++;
    let alias: string | undefined;
    if (r.isName('as') && r.peek(1)?.kind === 'name') {
      alias = r.peek(1)!.text;
      r.i += 2;
    }
    names.push({ name: t.text, alias });
    if (r.isOp(',')) r.i++;
    else break;
  }
  return { k: 'from', module: m.text, names, start, end };
}

/** Whether token `j` opens (1), closes (-1) or is not (0) a bracket. */
function bracketStep(toks: Tokens, j: number): number {
  if (toks.isOp1(j, 40) || toks.isOp1(j, 91) || toks.isOp1(j, 123)) return 1;
  if (toks.isOp1(j, 41) || toks.isOp1(j, 93) || toks.isOp1(j, 125)) return -1;
  return 0;
}

/**
 * A compound statement's header (`def`, `class`, `if`, `for`, `with`, ...): the header's expressions (`with x:`,
 * `for a in b:`) are read for their calls; after the top-level `:`, a one-line body is a statement of its own.
 */
function parseCompound(toks: Tokens, a: number, b: number, keyword: string, out: Statement[]): void {
  let colon = -1;
  let d = 0;
  for (let j = a + 1; j < b; j++) {
    const step = bracketStep(toks, j);
    if (step !== 0) d += step;
    else if (toks.isOp1(j, 58) && d <= 0) {
      colon = j;
      break;
    }
  }
  const hb = colon < 0 ? b : colon;
  if (keyword !== 'def' && keyword !== 'class' && a + 1 < hb) {
    out.push(new CodeStatement('expr', [], toks, a + 1, hb, toks.starts[a + 1]!, toks.ends[hb - 1]!));
  }
  if (colon >= 0) parseStatement(toks, colon + 1, b, out);
}

/** The top-level `=` signs of tokens `from..b`, which split targets from the value (none after a top-level `lambda`). */
function assignmentCuts(toks: Tokens, from: number, b: number): number[] {
  const cuts: number[] = [];
  let d = 0;
  for (let j = from; j < b; j++) {
    // A lambda's default arguments (`lambda x=1: x`) are not assignments.
    if (d === 0 && toks.isName(j, 'lambda')) break;
    const step = bracketStep(toks, j);
    if (step !== 0) d += step;
    else if (d === 0 && toks.isOp1(j, 61)) cuts.push(j);
  }
  return cuts;
}

const VALUE_KEYWORDS = new Set(['return', 'yield', 'raise', 'assert', 'del']);

/** Reads the statement in tokens `a..b` into `out` (a compound header with a one-line body adds two). */
function parseStatement(toks: Tokens, a: number, b: number, out: Statement[]): void {
  if (a >= b) return;
  const r = new Reader(toks, a, b);
  const first = toks.at(a)!;
  const start = first.start;
  const end = toks.ends[b - 1]!;
  const keyword = first.kind === 'name' ? first.text : undefined;
  if (keyword === 'import') {
    out.push(parseImport(r, b, start, end));
    return;
  }
  if (keyword === 'from') {
    const s = parseFrom(r, b, start, end);
    if (s) out.push(s);
    return;
  }
  if (first.kind === 'op' && first.text === '@') {
    if (a + 1 < b) out.push(new CodeStatement('expr', [], toks, a + 1, b, start, end));
    return;
  }
  if (keyword !== undefined && (keyword === 'def' || keyword === 'class' || COMPOUND.has(keyword))) {
    parseCompound(toks, a, b, keyword, out);
    return;
  }
  const from = keyword !== undefined && VALUE_KEYWORDS.has(keyword) ? a + 1 : a;
  // Top-level `=` signs split targets from the value; an annotation (`x: T = v`) ends its target at the `:`.
  const cuts = assignmentCuts(toks, from, b);
  if (from >= b) return;
  if (cuts.length === 0) {
    out.push(new CodeStatement('expr', [], toks, from, b, start, end));
    return;
  }
  const targets: Expr[] = [];
  let seg = from;
  for (const cut of cuts) {
    const tr = new Reader(toks, seg, cut);
    const target = tr.exprList((x) => x.isOp(':'));
    if (target) targets.push(target);
    seg = cut + 1;
  }
  if (seg >= b) return;
  out.push(new CodeStatement('assign', targets, toks, seg, b, start, end));
}

/** Reads every statement of `text` (a Python module or notebook cell). Never throws. */
export function parseModule(text: string): Module {
  const toks = tokenize(text);
  const statements: Statement[] = [];
  let a = 0;
  for (let j = 0; j < toks.length; j++) {
    if (toks.isNewline(j) || toks.isOp1(j, 59)) {
      parseStatement(toks, a, j, statements);
      a = j + 1;
    }
  }
  parseStatement(toks, a, toks.length, statements);
  return { text, statements };
}

/** Every call in `e`, outermost first (a call's callee and arguments after the call itself). */
export function forEachCall(e: Expr, visit: (call: Extract<Expr, { k: 'call' }>, parent: Expr | undefined) => void, parent?: Expr): void {
  switch (e.k) {
    case 'call':
      visit(e, parent);
      forEachCall(e.func, visit, e);
      for (const a of e.args) forEachCall(a.value, visit, e);
      break;
    case 'attr':
      forEachCall(e.value, visit, e);
      break;
    case 'subscript':
      forEachCall(e.value, visit, e);
      for (const x of e.items) forEachCall(x, visit, e);
      break;
    case 'tuple':
    case 'list':
      for (const x of e.elts) forEachCall(x, visit, e);
      break;
    case 'unary':
      forEachCall(e.operand, visit, e);
      break;
    case 'other':
      for (const x of e.children) forEachCall(x, visit, e);
      break;
    default:
      break;
  }
}

/** `a.b.c` for a name or attribute chain, else undefined. */
export function dottedName(e: Expr): string | undefined {
  if (e.k === 'name') return e.id;
  if (e.k === 'attr') {
    const base = dottedName(e.value);
    return base === undefined ? undefined : `${base}.${e.attr}`;
  }
  return undefined;
}
