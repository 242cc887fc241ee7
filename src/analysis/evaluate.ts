/**
 * What an expression around a pooling layer holds, worked out without running anything: array literals (read
 * by src/io), names assigned earlier in the file, the wrappers people put around them (`.reshape`, `.astype`,
 * `np.expand_dims`, `x[None, ...]`, `torch.from_numpy`, `tf.constant`, `tf.squeeze`, `.squeeze()`,
 * `.unsqueeze`, `.float()`, `.numpy()`) and pooling layers applied to them (pooled by src/core).
 *
 * Contracts:
 * - A name means its latest assignment before the place it is read, in file order (scopes are not modelled:
 *   a function's parameter is "not known here"). Earlier notebook cells come before the cell.
 * - Every value carries the library that holds it (`numpy`, `torch`, `tf`, `python` list), because that decides
 *   what a layer accepts and how `print` shows it.
 * - Failures are values (`{ ok: false, reason, span }`) with the library's wording where the library would
 *   refuse; evaluation never throws. Inputs above `MAX_ELEMENTS` are not read (shapes then stay unknown).
 * - Dtypes: Keras layers cast floating inputs to float32 (their compute dtype) and keep integer ones (TF then
 *   refuses integer average pooling); `tf.nn` keeps the input's dtype; PyTorch keeps the tensor's dtype. The
 *   pooled values are the core's (src/core), whose integer-average dtype rules are still being aligned with the
 *   frameworks (issue 15): where they differ from the framework, no value is shown.
 */
import { PoolSpecError, planPool, pool, type DType, type PoolPlan, type PoolSpec, type Tensor } from '../core';
import { isAdaptiveOp } from '../core/spec';
import { ArrayParseError, parseArrayLiteralInfo } from '../io';
import { buildSpec, type LayerSpec } from './layerSpec';
import { constantOf, type Assignment, type CallExpr, type LayerSite, type Recognised, type Span } from './recognise';
import type { LayerDef } from './catalog';
import { dottedName, type Arg, type Expr } from './syntax';
import { cast, expandDims, reshape, shapeText, squeeze } from './tensorOps';

export type Lib = 'numpy' | 'torch' | 'tf' | 'python';

export interface Value {
  tensor: Tensor;
  lib: Lib;
  /** Some pooling layer produced (part of) this value. */
  pooled: boolean;
}

export type Evaluated = { ok: true; value: Value } | { ok: false; reason: string; span?: Span; severity?: 'error' | 'warning' };

/** What applying a layer at one call gives: the input, the plan, the output (or why not). */
export interface Application {
  site: LayerSite;
  use: CallExpr;
  layerSpec: LayerSpec;
  /** The input expression as written (`matrix`, `x[None, ...]`). */
  inputText?: string;
  input?: Value;
  /** The input as the core pools it (PyTorch's unbatched inputs get a batch axis). */
  coreInput?: Tensor;
  spec?: PoolSpec;
  plan?: PoolPlan;
  /** The output's shape as the library returns it. */
  outputShape?: number[];
  /** Why there is no output, when that is known without pooling (reading `result` may pool the input). */
  error?: Extract<Evaluated, { ok: false }>;
  result: Evaluated;
}

/** Inputs up to this many elements are pooled on the core's TypeScript path (no WebAssembly set-up per call). */
const SMALL_INPUT = 4096;

/** Inputs read and pooled at most this many elements (a 512x512 image); larger ones keep their shape unknown. */
export const MAX_ELEMENTS = 1 << 18;

const TORCH_DTYPES: Partial<Record<string, DType>> = {
  float: 'float32', float32: 'float32', double: 'float64', float64: 'float64', half: 'float16', float16: 'float16',
  int: 'int32', int32: 'int32', long: 'int64', int64: 'int64', int16: 'int16', short: 'int16', int8: 'int8', uint8: 'uint8', bool: 'bool',
};

const DTYPE_NAMES: Partial<Record<string, DType>> = {
  float16: 'float16', float32: 'float32', float64: 'float64', double: 'float64', half: 'float16', float: 'float64',
  int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int64', uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', uint64: 'uint64',
  bool: 'bool', bool_: 'bool', int: 'int64', intc: 'int32', f4: 'float32', f8: 'float64', i4: 'int32', i8: 'int64', u1: 'uint8',
};

