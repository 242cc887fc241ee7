/**
 * Words for a plan: the layer's name, a one-line caption
 * `(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)`,
 * and Keras / PyTorch code that reproduces the call (or null with the reason when the other library can't).
 */
import type { PoolPlan } from './plan';
import { nanRuleOf } from './spec';

type PlanCore = Omit<PoolPlan, 'title' | 'caption'>;

export interface PlanDescription {
  /** Layer name in the plan's framework, e.g. `MaxPooling2D` or `MaxPool2d`. */
  title: string;
  caption: string;
  /** How the axes were read, e.g. "a 4x4 matrix read as batch 1, 4x4, 1 channel". */
  axesNote: string;
  /** `keras.layers.MaxPooling2D(pool_size=2, strides=2)`, or null when Keras has no equivalent. */
  keras: string | null;
  kerasNote: string | null;
  /** `torch.nn.MaxPool2d(kernel_size=2, stride=2)`, or null when PyTorch has no equivalent. */
  pytorch: string | null;
  pytorchNote: string | null;
}

const KERAS_NAMES = {
  max: 'MaxPooling', avg: 'AveragePooling', globalMax: 'GlobalMaxPooling', globalAvg: 'GlobalAveragePooling',
  adaptiveMax: 'AdaptiveMaxPooling', adaptiveAvg: 'AdaptiveAveragePooling', lp: null,
} as const;
const TORCH_NAMES = {
  max: 'MaxPool', avg: 'AvgPool', globalMax: 'AdaptiveMaxPool', globalAvg: 'AdaptiveAvgPool',
  adaptiveMax: 'AdaptiveMaxPool', adaptiveAvg: 'AdaptiveAvgPool', lp: 'LPPool',
} as const;

function tuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

/** `2` when every axis agrees, else `(2, 3)`. */
function compact(xs: readonly number[]): string {
  return xs.every((x) => x === xs[0]) ? String(xs[0]) : tuple(xs);
}

function shapeText(s: readonly number[]): string {
  return `(${s.join(', ')})`;
}

export function planTitle(plan: PlanCore): string {
  const n = plan.spatialRank;
  if (plan.framework === 'pytorch' || plan.op === 'lp') return `${TORCH_NAMES[plan.op]}${n}d`;
  return `${KERAS_NAMES[plan.op]}${n}D`;
}

function kerasArgs(plan: PlanCore, full: boolean): string[] {
  const ax = plan.axes;
  const args: string[] = [];
  if (plan.op === 'max' || plan.op === 'avg') {
    const ks = ax.map((a) => a.poolSize), ss = ax.map((a) => a.stride);
    args.push(`pool_size=${full ? tuple(ks) : compact(ks)}`, `strides=${full ? tuple(ss) : compact(ss)}`);
    if (full || plan.paddingMode === 'same') args.push(`padding='${plan.paddingMode === 'same' ? 'same' : 'valid'}'`);
  } else if (plan.op === 'adaptiveMax' || plan.op === 'adaptiveAvg') {
    args.push(`output_size=${compact(ax.map((a) => a.outSize))}`);
  } else if (plan.keepdims) {
    args.push('keepdims=True');
  }
  if (plan.dataFormat === 'channelsFirst') args.push("data_format='channels_first'");
  return args;
}

function torchArgs(plan: PlanCore, full: boolean): string[] {
  const ax = plan.axes;
  const args: string[] = [];
  if (plan.op === 'globalMax' || plan.op === 'globalAvg') return ['1'];
  if (plan.op === 'adaptiveMax' || plan.op === 'adaptiveAvg') return [`output_size=${compact(ax.map((a) => a.outSize))}`];
  const ks = ax.map((a) => a.poolSize), ss = ax.map((a) => a.stride), ps = ax.map((a) => a.padBefore);
  if (plan.op === 'lp') args.push(`norm_type=${plan.p}`);
  args.push(`kernel_size=${full ? tuple(ks) : compact(ks)}`, `stride=${full ? tuple(ss) : compact(ss)}`);
  if (plan.op !== 'lp' && (full || ps.some((p) => p !== 0))) args.push(`padding=${full ? tuple(ps) : compact(ps)}`);
  const ds = ax.map((a) => a.dilation);
  if (plan.op === 'max' && ds.some((d) => d !== 1)) args.push(`dilation=${compact(ds)}`);
  if (plan.ceilMode) args.push('ceil_mode=True');
  if (plan.op === 'avg' && !plan.countIncludePad && ps.some((p) => p !== 0)) args.push('count_include_pad=False');
  if (plan.divisorOverride !== null) args.push(`divisor_override=${plan.divisorOverride}`);
  return args;
}

