/**
 * Finds the pooling layers and calls of a Python file, statically: constructors (`MaxPool2D(pool_size=2)`,
 * `nn.MaxPool2d(2)`), functional calls (`F.max_pool2d(x, 2)`, `tf.nn.max_pool2d(x, 2, 2, 'VALID')`), their
 * constant arguments, the variable a layer is assigned to and the calls that apply it to an input.
 *
 * Contracts:
 * - Nothing is run. An argument is read only when it is a literal constant (int, float, string, bool, None, or a
 *   tuple/list of those, with unary minus); anything else is kept as `notConstant` with its text and span.
 * - Arguments are matched to parameters as Python does: positional in the declared order, then keywords. An
 *   unknown keyword, a duplicate, too many positional arguments or a missing required one is a `problem` with the
 *   span to underline (Python's own wording: "got an unexpected keyword argument 'pool'").
 * - A layer assigned to a name (`pool = MaxPool2D()`, `self.pool = nn.MaxPool2d(2)`) is applied by later calls of
 *   that name, up to the next assignment of the name. `MaxPool2D()(x)` applies it at once.
 */
import { catalogShortNames, lookupLayer, type Const, type LayerDef } from './catalog';
import { Imports } from './imports';
import { CodeStatement, NameFilter, dottedName, forEachCall, parseModule, type Arg, type Expr, type Module } from './syntax';

export type CallExpr = Extract<Expr, { k: 'call' }>;

export interface Span {
  start: number;
  end: number;
}

export interface ArgRead {
  param: string;
  /** Given as `param=value`. */
  keyword: boolean;
  /** The whole argument (keyword included). */
  span: Span;
  /** The value's span. */
  valueSpan: Span;
  /** The constant, when the value is one. */
  value?: Const;
  /** The value's source text. */
  text: string;
}

export interface Problem {
  message: string;
  span: Span;
  param?: string;
}

export interface LayerSite {
  def: LayerDef;
  /** The fully qualified name, e.g. `keras.layers.MaxPool2D`. */
  qualified: string;
  /** The callee as written, e.g. `tf.keras.layers.MaxPool2D`, `F.max_pool2d`. */
  callee: string;
  /** The constructor call (layers) or the functional call. */
  call: CallExpr;
  /** Arguments read, by parameter name (the input of a functional call is `input`). */
  args: Map<string, ArgRead>;
  problems: Problem[];
  /** The name a layer is assigned to (`max_pool`, `self.pool`). */
  variable?: string;
  /** Where the layer is applied: `layer(x)` calls (for functional forms, the call itself). */
  uses: CallExpr[];
}

/** The analysis context of one file: its modules (earlier notebook cells first) and what the names mean. */
export interface Recognised {
  module: Module;
  /** Earlier cells of a notebook (their imports and assignments count, their layers are not reported). */
  context: Module[];
  imports: Imports;
  layers: LayerSite[];
  /** Every assignment to a name, in file order: context modules first, then this one. */
  assignments: Assignment[];
  /** Every expression statement and assignment of this module, in order (print lines are found here). */
  statements: CodeStatement[];
  /** The site of each layer call of this module (a use of a layer, or a functional call). */
  siteOfCall: Map<CallExpr, LayerSite>;
  /** Added to this module's offsets to compare them with `Assignment.order`. */
  moduleBase: number;
}

export interface Assignment {
  target: string;
  /** The assigned expression (read from the tokens when first asked for). */
  readonly value: Expr;
  /** The module text the expression's offsets refer to. */
  text: string;
  /** Order key: context modules come before this module; within one, the statement's end offset. */
  order: number;
  /** Added to offsets in `text` to compare them with `order`. */
  base: number;
}