const TORCH_TYPE_NAME: Record<DType, string> = {
  bool: 'Bool', int8: 'Char', uint8: 'Byte', int16: 'Short', uint16: 'UInt16', int32: 'Int', uint32: 'UInt32',
  int64: 'Long', uint64: 'UInt64', float16: 'Half', float32: 'Float', float64: 'Double',
};

function isFloat(d: DType): boolean {
  return d === 'float16' || d === 'float32' || d === 'float64';
}

/** A dtype named by an expression: `np.float32`, `'float32'`, `torch.float64`, `tf.float32`, `float`. */
function dtypeOf(e: Expr): DType | undefined {
  if (e.k === 'str') return DTYPE_NAMES[e.value.replace(/^[<>=|]/, '')];
  const name = dottedName(e);
  if (name === undefined) return undefined;
  const last = name.split('.').pop()!;
  if (name.startsWith('torch.')) return TORCH_DTYPES[last];
  return DTYPE_NAMES[last];
}

function libOfSyntax(syntax: string): Lib {
  if (syntax === 'torch') return 'torch';
  if (syntax === 'tf') return 'tf';
  if (syntax === 'python-list') return 'python';
  return 'numpy';
}

function ok(tensor: Tensor, lib: Lib, pooled: boolean): Evaluated {
  return { ok: true, value: { tensor, lib, pooled } };
}

function ints(e: Expr): number[] | undefined {
  const c = constantOf(e);
  if (typeof c === 'number' && Number.isInteger(c)) return [c];
  if (Array.isArray(c) && c.every((x) => typeof x === 'number' && Number.isInteger(x))) return c as number[];
  return undefined;
}

const MAX_DEPTH = 40;

type Reshaped = { ok: true; tensor: Tensor } | { ok: false; message: string };

/** `x.float()`, `x.double()`, ...: the dtype each casts to. */
const CAST_METHODS = new Map<string, DType>([['float', 'float32'], ['double', 'float64'], ['half', 'float16'], ['long', 'int64'], ['int', 'int32']]);

/** The new shape of `x.reshape(...)`/`x.view(...)`: one tuple, or one integer per axis. */
function methodShape(posArgs: readonly Arg[]): number[] | undefined {
  if (posArgs.length === 1) return ints(posArgs[0]!.value);
  const each = posArgs.map((a) => ints(a.value));
  return each.every((x) => x?.length === 1) ? each.map((x) => x![0]!) : undefined;
}

/** The dtype of `x.astype(...)`/`x.type(...)`/`x.to(...)`: the first positional argument, else `dtype=`. */
function methodDtype(e: CallExpr, posArgs: readonly Arg[]): DType | undefined {
  if (posArgs[0]) return dtypeOf(posArgs[0].value);
  const kw = e.args.find((a) => a.name === 'dtype');
  return kw ? dtypeOf(kw.value) : undefined;
}

/** A library function called around an array (`np.expand_dims(x, 0)`, `tf.constant(x)`), as its handler reads it. */
interface WrapperCall {
  lib: 'numpy' | 'torch' | 'tf';
  /** The name after the library's: `expand_dims`, `constant`. */
  fn: string;
  e: CallExpr;
  arg: (i: number, kw?: string) => Expr | undefined;
  /** The wrapped array. */
  input: () => Evaluated;
}

/** The functions that make an array of a library from another array, and the library they make it in. */
const CONVERSIONS: Record<string, Lib> = {
  'array': 'numpy', 'asarray': 'numpy', 'from_numpy': 'torch', 'tensor': 'torch', 'as_tensor': 'torch',
  'constant': 'tf', 'convert_to_tensor': 'tf', 'Variable': 'tf',
};

/** A shape change's result: numpy's functions keep the array's library, torch's and tf's return their own. */
function reshapedBy(w: WrapperCall, v: Value, r: Reshaped): Evaluated {
  return r.ok ? ok(r.tensor, w.lib === 'numpy' ? v.lib : w.lib, v.pooled) : { ok: false, reason: r.message, span: w.e };
}

/** `np.array(x)`, `torch.from_numpy(x)`, `tf.constant(x)`, ... around a name (a literal is left to src/io). */
function conversionCall(w: WrapperCall): Evaluated | undefined {
  const first = w.arg(0);
  if (!first || first.k === 'list' || first.k === 'tuple') return undefined; // a literal: src/io reads it
  const v = w.input();
  if (!v.ok) return v;
  let t = v.value.tensor;
  const dtypeArg = w.arg(99, 'dtype');
  const d = dtypeArg ? dtypeOf(dtypeArg) : undefined;
  if (d) t = cast(t, d);
  else if (w.fn === 'from_numpy' && v.value.lib === 'python') return { ok: false, reason: "expected np.ndarray (got list)", span: w.e };
  return ok(t, CONVERSIONS[w.fn]!, v.value.pooled);
}