export function planCaption(plan: PlanCore): string {
  const args = plan.framework === 'keras' && plan.op !== 'lp' ? kerasArgs(plan, true) : torchArgs(plan, true);
  return `${shapeText(plan.readShape)} -> ${planTitle(plan)}(${args.join(', ')}) -> ${shapeText(plan.outputShape)}`;
}

function kerasSnippet(plan: PlanCore): { code: string | null; note: string | null } {
  const name = KERAS_NAMES[plan.op];
  if (name === null) return { code: null, note: 'Keras has no LP pooling layer' };
  if (plan.framework === 'pytorch' && plan.op !== 'globalMax' && plan.op !== 'globalAvg'
    && plan.op !== 'adaptiveMax' && plan.op !== 'adaptiveAvg') {
    if (plan.ceilMode) return { code: null, note: 'Keras has no ceil mode' };
    if (plan.axes.some((a) => a.dilation !== 1)) return { code: null, note: 'Keras pooling has no dilation' };
    if (plan.axes.some((a) => a.padBefore !== 0)) {
      return { code: null, note: "Keras pads only by 'same' (asymmetric, never counted); explicit padding has no equivalent" };
    }
  }
  if (plan.framework === 'keras' && plan.axes.some((a) => a.dilation !== 1)) {
    return { code: null, note: 'Keras pooling layers have no dilation' };
  }
  return { code: `keras.layers.${name}${plan.spatialRank}D(${kerasArgs(plan, false).join(', ')})`, note: null };
}

function torchSnippet(plan: PlanCore): { code: string | null; note: string | null } {
  const name = `torch.nn.${TORCH_NAMES[plan.op]}${plan.spatialRank}d`;
  const layout = plan.dataFormat === 'channelsLast' && plan.channels > 1
    ? 'PyTorch takes channels first: permute the input to (N, C, ...) first' : null;
  if (plan.framework === 'keras' && plan.paddingMode === 'same' && (plan.op === 'max' || plan.op === 'avg')) {
    if (plan.axes.some((a) => a.padBefore !== a.padAfter)) {
      return { code: null, note: "Keras 'same' pads one more cell after than before here; PyTorch padding is symmetric" };
    }
    const ps = plan.axes.map((a) => a.padBefore);
    const limitOk = plan.axes.every((a) => a.padBefore <= Math.floor(a.poolSize / 2));
    if (!limitOk) return { code: null, note: 'the padding exceeds PyTorch\'s limit of half the window' };
    const args = torchArgs(plan, false).filter((a) => !a.startsWith('padding='));
    if (ps.some((p) => p !== 0)) {
      args.push(`padding=${compact(ps)}`);
      if (plan.op === 'avg') args.push('count_include_pad=False');
    }
    return { code: `${name}(${args.join(', ')})`, note: layout };
  }
  const flatten = (plan.op === 'globalMax' || plan.op === 'globalAvg') && !plan.keepdims ? '  # then .flatten(1)' : '';
  return { code: `${name}(${torchArgs(plan, false).join(', ')})${flatten}`, note: layout };
}

export function describePlanCore(plan: PlanCore): PlanDescription {
  const k = kerasSnippet(plan);
  const t = torchSnippet(plan);
  return {
    title: planTitle(plan), caption: planCaption(plan), axesNote: plan.axesNote,
    keras: k.code, kerasNote: k.note, pytorch: t.code, pytorchNote: t.note,
  };
}

const NAN_RULE_WORDS = {
  propagate: 'a NaN in a window makes it NaN',
  ignore: 'NaN cells are skipped (an all-NaN max window gives -inf)',
  neverWins: "a NaN never wins, as in TF's MaxPool (an all-NaN or all -inf window gives the lowest finite value)",
  unlessGreater: "as TF's MaxPool3D: a NaN wins only as a window's last cell, except in channels of whole groups of 8 (TF's vectors), where it never wins",
} as const;

/**
 * The NaN rule in force, in words, and whether it is the framework's own for the op or an override, e.g.
 * "NaN rule: Keras's own for this layer: a NaN never wins, as in TF's MaxPool (...)".
 */
export function nanRuleText(plan: Pick<PoolPlan, 'framework' | 'op' | 'nan' | 'spatialRank'>): string {
  const own = nanRuleOf(plan.framework, plan.op, 'framework', plan.spatialRank) === plan.nan;
  const whose = own ? `${plan.framework === 'keras' ? 'Keras' : 'PyTorch'}'s own for this layer`
    : `'${plan.nan}' (set instead of ${plan.framework === 'keras' ? 'Keras' : 'PyTorch'}'s own)`;
  return `NaN rule: ${whose}: ${NAN_RULE_WORDS[plan.nan]}`;
}
