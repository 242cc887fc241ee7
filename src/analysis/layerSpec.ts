/**
 * A recognised layer's arguments turned into the core's `PoolSpec`, checked the way the library checks them
 * when the layer is built, with the library's own wording on the argument at fault.
 *
 * Contracts:
 * - Missing arguments take the library's defaults (catalog.ts). Arguments that are not constants are listed in
 *   `missing` and no spec is made: nothing is guessed.
 * - Keras: `strides=None` means `pool_size`; `padding` is case-insensitive `valid`/`same`; `data_format` None is
 *   `channels_last`. PyTorch: `stride=None` (or `[]`) means `kernel_size`; padding is explicit and symmetric.
 *   `tf.nn`: `ksize`/`strides` are one value, one per spatial axis, or one per axis of the input (batch and
 *   channel entries must be 1); `padding` is `'VALID'` or `'SAME'`, upper case, as TensorFlow requires.
 */
import type { PoolSpec } from '../core';
import type { Const, LayerDef } from './catalog';
import type { ArgRead, LayerSite, Span } from './recognise';

export interface SpecProblem {
  message: string;
  span: Span;
  /** The parameter at fault (as the library names it). */
  param?: string;
  severity: 'error' | 'warning';
}

export interface LayerSpec {
  /** The spec, when every argument the layer needs is a constant and valid. */
  spec?: PoolSpec;
  /** Parameters whose value is not a constant (a variable, an expression). */
  missing: ArgRead[];
  problems: SpecProblem[];
  /** PyTorch's `return_indices=True`: the call returns (values, indices). */
  returnsIndices: boolean;
  /** The value of each parameter used (defaults filled in), for captions and the panel. */
  values: Map<string, Const>;
}