/** `np.expand_dims(x, axis)`, `torch.unsqueeze(x, dim)`, `tf.expand_dims(x, axis)`. */
function expandDimsCall(w: WrapperCall): Evaluated {
  const v = w.input();
  if (!v.ok) return v;
  const axis = w.arg(1, w.lib === 'torch' ? 'dim' : 'axis');
  const a = axis ? ints(axis) : undefined;
  if (!a || a.length !== 1) return { ok: false, reason: 'the axis is not a constant', span: w.e };
  return reshapedBy(w, v.value, expandDims(v.value.tensor, a[0]!));
}

/** `np.squeeze(x[, axis])`, `torch.squeeze(x[, dim])`, `tf.squeeze(x[, axis])`. */
function squeezeCall(w: WrapperCall): Evaluated {
  const v = w.input();
  if (!v.ok) return v;
  const axis = w.arg(1, w.lib === 'torch' ? 'dim' : 'axis');
  const a = axis ? ints(axis) : undefined;
  return reshapedBy(w, v.value, squeeze(v.value.tensor, a?.[0]));
}

/** `np.reshape(x, newshape)`, `torch.reshape(x, shape)`, `tf.reshape(x, shape)`. */
function reshapeCall(w: WrapperCall): Evaluated {
  const v = w.input();
  if (!v.ok) return v;
  const shapeArg = w.arg(1, w.lib === 'numpy' ? 'newshape' : 'shape') ?? w.arg(99, 'shape');
  const dims = shapeArg ? ints(shapeArg) : undefined;
  if (!dims) return { ok: false, reason: 'the new shape is not a constant', span: w.e };
  return reshapedBy(w, v.value, reshape(v.value.tensor, dims));
}

/** `tf.cast(x, dtype)`. */
function tfCastCall(w: WrapperCall): Evaluated {
  const v = w.input();
  if (!v.ok) return v;
  const d = w.arg(1, 'dtype');
  const dt = d ? dtypeOf(d) : undefined;
  if (!dt) return { ok: false, reason: 'the dtype is not known here', span: w.e };
  return ok(cast(v.value.tensor, dt), 'tf', v.value.pooled);
}

/** The library functions that change an array's shape, by name. */
const SHAPE_WRAPPERS = new Map<string, (w: WrapperCall) => Evaluated>([
  ['expand_dims', expandDimsCall], ['unsqueeze', expandDimsCall], ['squeeze', squeezeCall], ['reshape', reshapeCall],
]);

export class Evaluator {
  private readonly memo = new Map<Expr, Evaluated>();
  /** Assignments by target, in file order (for the latest one before a place). */
  private readonly byTarget = new Map<string, Assignment[]>();
  private readonly applications = new Map<CallExpr, Application>();
  private depth = 0;

  constructor(readonly r: Recognised) {
    for (const a of r.assignments) {
      const list = this.byTarget.get(a.target);
      if (list) list.push(a);
      else this.byTarget.set(a.target, [a]);
    }
  }

  /** The value of `e`, an expression of this module (`text`) at module offset order `base`. */
  evaluate(e: Expr, text = this.r.module.text, base = this.r.moduleBase): Evaluated {
    const hit = this.memo.get(e);
    if (hit) return hit;
    if (this.depth > MAX_DEPTH) return { ok: false, reason: 'too many steps to follow', span: e };
    this.depth++;
    let out: Evaluated;
    try {
      out = this.compute(e, text, base);
    } catch (err) {
      out = { ok: false, reason: err instanceof Error ? err.message : String(err), span: e };
    } finally {
      this.depth--;
    }
    this.memo.set(e, out);
    return out;
  }

  /** The application of a layer at `use` (memoised). */
  apply(site: LayerSite, use: CallExpr): Application {
    const hit = this.applications.get(use);
    if (hit) return hit;
    const app = this.computeApplication(site, use);
    this.applications.set(use, app);
    return app;
  }

