/**
 * Both ways between a layer in the code and the panel: the panel's `PoolRequest` for a layer's spec, and the
 * edits that write a changed request back into the layer's arguments.
 *
 * Contracts for `rewriteArguments`:
 * - Only arguments whose value changes are touched; everything else (spacing, comments, line breaks, other
 *   arguments, their order) stays as written. A changed argument keeps its form: a value written as a tuple stays
 *   a tuple, a keyword stays a keyword; an argument not written yet is added as a keyword after the last one.
 * - A value equal to the library's default is not added when it was absent.
 * - The layer's kind is not changed: a request for another op or framework is refused with a message.
 */
import type { PoolSpec } from '../core';
import type { PoolRequest } from '../protocol/messages';
import type { Const } from './catalog';
import type { LayerSite } from './recognise';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The id of the panel output that stands for the layer. */
export const LAYER_OUTPUT_ID = 'layer';

function perAxis(v: PoolSpec['poolSize'] | PoolSpec['strides'], rank: number, fallback: number): number[] {
  if (typeof v === 'number') return Array.from({ length: rank }, () => v);
  if (Array.isArray(v)) return v.map((x) => Number(x));
  return Array.from({ length: rank }, () => fallback);
}

/** The panel's request for a layer's spec (its first output, id `layer`). */
export function requestFromSpec(spec: PoolSpec, nan: PoolRequest['nan'] = 'framework'): PoolRequest {
  const rank = spec.spatialRank ?? 2;
  const poolSize = perAxis(spec.poolSize, rank, 1);
  const framework = spec.framework ?? 'keras';
  const padding: PoolRequest['padding'] = framework === 'pytorch'
    ? perAxis(typeof spec.padding === 'number' || Array.isArray(spec.padding) ? spec.padding as number | number[] : 0, rank, 0)
    : spec.padding === 'same' ? 'same' : 'valid';
  const outputSize = spec.outputSize === undefined ? Array.from({ length: rank }, () => 1)
    : typeof spec.outputSize === 'number' ? Array.from({ length: rank }, () => spec.outputSize as number)
      : spec.outputSize.map((x) => (x === null ? 0 : x));
  return {
    id: LAYER_OUTPUT_ID,
    op: spec.op,
    framework,
    poolSize,
    strides: perAxis(spec.strides ?? spec.poolSize, rank, 1),
    padding,
    dilation: perAxis(spec.dilation, rank, 1),
    ceilMode: spec.ceilMode ?? false,
    countIncludePad: spec.countIncludePad ?? true,
    divisorOverride: spec.divisorOverride ?? 0,
    outputSize,
    p: spec.p ?? 2,
    dataFormat: spec.dataFormat ?? 'channelsLast',
    keepdims: spec.keepdims ?? false,
    nan: spec.nan ?? nan,
  };
}