function isInt(v: Const | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function tupleText(v: Const): string {
  if (Array.isArray(v)) return v.length === 1 ? `(${String(v[0])},)` : `(${v.map(String).join(', ')})`;
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** What a framework's checks work from: the layer, its argument values, and how to finish (a spec, or the first bad argument). */
interface SpecInput {
  def: LayerDef;
  values: Map<string, Const>;
  /** The layer spec: with `spec` only when no argument is missing or wrong. */
  result: (spec?: PoolSpec) => LayerSpec;
  /** Reports `message` on `param`'s value and finishes without a spec. */
  fail: (param: string, message: string) => LayerSpec;
}

export function buildSpec(site: LayerSite, inputRank?: number): LayerSpec {
  const def = site.def;
  const problems: SpecProblem[] = site.problems.map((p) => ({ ...p, severity: 'error' as const }));
  const missing: ArgRead[] = [];
  const values = new Map<string, Const>();
  const fallbackSpan = { start: site.call.start, end: site.call.open };
  for (const p of def.params) {
    const a = site.args.get(p);
    if (a === undefined) {
      if (p in def.defaults) values.set(p, def.defaults[p]!);
    } else if (a.value === undefined) {
      missing.push(a);
    } else {
      values.set(p, a.value);
    }
  }
  const result = (spec?: PoolSpec): LayerSpec => ({
    ...(spec && problems.every((p) => p.severity !== 'error') && missing.length === 0 ? { spec } : {}),
    missing, problems, returnsIndices: values.get('return_indices') === true, values,
  });
  if (missing.length > 0 || problems.length > 0) return result();
  const spanOf = (param: string): Span => site.args.get(param)?.valueSpan ?? fallbackSpan;
  const fail = (param: string, message: string): LayerSpec => {
    problems.push({ message, span: spanOf(param), param, severity: 'error' });
    return result();
  };
  const c: SpecInput = { def, values, result, fail };
  if (def.framework === 'keras') return kerasSpec(c);
  if (def.framework === 'pytorch') return pytorchSpec(c);
  return tfNnSpec(c, inputRank);
}

/** A Keras size argument as one positive integer per spatial axis, or Keras's message. */
function kerasTuple(param: string, v: Const, rank: 1 | 2 | 3): number[] | string {
  const xs = typeof v === 'number' ? Array.from({ length: rank }, () => v) : Array.isArray(v) ? [...v] : null;
  if (xs === null || xs.length !== rank || !xs.every(isInt)) {
    return `The \`${param}\` argument must be a tuple of ${rank} integers. Received ${param}=${tupleText(v)}`;
  }
  if (xs.some((x) => (x as number) <= 0)) {
    return `The \`${param}\` argument must be a tuple of ${rank} integers. Received ${param}=${tupleText(v)} including values {${xs.filter((x) => (x as number) <= 0).join(', ')}} that do not satisfy \`value > 0\``;
  }
  return xs as number[];
}

/** Keras pooling layers: `data_format`, then `keepdims` (global) or `pool_size`, `strides`, `padding`. */
function kerasSpec({ def, values, result, fail }: SpecInput): LayerSpec {
  const rank = def.rank as 1 | 2 | 3;
  const format = values.get('data_format');
  if (format !== null && format !== undefined && format !== 'channels_last' && format !== 'channels_first') {
    return fail('data_format', `The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${tupleText(format)}`);
  }
  const dataFormat = format === 'channels_first' ? 'channelsFirst' : 'channelsLast';
  if (def.op === 'globalMax' || def.op === 'globalAvg') {
    const keepdims = values.get('keepdims');
    return result({ op: def.op, framework: 'keras', spatialRank: rank, dataFormat, keepdims: keepdims === true || (typeof keepdims === 'number' && keepdims !== 0) });
  }
  const poolSize = kerasTuple('pool_size', values.get('pool_size') ?? null, rank);
  if (typeof poolSize === 'string') return fail('pool_size', poolSize);
  const s = values.get('strides');
  const strides = s === null || s === undefined ? poolSize : kerasTuple('strides', s, rank);
  if (typeof strides === 'string') return fail('strides', strides);
  const pad = values.get('padding');
  const padding = typeof pad === 'string' ? pad.toLowerCase() : pad;
  if (padding !== 'valid' && padding !== 'same') {
    return fail('padding', `The \`padding\` argument must be a list/tuple or one of {'valid', 'same'} (case-insensitive). Received: padding=${tupleText(pad ?? null)}`);
  }
  return result({ op: def.op, framework: 'keras', spatialRank: rank, poolSize, strides, padding, dataFormat });
}

/** A PyTorch size argument as one value per spatial axis (one int is repeated; `None` entries where allowed), or PyTorch's message. */
function torchTuple(def: LayerDef, param: string, v: Const, rank: 1 | 2 | 3, allowNone = false): (number | null)[] | string {
  const xs = typeof v === 'number' ? Array.from({ length: rank }, () => v) : Array.isArray(v) ? [...v] : v === null && allowNone ? Array.from({ length: rank }, () => null) : null;
  if (xs === null || (xs.length !== rank && xs.length !== 1) || !xs.every((x) => isInt(x) || (allowNone && x === null))) {
    return `${def.name}: ${param} must either be a single int, or a tuple of ${rank} ints, got ${tupleText(v)}`;
  }
  return xs.length === 1 ? Array.from({ length: rank }, () => xs[0] as number | null) : xs as (number | null)[];
}

/** PyTorch's window layers: `kernel_size`, `stride`, `ceil_mode`, then `norm_type` (LP) or `padding` and the max/avg options. */
function pytorchSpec(c: SpecInput): LayerSpec {
  const { def, values, result, fail } = c;
  const rank = def.rank as 1 | 2 | 3;
  if (def.op === 'adaptiveMax' || def.op === 'adaptiveAvg') return pytorchAdaptiveSpec(c, def.op, rank);
  const k = torchTuple(def, 'kernel_size', values.get('kernel_size') ?? null, rank);
  if (typeof k === 'string') return fail('kernel_size', k);
  const ks = k as number[];
  if (ks.some((x) => x <= 0)) return fail('kernel_size', `kernel_size should be greater than zero, but got ${tupleText(values.get('kernel_size')!)}`);
  const sv = values.get('stride');
  const st = sv === null || sv === undefined || (Array.isArray(sv) && sv.length === 0) ? ks : torchTuple(def, 'stride', sv, rank);
  if (typeof st === 'string') return fail('stride', st);
  const ss = st as number[];
  if (ss.some((x) => x <= 0)) return fail('stride', `stride should be greater than zero, but got ${tupleText(sv!)}`);
  const ceilMode = values.get('ceil_mode') === true;
  if (def.op === 'lp') {
    const p = values.get('norm_type');
    if (typeof p !== 'number' || !(p > 0)) return fail('norm_type', `${def.name}: norm_type must be a positive number, got ${tupleText(p ?? null)}`);
    return result({ op: 'lp', framework: 'pytorch', spatialRank: rank, dataFormat: 'channelsFirst', poolSize: ks, strides: ss, ceilMode, p });
  }
  const pd = torchTuple(def, 'padding', values.get('padding') ?? 0, rank);
  if (typeof pd === 'string') return fail('padding', pd);
  const ps = pd as number[];
  if (ps.some((x) => x < 0)) return fail('padding', `pad must be non-negative, but got pad: ${tupleText(values.get('padding')!)}`);
  const spec: PoolSpec = { op: def.op, framework: 'pytorch', spatialRank: rank, dataFormat: 'channelsFirst', poolSize: ks, strides: ss, padding: ps, ceilMode };
  const failed = def.op === 'max' ? pytorchMaxOptions(c, spec, ks, ps) : pytorchAvgOptions(c, spec, ks, ps);
  return failed ?? result(spec);
}

/** PyTorch's adaptive layers: `output_size`, one size (or `None`, keep) per spatial axis. */
function pytorchAdaptiveSpec({ def, values, result, fail }: SpecInput, op: 'adaptiveMax' | 'adaptiveAvg', rank: 1 | 2 | 3): LayerSpec {
  const o = torchTuple(def, 'output_size', values.get('output_size') ?? null, rank, true);
  if (typeof o === 'string') return fail('output_size', o);
  if (o.some((x) => x !== null && x <= 0)) {
    return fail('output_size', `${def.name}: elements of output_size must be greater than or equal to 0 but received ${tupleText(values.get('output_size')!)}`);
  }
  return result({ op, framework: 'pytorch', spatialRank: rank, dataFormat: 'channelsFirst', outputSize: o });
}

/** Max pooling's `dilation` into `spec`, and its padding limit; the failure if one is wrong. */
function pytorchMaxOptions({ def, values, fail }: SpecInput, spec: PoolSpec, ks: number[], ps: number[]): LayerSpec | undefined {
  const rank = def.rank as 1 | 2 | 3;
  const d = torchTuple(def, 'dilation', values.get('dilation') ?? 1, rank);
  if (typeof d === 'string') return fail('dilation', d);
  const ds = d as number[];
  if (ds.some((x) => x <= 0)) return fail('dilation', `dilation should be greater than zero, but got ${tupleText(values.get('dilation')!)}`);
  spec.dilation = ds;
  for (let i = 0; i < rank; i++) {
    // PyTorch 2.13's check (max_pool1d/2d/3d): pad <= ((kernel - 1) * dilation + 1) / 2.
    if (ps[i]! > Math.floor(ks[i]! / 2)) {
      return fail('padding', `pad should be at most half of effective kernel size, but got pad=${ps[i]}, kernel_size=${ks[i]} and dilation=${ds[i]}`);
    }
  }
  return undefined;
}

/** Average pooling's `count_include_pad` and `divisor_override` into `spec`, and its padding limit; the failure if one is wrong. */
function pytorchAvgOptions({ def, values, fail }: SpecInput, spec: PoolSpec, ks: number[], ps: number[]): LayerSpec | undefined {
  const rank = def.rank as 1 | 2 | 3;
  spec.countIncludePad = values.get('count_include_pad') !== false;
  const dv = values.get('divisor_override');
  if (dv !== null && dv !== undefined) {
    if (!isInt(dv) || dv === 0) return fail('divisor_override', 'divisor must be not zero');
    spec.divisorOverride = dv;
  }
  for (let i = 0; i < rank; i++) {
    if (ps[i]! > Math.floor(ks[i]! / 2)) {
      return fail('padding', `pad should be at most half of effective kernel size, but got pad=${ps[i]}, kernel_size=${ks[i]} and dilation=1`);
    }
  }
  return undefined;
}

/** A tf.nn size argument as one value per spatial axis (from one value, one per spatial axis, or one per input axis), or TensorFlow's message. */
function tfPerAxis(param: string, v: Const | undefined, rank: 1 | 2 | 3, channelsFirst: boolean): number[] | string {
  const xs = typeof v === 'number' ? [v] : Array.isArray(v) ? [...v] : null;
  if (xs === null || !xs.every(isInt)) return `${param} should be of length 1, ${rank} or ${rank + 2}. Received: ${param}=${tupleText(v ?? null)}`;
  const n = xs as number[];
  if (n.length === 1) return Array.from({ length: rank }, () => n[0]!);
  if (n.length === rank) return n;
  if (n.length === rank + 2) return channelsFirst ? n.slice(2) : n.slice(1, rank + 1);
  return `${param} should be of length 1, ${rank} or ${rank + 2}. Received: ${param}=${tupleText(v!)} of length ${n.length}`;
}

/** tf.nn pooling functions (catalog rank 0: the rank follows the input's): `ksize`, `strides`, `padding`. */
function tfNnSpec({ def, values, result, fail }: SpecInput, inputRank: number | undefined): LayerSpec {
  const rank = (def.rank === 0 ? (inputRank !== undefined && inputRank >= 3 && inputRank <= 5 ? inputRank - 2 : undefined) : def.rank) as 1 | 2 | 3 | undefined;
  if (rank === undefined) return result();
  const format = values.get('data_format');
  const channelsFirst = typeof format === 'string' && format.startsWith('NC');
  const ks = tfPerAxis('ksize', values.get('ksize'), rank, channelsFirst);
  if (typeof ks === 'string') return fail('ksize', ks);
  const ss = tfPerAxis('strides', values.get('strides'), rank, channelsFirst);
  if (typeof ss === 'string') return fail('strides', ss);
  const pad = values.get('padding');
  if (pad !== 'VALID' && pad !== 'SAME') {
    return fail('padding', `Value for attr 'padding' of ${typeof pad === 'string' ? `"${pad}"` : tupleText(pad ?? null)} is not in the list of allowed values: "SAME", "VALID", "EXPLICIT"`);
  }
  return result({ op: def.op, framework: 'keras', spatialRank: rank, poolSize: ks, strides: ss, padding: pad === 'SAME' ? 'same' : 'valid', dataFormat: channelsFirst ? 'channelsFirst' : 'channelsLast' });
}