  private lookup(name: string, order: number): Assignment | undefined {
    const list = this.byTarget.get(name);
    if (!list) return undefined;
    // The last assignment that ends before `order` (binary search: a file may assign one name thousands of times).
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.order <= order) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : undefined;
  }

  private resolve(e: Expr): string | undefined {
    const name = dottedName(e);
    return name === undefined ? undefined : this.r.imports.resolve(name);
  }

  /** Whether the literal reader could read `e`: it starts with a bracket or a library's name (never a variable). */
  private literalCandidate(e: Expr): boolean {
    let root = e;
    while (root.k === 'call' || root.k === 'attr' || root.k === 'subscript') root = root.k === 'call' ? root.func : root.value;
    if (root.k === 'list' || root.k === 'tuple') return true;
    if (root.k !== 'name') return false;
    const q = this.r.imports.resolve(root.id);
    return q !== undefined && /^(numpy|torch|tensorflow|jax)(\.|$)/.test(q);
  }

  private literal(e: Expr, text: string): Evaluated | undefined {
    if (!this.literalCandidate(e)) return undefined;
    try {
      const info = parseArrayLiteralInfo(text.slice(e.start, e.end), { language: 'python', maxElements: MAX_ELEMENTS });
      return ok(info.tensor, libOfSyntax(info.syntax), false);
    } catch (err) {
      if (err instanceof ArrayParseError && (err.code === 'too-large' || err.code === 'ragged' || err.code === 'range' || err.code === 'shape')) {
        return { ok: false, reason: err.detail, span: { start: e.start + err.offset, end: e.start + err.offset + Math.max(1, err.length) } };
      }
      return undefined;
    }
  }

  private compute(e: Expr, text: string, base: number): Evaluated {
    switch (e.k) {
      case 'name':
      case 'attr': {
        const name = dottedName(e);
        if (name !== undefined) {
          const a = this.lookup(name, base + e.start);
          if (a) return this.evaluate(a.value, a.text, a.base);
          if (e.k === 'name') return { ok: false, reason: `'${name}' is not assigned an array in this file`, span: e };
        }
        if (e.k === 'attr') {
          const base2 = this.evaluate(e.value, text, base);
          if (!base2.ok) return base2;
          if (e.attr === 'T' || e.attr === 'mT') return { ok: false, reason: 'transposes are not followed', span: e };
          return { ok: false, reason: `.${e.attr} is not followed`, span: e };
        }
        return { ok: false, reason: 'not an array', span: e };
      }
      case 'list':
      case 'tuple':
        return this.literal(e, text) ?? { ok: false, reason: 'not an array literal', span: e };
      case 'subscript':
        return this.subscript(e, text, base);
      case 'call':
        return this.call(e, text, base);
      default:
        return { ok: false, reason: 'not an array', span: e };
    }
  }

  private subscript(e: Extract<Expr, { k: 'subscript' }>, text: string, base: number): Evaluated {
    const v = this.evaluate(e.value, text, base);
    if (!v.ok) return v;
    // Only new axes: x[None], x[None, ...], x[..., None], x[np.newaxis, :, :, None].
    let t = v.value.tensor;
    const items = e.items;
    const isNew = (x: Expr): boolean => (x.k === 'const' && x.value === null) || /(^|\.)newaxis$/.test(dottedName(x) ?? '');
    if (!items.every((x) => isNew(x) || x.k === 'ellipsis' || (x.k === 'slice' && text.slice(x.start, x.end).trim() === ':'))) {
      return { ok: false, reason: 'indexing is not followed (only None / np.newaxis, : and ...)', span: e };
    }
    const ell = items.findIndex((x) => x.k === 'ellipsis');
    const before = ell < 0 ? items : items.slice(0, ell);
    const after = ell < 0 ? [] : items.slice(ell + 1);
    const consumed = items.filter((x) => x.k === 'slice').length;
    if (consumed > t.shape.length) return { ok: false, reason: `too many indices for array: array is ${t.shape.length}-dimensional`, span: e };
    const shape: number[] = [];
    let axis = 0;
    for (const x of before) {
      if (isNew(x)) shape.push(1);
      else shape.push(t.shape[axis++]!);
    }
    const afterAxes = after.filter((x) => !isNew(x)).length;
    const restEnd = ell < 0 ? t.shape.length : t.shape.length - afterAxes;
    while (axis < restEnd) shape.push(t.shape[axis++]!);
    for (const x of after) {
      if (isNew(x)) shape.push(1);
      else shape.push(t.shape[axis++]!);
    }
    t = { dtype: t.dtype, shape, data: t.data };
    return ok(t, v.value.lib, v.value.pooled);
  }

  private call(e: CallExpr, text: string, base: number): Evaluated {
    const site = text === this.r.module.text ? this.r.siteOfCall.get(e) : undefined;
    if (site) {
      const app = this.apply(site, e);
      return app.result;
    }
    const first = e.args[0];
    const arg = (i: number, kw?: string): Expr | undefined => {
      const k = kw ? e.args.find((a) => a.name === kw) : undefined;
      if (k) return k.value;
      const pos = e.args.filter((a) => !a.name && !a.star);
      return pos[i]?.value;
    };
    // Methods on a value: x.reshape(...), x.astype(...), x.squeeze(), ...
    if (e.func.k === 'attr') {
      const method = e.func.attr;
      const qualified = this.resolve(e.func);
      const isModuleFunction = qualified !== undefined && /^(numpy|tensorflow|torch)(\.|$)/.test(qualified);
      if (!isModuleFunction && ['reshape', 'view', 'astype', 'squeeze', 'unsqueeze', 'float', 'double', 'half', 'long', 'int', 'numpy', 'cpu', 'detach', 'contiguous', 'copy', 'clone', 'to', 'type'].includes(method)) {
        const lit = method === 'reshape' || method === 'astype' ? this.literal(e, text) : undefined;
        if (lit) return lit;
        const v = this.evaluate(e.func.value, text, base);
        if (!v.ok) return v;
        return this.method(v.value, method, e, text);
      }
    }
    const qualified = this.resolve(e.func);
    if (qualified !== undefined && first) {
      const wrapped = this.wrapper(qualified, e, arg, text, base);
      if (wrapped) return wrapped;
    }
    return this.literal(e, text) ?? { ok: false, reason: `${text.slice(e.func.start, e.func.end)}(...) is not followed`, span: e };
  }

  private method(v: Value, method: string, e: CallExpr, text: string): Evaluated {
    const t = v.tensor;
    const posArgs = e.args.filter((a) => !a.name);
    const done = (r: Reshaped): Evaluated => (r.ok ? ok(r.tensor, v.lib, v.pooled) : { ok: false, reason: r.message, span: e });
    const castTo = CAST_METHODS.get(method);
    if (castTo) return ok(cast(t, castTo), v.lib, v.pooled);
    switch (method) {
      case 'reshape':
      case 'view': {
        const dims = methodShape(posArgs);
        if (!dims) return { ok: false, reason: 'the new shape is not a constant', span: e };
        return done(reshape(t, dims));
      }
      case 'astype':
      case 'type':
      case 'to': {
        const d = methodDtype(e, posArgs);
        if (!d) return method === 'to' ? ok(t, v.lib, v.pooled) : { ok: false, reason: `the dtype ${text.slice(e.open + 1, e.close)} is not known here`, span: e };
        return ok(cast(t, d), v.lib, v.pooled);
      }
      case 'squeeze': {
        const axis = posArgs[0] ? ints(posArgs[0].value) : undefined;
        return done(squeeze(t, axis?.[0]));
      }
      case 'unsqueeze': {
        const axis = posArgs[0] ? ints(posArgs[0].value) : undefined;
        if (!axis || axis.length !== 1) return { ok: false, reason: 'the axis is not a constant', span: e };
        return done(expandDims(t, axis[0]!));
      }
      case 'numpy':
        return ok(t, 'numpy', v.pooled);
      default:
        return ok(t, v.lib, v.pooled);
    }
  }

  /** Library functions around an array: np.expand_dims, torch.from_numpy, tf.constant, tf.squeeze, ... */
  private wrapper(q: string, e: CallExpr, arg: (i: number, kw?: string) => Expr | undefined, text: string, base: number): Evaluated | undefined {
    const lib: WrapperCall['lib'] | undefined = q.startsWith('numpy.') ? 'numpy' : q.startsWith('torch.') ? 'torch' : q.startsWith('tensorflow.') ? 'tf' : undefined;
    if (!lib) return undefined;
    const fn = q.slice(q.indexOf('.') + 1);
    const input = (): Evaluated => {
      const x = arg(0, lib === 'torch' ? 'input' : lib === 'tf' && fn !== 'constant' && fn !== 'convert_to_tensor' ? 'input' : 'a');
      return x ? this.evaluate(x, text, base) : { ok: false, reason: 'no argument', span: e };
    };
    const w: WrapperCall = { lib, fn, e, arg, input };
    if (fn in CONVERSIONS && !(lib === 'numpy' && fn !== 'array' && fn !== 'asarray')) return conversionCall(w);
    if (fn === 'cast' && lib === 'tf') return tfCastCall(w);
    return SHAPE_WRAPPERS.get(fn)?.(w);
  }

  private computeApplication(site: LayerSite, use: CallExpr): Application {
    const inputExpr = inputExprOf(site, use);
    const inputSpan: Span = inputExpr ?? { start: use.open, end: use.close + 1 };
    const inputText = inputExpr ? this.r.module.text.slice(inputExpr.start, inputExpr.end) : undefined;
    const app = (result: Evaluated, extra: Partial<Application> = {}): Application => ({
      site, use, layerSpec: extra.layerSpec ?? buildSpec(site), result, ...(inputText !== undefined ? { inputText } : {}), ...extra,
      ...(result.ok ? {} : { error: result }),
    });
    if (!inputExpr) return app({ ok: false, reason: 'no input given', span: inputSpan });
    const evaluated = this.evaluate(inputExpr);
    if (!evaluated.ok) return app({ ok: false, reason: `input not known: ${evaluated.reason}`, span: inputSpan, severity: 'warning' });
    const input = evaluated.value;
    const layerSpec = buildSpec(site, input.tensor.shape.length);
    if (!layerSpec.spec) return app({ ok: false, reason: unreadableReason(layerSpec) }, { layerSpec, input });
    const spec = layerSpec.spec;
    const def = site.def;
    const rank = spec.spatialRank ?? 2;
    const checked = frameworkInput(def, spec, input, rank);
    if (!checked.ok) return app({ ok: false, reason: checked.reason, span: inputSpan, severity: 'error' }, { layerSpec, input, spec });
    const t = checked.tensor;
    let plan: PoolPlan;
    try {
      plan = planPool(t.shape, spec);
    } catch (err) {
      if (!(err instanceof PoolSpecError)) throw err;
      const param = paramFor(site, err.param);
      const span = param ? site.args.get(param)?.valueSpan ?? inputSpan : inputSpan;
      return app({ ok: false, reason: planErrorMessage(def, err, t, spec), span, severity: 'error' }, { layerSpec, input, spec, coreInput: t });
    }
    const unbatched = def.framework === 'pytorch' && input.tensor.shape.length === rank + 1;
    const outputShape = unbatched ? plan.outputShape.slice(1) : [...plan.outputShape];
    const base: Partial<Application> = { layerSpec, input, spec, coreInput: t, plan, outputShape };
    const refused = notPooledReason(def, layerSpec, plan, t, spec);
    if (refused !== undefined) return app({ ok: false, reason: refused }, base);
    const application: Application = { site, use, layerSpec, ...(inputText !== undefined ? { inputText } : {}), ...base, result: { ok: false, reason: 'not pooled yet' } };
    Object.defineProperty(application, 'result', pooledOnFirstRead(t, spec, unbatched, def.framework === 'pytorch' ? 'torch' : 'tf'));
    return application;
  }
}