/** Reads a literal constant; undefined when the expression is not one. */
export function constantOf(e: Expr): Const | undefined {
  switch (e.k) {
    case 'num':
      return Number.isNaN(e.value) ? undefined : e.value;
    case 'str':
      return e.value;
    case 'const':
      return e.value;
    case 'unary':
      if ((e.op === '-' || e.op === '+') && e.operand.k === 'num' && !Number.isNaN(e.operand.value)) {
        return e.op === '-' ? -e.operand.value : e.operand.value;
      }
      return undefined;
    case 'tuple':
    case 'list': {
      const out: Const[] = [];
      for (const x of e.elts) {
        const c = constantOf(x);
        if (c === undefined) return undefined;
        out.push(c);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Python's repr of a constant: `2`, `(2, 2)`, `'valid'`, `None`, `True`. */
export function constText(c: Const): string {
  if (c === null) return 'None';
  if (typeof c === 'boolean') return c ? 'True' : 'False';
  if (typeof c === 'string') return `'${c}'`;
  if (typeof c === 'number') return Number.isInteger(c) && !Object.is(c, -0) ? String(c) : String(c).includes('.') || !Number.isFinite(c) ? String(c) : `${c}.0`;
  return c.length === 1 ? `(${constText(c[0]!)},)` : `(${c.map(constText).join(', ')})`;
}

function readArgs(def: LayerDef, call: CallExpr, text: string, functional: boolean): { args: Map<string, ArgRead>; problems: Problem[] } {
  const args = new Map<string, ArgRead>();
  const problems: Problem[] = [];
  const positional = functional ? ['input', ...def.params] : [...def.params];
  let index = 0;
  const fn = def.name;
  const put = (param: string, a: Arg): void => {
    if (args.has(param)) {
      problems.push({ message: `${fn}() got multiple values for argument '${param}'`, span: { start: a.start, end: a.end }, param });
      return;
    }
    const value = constantOf(a.value);
    args.set(param, {
      param, keyword: a.name !== undefined, span: { start: a.start, end: a.end }, valueSpan: { start: a.value.start, end: a.value.end },
      ...(value !== undefined ? { value } : {}), text: text.slice(a.value.start, a.value.end),
    });
  };
  let unreadable = false;
  for (const a of call.args) {
    if (a.star) {
      unreadable = true;
      problems.push({ message: `${a.star}${text.slice(a.value.start, a.value.end)}: arguments unpacked at run time are not read`, span: { start: a.start, end: a.end } });
      continue;
    }
    if (a.name === undefined) {
      const param = positional[index++];
      if (param === undefined) {
        problems.push({ message: `${fn}() takes ${positional.length} positional arguments but ${call.args.filter((x) => !x.name && !x.star).length} were given`, span: { start: a.start, end: a.end } });
        continue;
      }
      put(param, a);
      continue;
    }
    if (positional.includes(a.name)) put(a.name, a);
    else if (!def.ignored.includes(a.name)) {
      const message = def.framework === 'keras'
        ? `Unrecognized keyword arguments passed to ${fn}: {'${a.name}': ${text.slice(a.value.start, a.value.end)}}`
        : `${fn}() got an unexpected keyword argument '${a.name}'`;
      problems.push({ message, span: { start: a.start, end: a.end }, param: a.name });
    }
  }
  if (!unreadable) {
    for (const p of positional) {
      if (!args.has(p) && !(p in def.defaults) && p !== 'name') {
        problems.push({ message: `${fn}() missing 1 required positional argument: '${p}'`, span: { start: call.close, end: call.close + 1 }, param: p });
      }
    }
  }
  return { args, problems };
}

function targetName(e: Expr): string | undefined {
  return dottedName(e);
}

/**
 * Recognises the pooling layers of `text`. `context` holds the text of earlier notebook cells (their imports
 * and assignments are visible here). Never throws.
 */
export function recognise(text: string, context: readonly string[] = []): Recognised {
  const module = parseModule(text);
  const contextModules = context.map((t) => parseModule(t));
  const imports = new Imports();
  const assignments: Assignment[] = [];
  let base = 0;
  const collect = (m: Module): void => {
    for (const s of m.statements) {
      if (s.k === 'import' || s.k === 'from') imports.add(s);
      else if (s instanceof CodeStatement && s.k === 'assign') {
        for (const t of s.targets) {
          const targets = t.k === 'tuple' || t.k === 'list' ? t.elts : [t];
          for (const x of targets) {
            const name = targetName(x);
            if (name === undefined) continue;
            if (!name.includes('.')) imports.shadow(name);
            // Tuple unpacking (`a, b = ...`) binds names whose values this analysis does not follow.
            const unpacked = targets.length > 1;
            const statement = s;
            assignments.push({
              target: name, text: m.text, order: base + s.end, base,
              get value(): Expr {
                return unpacked ? { k: 'other', children: [], start: statement.start, end: statement.end } : statement.value;
              },
            });
          }
        }
      }
    }
    base += m.text.length + 1;
  };
  for (const m of contextModules) collect(m);
  const moduleBase = base;
  collect(module);

  const layers: LayerSite[] = [];
  const siteOfCall = new Map<CallExpr, LayerSite>();
  const statements = module.statements.filter((s): s is CodeStatement => s instanceof CodeStatement);
  /** Layers assigned to a name, visible to later calls until the name is reassigned. */
  const live = new Map<string, LayerSite>();
  // Fast rejection: a call is a layer only if its last name is a catalogue name or an imported alias of one.
  const shortNames = catalogShortNames();
  const candidateNames = new Set([...shortNames, ...imports.aliasesOf(shortNames)]);
  const resolveCallee = (func: Expr): { def: LayerDef; qualified: string; callee: string } | undefined => {
    const last = func.k === 'name' ? func.id : func.k === 'attr' ? func.attr : undefined;
    if (last === undefined || !candidateNames.has(last)) return undefined;
    const callee = dottedName(func);
    if (callee === undefined) return undefined;
    const qualified = imports.resolve(callee);
    const candidates = qualified !== undefined ? [qualified] : callee.includes('.') ? [] : imports.starCandidates(callee);
    for (const q of candidates) {
      const def = lookupLayer(q);
      if (def) return { def, qualified: q, callee };
    }
    return undefined;
  };
  // Statements that cannot hold a layer or a layer's use are never read past their tokens.
  const interesting = new NameFilter(candidateNames);
  for (const s of statements) {
    if (!s.hasName(interesting)) {
      for (const t of s.targets) {
        const name = targetName(t);
        if (name !== undefined) live.delete(name);
      }
      continue;
    }
    const value = s.value;
    const found: LayerSite[] = [];
    const constructors = new Map<CallExpr, LayerSite>();
    forEachCall(value, (call) => {
      const known = resolveCallee(call.func);
      if (known) {
        const functional = known.def.form === 'functional';
        const { args, problems } = readArgs(known.def, call, module.text, functional);
        const site: LayerSite = { ...known, call, args, problems, uses: functional ? [call] : [] };
        found.push(site);
        if (functional) siteOfCall.set(call, site);
        else constructors.set(call, site);
        return;
      }
      // `MaxPool2D(2)(x)`: the callee is a constructor call, applied at once.
      if (call.func.k === 'call') {
        // Visited after this call (outermost first): handled below once constructors are known.
        return;
      }
      const name = dottedName(call.func);
      const layer = name !== undefined ? live.get(name) : undefined;
      if (layer) {
        layer.uses.push(call);
        siteOfCall.set(call, layer);
      }
    });
    // Immediate applications, now that this statement's constructors are known.
    if (constructors.size > 0) forEachCall(value, (call) => {
      if (call.func.k !== 'call') return;
      const layer = constructors.get(call.func);
      if (layer) {
        layer.uses.push(call);
        siteOfCall.set(call, layer);
      }
    });
    if (s.k === 'assign') {
      for (const t of s.targets) {
        const name = targetName(t);
        if (name === undefined) continue;
        const layer = s.value.k === 'call' ? constructors.get(s.value) : undefined;
        if (layer) {
          layer.variable ??= name;
          live.set(name, layer);
          interesting.add(name.slice(name.lastIndexOf('.') + 1));
        } else {
          live.delete(name);
        }
      }
    }
    layers.push(...found);
  }
  layers.sort((a, b) => a.call.start - b.call.start);
  return { module, context: contextModules, imports, layers, assignments, statements, siteOfCall, moduleBase };
}