function sameConst(a: Const | undefined, b: Const | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Python text for a value, in the form of `like` (an int stays an int when every axis agrees; a tuple stays a tuple). */
function pyText(v: Const, like: Const | undefined): string {
  if (Array.isArray(v)) {
    const uniform = v.every((x) => x === v[0]);
    if (uniform && v.length > 0 && !Array.isArray(like) && typeof like !== 'string') return pyText(v[0]!, undefined);
    const inner = v.map((x) => pyText(x, undefined));
    return v.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
  }
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** The argument values a request means for this layer, by parameter name (library names). */
function wantedValues(site: LayerSite, r: PoolRequest): Map<string, Const> | string {
  const def = site.def;
  const want = new Map<string, Const>();
  if (r.op !== def.op) return `Apply to code changes the arguments of this ${def.name}, not its kind: the panel's output is ${r.op} pooling`;
  const torch = def.framework === 'pytorch';
  if ((r.framework === 'pytorch') !== torch) {
    return `Apply to code keeps ${torch ? 'PyTorch' : 'Keras/TensorFlow'} rules for this ${def.name}: switch the panel's framework back to ${torch ? 'PyTorch' : 'Keras'}`;
  }
  if (def.framework === 'keras') {
    if (def.op === 'globalMax' || def.op === 'globalAvg') {
      want.set('keepdims', r.keepdims);
    } else {
      want.set('pool_size', r.poolSize);
      want.set('strides', r.strides);
      want.set('padding', r.padding === 'same' ? 'same' : 'valid');
    }
    want.set('data_format', r.dataFormat === 'channelsFirst' ? 'channels_first' : 'channels_last');
    return want;
  }
  if (def.framework === 'tf.nn') {
    want.set('ksize', r.poolSize);
    want.set('strides', r.strides);
    want.set('padding', r.padding === 'same' ? 'SAME' : 'VALID');
    return want;
  }
  if (def.op === 'adaptiveMax' || def.op === 'adaptiveAvg') {
    want.set('output_size', r.outputSize.map((x) => (x === 0 ? null : x)));
    return want;
  }
  want.set('kernel_size', r.poolSize);
  want.set('stride', r.strides);
  want.set('ceil_mode', r.ceilMode);
  if (def.op === 'lp') {
    want.set('norm_type', r.p);
    return want;
  }
  want.set('padding', Array.isArray(r.padding) ? r.padding : 0);
  if (def.op === 'max') want.set('dilation', r.dilation);
  if (def.op === 'avg') {
    want.set('count_include_pad', r.countIncludePad);
    if (def.params.includes('divisor_override')) want.set('divisor_override', r.divisorOverride > 0 ? r.divisorOverride : null);
  }
  return want;
}

/** Reads a value the way the layer reads it, so `2` and `(2, 2)` compare equal for a 2-D layer. */
function normalised(site: LayerSite, param: string, v: Const | undefined, poolSize: Const | undefined): Const | undefined {
  const rank = site.def.rank || 2;
  if (v === undefined) return undefined;
  if ((param === 'strides' || param === 'stride') && (v === null || (Array.isArray(v) && v.length === 0))) return normalised(site, 'pool_size', poolSize, undefined);
  if (['pool_size', 'kernel_size', 'ksize', 'strides', 'stride', 'padding', 'dilation', 'output_size'].includes(param)) {
    if (typeof v === 'number') return Array.from({ length: rank }, () => v);
    if (Array.isArray(v) && v.length === 1) return Array.from({ length: rank }, () => v[0]!);
  }
  if (param === 'padding' && typeof v === 'string' && site.def.framework === 'keras') return v.toLowerCase();
  if (param === 'data_format' && v === null) return 'channels_last';
  return v;
}

/** The edits that make the layer's arguments say what `request` says; or why they can't. */
export function rewriteArguments(site: LayerSite, request: PoolRequest): { edits: TextEdit[] } | { error: string } {
  const want = wantedValues(site, request);
  if (typeof want === 'string') return { error: want };
  const def = site.def;
  const edits: TextEdit[] = [];
  const current = (p: string): Const | undefined => site.args.get(p)?.value ?? (site.args.has(p) ? undefined : def.defaults[p]);
  const poolParam = def.params.find((p) => p === 'pool_size' || p === 'kernel_size' || p === 'ksize');
  const oldPool = poolParam ? current(poolParam) : undefined;
  const additions: [string, string][] = [];
  for (const [param, value] of want) {
    const arg = site.args.get(param);
    const old = normalised(site, param, current(param), oldPool);
    const next = normalised(site, param, value, value);
    if (arg === undefined) {
      // Absent: add it only when it differs from what the library does without it.
      const implied = (param === 'strides' || param === 'stride') ? normalised(site, poolParam ?? 'pool_size', want.get(poolParam ?? 'pool_size'), undefined) : old;
      if (sameConst(implied, next)) continue;
      additions.push([param, `${param}=${pyText(value, undefined)}`]);
      continue;
    }
    if (arg.value !== undefined && sameConst(old, next)) continue;
    let written = pyText(value, arg.value);
    if (arg.text.trimStart().startsWith('[') && Array.isArray(value)) written = `[${value.map((x) => pyText(x, undefined)).join(', ')}]`;
    if (typeof arg.value === 'string' && typeof value === 'string' && /^"/.test(arg.text)) written = `"${value}"`;
    edits.push({ start: arg.valueSpan.start, end: arg.valueSpan.end, text: written });
  }
  if (additions.length > 0) {
    // In the signature's order.
    const added = additions.sort((a, b) => def.params.indexOf(a[0]) - def.params.indexOf(b[0])).map((a) => a[1]).join(', ');
    const written = site.call.args;
    const last = written[written.length - 1];
    if (last) edits.push({ start: last.end, end: last.end, text: `, ${added}` });
    else edits.push({ start: site.call.close, end: site.call.close, text: added });
  }
  return { edits };
}