/** The array a layer is applied to at `use`: the functional form's `input` argument, or a layer call's first positional (or `inputs=`/`input=`). */
function inputExprOf(site: LayerSite, use: CallExpr): Expr | undefined {
  if (site.def.form === 'functional') {
    const inputArg = site.args.get('input');
    return inputArg ? use.args.find((a) => a.start === inputArg.span.start)?.value : undefined;
  }
  return (use.args.find((a) => !a.name && !a.star) ?? use.args.find((a) => a.name === 'inputs' || a.name === 'input'))?.value;
}

/** Why a layer's arguments give no spec: the parameters that are not constants, or its first problem. */
function unreadableReason(layerSpec: LayerSpec): string {
  return layerSpec.missing.length > 0
    ? `${layerSpec.missing.map((m) => m.param).join(', ')} ${layerSpec.missing.length === 1 ? 'is' : 'are'} not a constant`
    : layerSpec.problems[0]?.message ?? 'the layer cannot be read';
}

type InputCheck = { ok: true; tensor: Tensor } | { ok: false; reason: string };

/** The input as the framework's layer takes it (rank checked, dtype cast), or the framework's refusal in its words. */
function frameworkInput(def: LayerDef, spec: PoolSpec, input: Value, rank: number): InputCheck {
  if (def.framework === 'keras') return kerasInput(def, spec, input, rank);
  if (def.framework === 'tf.nn') return tfNnInput(spec, input, rank);
  return torchInput(def, spec, input, rank);
}

/** Keras layers: rank + 2 axes; floats and Python lists become float32; integers only for max pooling. */
function kerasInput(def: LayerDef, spec: PoolSpec, input: Value, rank: number): InputCheck {
  let t = input.tensor;
  if (t.shape.length !== rank + 2) {
    return { ok: false, reason: `Input 0 with name 'None' of layer '${kerasLayerName(def.name)}' is incompatible with the layer: expected ndim=${rank + 2}, found ndim=${t.shape.length}. Full shape received: ${shapeText(t.shape)}` };
  }
  if (isFloat(t.dtype)) t = cast(t, 'float32');
  else if (input.lib === 'python') t = cast(t, 'float32');
  if (!isFloat(t.dtype) && spec.op !== 'max' && spec.op !== 'globalMax') {
    return { ok: false, reason: `Value for attr 'T' of ${t.dtype} is not in the list of allowed values: half, bfloat16, float, double` };
  }
  return { ok: true, tensor: t };
}

/** tf.nn functions: rank + 2 axes; Python lists become float32 or int32; integers only for max pooling. */
function tfNnInput(spec: PoolSpec, input: Value, rank: number): InputCheck {
  let t = input.tensor;
  if (t.shape.length !== rank + 2) {
    return { ok: false, reason: `input must be ${rank + 2}-dimensional (${tfFormat(rank, spec.dataFormat)}), got shape ${shapeText(t.shape)}` };
  }
  if (input.lib === 'python') t = cast(t, isFloat(t.dtype) ? 'float32' : 'int32');
  if (!isFloat(t.dtype) && spec.op !== 'max') {
    return { ok: false, reason: `Value for attr 'T' of ${t.dtype} is not in the list of allowed values: half, bfloat16, float, double` };
  }
  return { ok: true, tensor: t };
}

/** PyTorch: a torch tensor of rank + 1 (unbatched, given a batch axis here) or rank + 2 axes. */
function torchInput(def: LayerDef, spec: PoolSpec, input: Value, rank: number): InputCheck {
  const t = input.tensor;
  const fnName = pytorchFunction(def.name, def.op, rank);
  if (input.lib !== 'torch') {
    return { ok: false, reason: `${fnName}(): argument 'input' (position 1) must be Tensor, not ${input.lib === 'python' ? 'list' : input.lib === 'tf' ? 'EagerTensor' : 'numpy.ndarray'}` };
  }
  if (t.shape.length !== rank + 1 && t.shape.length !== rank + 2) {
    return { ok: false, reason: isAdaptiveOp(spec.op)
      ? `${fnName}(): Expected ${rank + 1}D or ${rank + 2}D tensor, but got: [${t.shape.join(', ')}]`
      : `non-empty ${rank + 1}D or ${rank + 2}D (batch mode) tensor expected for input` };
  }
  if (spec.op === 'adaptiveAvg' && !isFloat(t.dtype)) {
    return { ok: false, reason: `"${fnName}" not implemented for '${TORCH_TYPE_NAME[t.dtype]}'` };
  }
  return { ok: true, tensor: t.shape.length === rank + 1 ? { dtype: t.dtype, shape: [1, ...t.shape], data: t.data } : t };
}

/** The planner's refusal, in PyTorch's words when its window is too large for the input. */
function planErrorMessage(def: LayerDef, err: PoolSpecError, t: Tensor, spec: PoolSpec): string {
  if (def.framework !== 'pytorch' || err.param !== 'poolSize') return err.message;
  const per = t.shape.slice(1);
  const out = torchOutSizes(t.shape, spec);
  return `Given input size: (${per.join('x')}). Calculated output size: (${[t.shape[1], ...out].join('x')}). Output size is too small`;
}

/** Why a planned layer is not pooled here (indices asked for, an empty PyTorch output, integer averages, too large), if so. */
function notPooledReason(def: LayerDef, layerSpec: LayerSpec, plan: PoolPlan, t: Tensor, spec: PoolSpec): string | undefined {
  if (layerSpec.returnsIndices) return 'return_indices=True: the call returns (values, indices)';
  if (plan.empty && def.framework === 'pytorch') return plan.emptyReason ?? 'empty output';
  if (def.framework === 'pytorch' && !isFloat(t.dtype) && (spec.op === 'avg' || spec.op === 'lp')) {
    // PyTorch 2.13 averages integer tensors in their own dtype; the core's dtype rules for this are issue 15.
    return `integer ${spec.op === 'avg' ? 'average' : 'LP'} pooling: PyTorch's ${TORCH_TYPE_NAME[t.dtype]} result is not reproduced yet`;
  }
  if (t.data.length > MAX_ELEMENTS) return `the input has more than ${MAX_ELEMENTS} elements: not pooled here`;
  return undefined;
}

/** A `result` property that pools when first read: shapes (CodeLens) and diagnostics need only the plan. */
function pooledOnFirstRead(input: Tensor, spec: PoolSpec, unbatched: boolean, lib: Lib): PropertyDescriptor {
  let pooled: Evaluated | undefined;
  return {
    enumerable: true,
    get: (): Evaluated => {
      if (pooled === undefined) {
        try {
          // Tiny inputs pool faster on the TypeScript path (same results bit for bit, see src/core/pool.ts).
          const r = pool(input, spec, input.data.length <= SMALL_INPUT ? { backend: 'ts' } : {});
          let out = r.output;
          if (unbatched) out = { dtype: out.dtype, shape: out.shape.slice(1), data: out.data };
          pooled = ok(out, lib, true);
        } catch (err) {
          pooled = { ok: false, reason: err instanceof Error ? err.message : String(err) };
        }
      }
      return pooled;
    },
  };
}

/** Keras's automatic layer name: `MaxPooling2D` -> `max_pooling2d`. */
export function kerasLayerName(cls: string): string {
  const canonical: Record<string, string> = { MaxPool: 'MaxPooling', AvgPool: 'AveragePooling', GlobalMaxPool: 'GlobalMaxPooling', GlobalAvgPool: 'GlobalAveragePooling' };
  const m = /^([A-Za-z]+?)(\d)D$/.exec(cls);
  const stem = m ? canonical[m[1]!] ?? m[1]! : cls;
  const name = m ? `${stem}${m[2]}D` : cls;
  // Keras's to_snake_case.
  return name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

function tfFormat(rank: number, format: PoolSpec['dataFormat']): string {
  const s = rank === 1 ? 'W' : rank === 2 ? 'HW' : 'DHW';
  return format === 'channelsFirst' ? `NC${s}` : `N${s}C`;
}

/** The aten function a PyTorch module calls, as its errors name it. */
function pytorchFunction(name: string, op: PoolSpec['op'], rank: number): string {
  if (/^[a-z]/.test(name)) return name;
  switch (op) {
    case 'max': return `max_pool${rank}d`;
    case 'avg': return `avg_pool${rank}d`;
    case 'adaptiveMax': return `adaptive_max_pool${rank}d`;
    case 'adaptiveAvg': return `adaptive_avg_pool${rank}d`;
    default: return `lp_pool${rank}d`;
  }
}

/** The library parameter a core spec parameter came from. */
function paramFor(site: LayerSite, coreParam: string): string | undefined {
  const names: Record<string, string[]> = {
    poolSize: ['pool_size', 'kernel_size', 'ksize'], strides: ['strides', 'stride'], padding: ['padding'],
    dilation: ['dilation'], outputSize: ['output_size'], p: ['norm_type'], divisorOverride: ['divisor_override'],
    dataFormat: ['data_format'], ceilMode: ['ceil_mode'],
  };
  return (names[coreParam] ?? []).find((n) => site.def.params.includes(n) && site.args.has(n)) ?? (names[coreParam] ?? []).find((n) => site.def.params.includes(n));
}

/** PyTorch's output sizes (without the "start inside" rule's error): for the "Output size is too small" message. */
function torchOutSizes(shape: readonly number[], spec: PoolSpec): number[] {
  const r = spec.spatialRank ?? 2;
  const spatial = shape.slice(shape.length - r);
  const per = (v: PoolSpec['poolSize'] | PoolSpec['padding'], i: number, d: number): number =>
    (typeof v === 'number' ? v : Array.isArray(v) ? (v[i] as number) : d);
  return spatial.map((n, i) => {
    const k = per(spec.poolSize, i, 1), s = per(spec.strides ?? spec.poolSize, i, k), p = per(spec.padding, i, 0), d = per(spec.dilation, i, 1);
    const num = n + 2 * p - d * (k - 1) - 1 + (spec.ceilMode ? s - 1 : 0);
    return Math.floor(num / s) + 1;
  });
}

