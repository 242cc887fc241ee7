/**
 * Plan, then compute: `planPool` turns a shape and a spec into a plain, serialisable record (how the axes were
 * read, output shape, per-axis window geometry and padding, what computing it costs) without touching any
 * data. Every pooling rule that decides geometry (how the axes are read, output sizes, padding, window
 * positions and lengths, ceil mode) lives here; the kernels only follow the plan.
 *
 * Cost rules: planning is O(spatial rank) whatever the sizes (no loop over output positions or window cells),
 * and a plan whose output, intermediate arrays or work exceed `MAX_POOL_OUTPUT` / `MAX_POOL_WORK` is refused
 * with a `PoolSpecError` before anything is allocated. Window geometry for the kernels (`axisSpans`) is
 * O(outSize) per axis, never O(outSize * poolSize).
 */
import {
  type DataFormat, type Framework, type NanPolicy, type NanRule, type PoolOp, type PoolSpec, type SpatialRank,
  POOL_OPS, PoolSpecError, isAdaptiveOp, isGlobalOp, isMaxOp, nanRuleOf, toSpatialRank,
} from './spec';
import { planCaption, planTitle } from './describe';
import { checkDType } from './dtypes';
import type { DType } from './tensor';

/** Geometry of one spatial axis. */
export interface AxisPlan {
  /** 'W' for 1-D; 'H', 'W' for 2-D; 'D', 'H', 'W' for 3-D. */
  name: string;
  inSize: number;
  outSize: number;
  /** Window length in cells (before dilation). Global: the input length. Adaptive: the longest window. */
  poolSize: number;
  stride: number;
  dilation: number;
  /** Padding cells before the input (Keras `same`: floor(total/2); PyTorch: p). */
  padBefore: number;
  /** Padding cells after the input (Keras `same`: the odd extra cell goes here; PyTorch: p). */
  padAfter: number;
  /** Windows from PyTorch's adaptive rule `[floor(i*in/out), ceil((i+1)*in/out))` instead of stride/size. */
  adaptive: boolean;
}

/** How the input's axes were read. A plain vector/matrix/volume gets a batch of 1 and 1 channel. */
export type ReadAs = 'batched' | 'vector' | 'matrix' | 'volume';

export interface PoolPlan {
  framework: Framework;
  op: PoolOp;
  dataFormat: DataFormat;
  spatialRank: SpatialRank;
  /** The NaN rule in force: the spec's `nan`, or the framework's own rule for the op (see `NanRule`). */
  nan: NanRule;
  keepdims: boolean;
  ceilMode: boolean;
  /** Whether the average divisor counts padded cells (Keras: always false). */
  countIncludePad: boolean;
  divisorOverride: number | null;
  p: number | null;
  /** As the user gave it: Keras `valid`/`same`, or PyTorch `explicit` numbers. */
  paddingMode: 'valid' | 'same' | 'explicit';
  /** The shape as given. */
  inputShape: number[];
  /** The full-rank shape the core pools: (N, ...spatial, C) or (N, C, ...spatial). */
  readShape: number[];
  readAs: ReadAs;
  /** One sentence on how the axes were read, for the UI. */
  axesNote: string;
  batch: number;
  channels: number;
  axes: AxisPlan[];
  /** The pooled shape in full rank, before global pooling drops the spatial axes. */
  fullOutputShape: number[];
  /** The result's shape: `fullOutputShape`, or (N, C) for global pooling without `keepdims`. */
  outputShape: number[];
  outputLength: number;
  /** True when some output axis has length 0 (e.g. `valid` with a window longer than the input). */
  empty: boolean;
  /** Why the output is empty, in words; null when it is not. */
  emptyReason: string | null;
  /** Elements of the input (the product of `inputShape`). */
  inputLength: number;
  /**
   * Estimated cost of the plain TypeScript path, in window-cell visits plus cells written: for each separable
   * pass (spatial axes innermost first, skipping axes whose windows are single cells in place), the cells
   * before and after the axis times (in-bounds window cells summed over the axis's outputs + its output
   * length), plus one copy of the input for LP. An upper bound for regular windows (each output counted as
   * min(poolSize, ceil(inSize / dilation)) cells), exact for adaptive ones; 0 for an empty plan. At most
   * `MAX_POOL_WORK` (planPool refuses larger plans). The WebAssembly path, where it applies, does less.
   */
  work: number;
  /** Layer name in the plan's framework, e.g. `MaxPooling2D`, `AvgPool2d`. */
  title: string;
  /** `(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)` */
  caption: string;
}

/**
 * Most output elements a plan may have: 2^28 (1 GiB of float32). Every intermediate array of the TypeScript
 * path (one per separable pass, and LP's float64 copy of the input) is held to the same limit.
 */
export const MAX_POOL_OUTPUT = 2 ** 28;

/** Most work (`PoolPlan.work`, window-cell visits) a plan may take: 2^33, tens of seconds on one worker. */
export const MAX_POOL_WORK = 2 ** 33;

const AXIS_NAMES: Record<SpatialRank, string[]> = { 1: ['W'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

/** A positive integer exactly representable (at most 2^53 - 1): larger sizes cannot be computed with. */
function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** floor(a / b) for safe integers a and b > 0, exact (the float quotient is corrected by its remainder). */
function floorDiv(a: number, b: number): number {
  if (b === 1) return a;
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r < 0) q -= 1;
  else if (r >= b) q += 1;
  return q;
}

/** floor(a * b / c) for safe integers a, b >= 0 and c > 0, exact even when a * b is not (BigInt then). */
function mulDivFloor(a: number, b: number, c: number): number {
  const ab = a * b;
  if (Number.isSafeInteger(ab)) return floorDiv(ab, c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** ceil(a * b / c) for safe integers a, b >= 0 and c > 0, exact (see mulDivFloor). */
function mulDivCeil(a: number, b: number, c: number): number {
  const ab = a * b;
  if (Number.isSafeInteger(ab + c)) return floorDiv(ab + c - 1, c);
  return Number((BigInt(a) * BigInt(b) + BigInt(c) - 1n) / BigInt(c));
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The longest of PyTorch's adaptive windows `[floor(j*n/o), ceil((j+1)*n/o))`, j in [0, o), in closed form:
 * with q = floor(n/o), m = n mod o and g = gcd(n, o), q when m = 0, else q + 2 when m > g, else q + 1.
 * n >= 0 and o >= 1 safe integers; O(log) whatever o.
 */
export function adaptiveLongest(n: number, o: number): number {
  const q = floorDiv(n, o), m = n - q * o;
  if (m === 0) return q;
  return m > gcd(n, o) ? q + 2 : q + 1;
}

/**
 * The cells `start + j*step`, j in [0, count), that lie in [lo, hi): they are the j of one contiguous range,
 * returned as its first j and its length (0 when none; j0 is then meaningless). O(1); safe integers, step >= 1.
 */
export function clip(start: number, count: number, step: number, lo: number, hi: number): { j0: number; n: number } {
  if (count <= 0 || start >= hi) return { j0: 0, n: 0 };
  const j0 = start >= lo ? 0 : floorDiv(lo - start + step - 1, step);
  const j1 = Math.min(count - 1, floorDiv(hi - 1 - start, step));
  return { j0, n: Math.max(0, j1 - j0 + 1) };
}

/** 1234567 -> "1,234,567" (exponent notation past 1e21, where digits stop meaning anything). */
function grouped(n: number): string {
  if (!(Math.abs(n) < 1e21)) return n.toExponential(3);
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One value per spatial axis from a number or an array; arrays must have one entry per spatial axis. */
function perAxis<T>(param: string, value: T | readonly T[], rank: number): T[] {
  if (Array.isArray(value)) {
    if (value.length !== rank) {
      throw new PoolSpecError(param, value, `needs one value per spatial axis (${rank}), got ${value.length}`);
    }
    return [...(value as readonly T[])];
  }
  return Array.from({ length: rank }, () => value as T);
}

/** The rank a shape's axes imply: a vector 1, a matrix 2, (N, ...spatial, C) or (N, C, ...spatial) rank - 2. */
function impliedRank(shape: readonly number[]): number {
  return shape.length <= 2 ? shape.length : shape.length - 2;
}

/**
 * The spatial rank `planPool` reads `shape` as when the spec names none (and gives no per-axis array): a vector 1, a
 * matrix 2, (N, ...spatial, C) rank - 2. A shape it cannot read that way (a scalar, rank 6 and up) gets the nearest
 * rank, a starting point for the panel's controls; `planPool` itself refuses it.
 */
export function inferSpatialRank(shape: readonly number[]): SpatialRank {
  return toSpatialRank(impliedRank(shape));
}

/** The spatial rank of `spec` on `shape`: as the spec says, else the length of its per-axis arrays, else implied. */
function specSpatialRank(shape: readonly number[], spec: PoolSpec): SpatialRank {
  const fromArray = Array.isArray(spec.poolSize) ? spec.poolSize.length
    : Array.isArray(spec.outputSize) ? spec.outputSize.length : undefined;
  const r = spec.spatialRank ?? fromArray ?? impliedRank(shape);
  if (r !== 1 && r !== 2 && r !== 3) {
    throw new PoolSpecError('spatialRank', r, 'must be 1, 2 or 3');
  }
  return r;
}

function dims(ns: readonly number[]): string {
  return ns.join('x');
}

/** PyTorch's output length: floor((in + 2p - effK + (ceil ? s-1 : 0)) / s) + 1, then the start-inside rule. */
function torchOutSize(inSize: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const effK = (k - 1) * d + 1;
  let out = Math.floor((inSize + 2 * p - effK + (ceil ? s - 1 : 0)) / s) + 1;
  // Ceil mode: the last window must start inside the input or the left padding.
  if (ceil && (out - 1) * s >= inSize + p) out -= 1;
  return out;
}

/**
 * The geometry of `spec` applied to an input of `shape`, without computing anything, in O(spatial rank) time
 * whatever the sizes. Throws `PoolSpecError` (naming the parameter, value and rule) for specs that cannot
 * apply, including sizes that are not safe integers (above 2^53 - 1) and plans over the budget: an output of
 * more than `MAX_POOL_OUTPUT` elements, an intermediate array of the TypeScript path above that (see
 * `checkBudget`), or `work` above `MAX_POOL_WORK`; the message gives the figure, the limit and what to change.
 * An empty output (Keras `valid` with a window longer than the input, or a zero-length axis) is a valid plan
 * with `empty: true`.
 */
export function planPool(shape: readonly number[], spec: PoolSpec, dtype?: DType): PoolPlan {
  const { framework, op, dataFormat, asked } = checkChoices(spec);
  for (const d of shape) {
    if (!isNonNegativeInt(d)) throw new PoolSpecError('input shape', shape, 'dimensions must be integers >= 0 (at most 2^53 - 1)');
  }
  const read = readAxes(shape, spec, dataFormat);
  const nan = nanRuleOf(framework, op, asked, read.spatialRank);
  const { ceilMode, countIncludePad, p } = frameworkOptions(spec, framework, op);
  const { axes, paddingMode } = planAxes(spec, framework, op, read.spatialRank, read.inSpatial, ceilMode);
  if (dtype !== undefined) checkDType(framework, op, read.spatialRank, dtype, spec.returnIndices ?? false, p);

  const { batch, channels, readShape } = read;
  const outSpatial = axes.map((a) => a.outSize);
  const fullOutputShape = dataFormat === 'channelsLast' ? [batch, ...outSpatial, channels] : [batch, channels, ...outSpatial];
  const outputShape = isGlobalOp(op) && !(spec.keepdims ?? false) ? [batch, channels] : fullOutputShape;
  const outputLength = outputShape.reduce((a, b) => a * b, 1);
  const inputLength = readShape.reduce((a, b) => a * b, 1);
  const work = checkBudget(shape, spec, op, axes, batch * channels, outputShape, outputLength, inputLength);
  const core = {
    framework, op, dataFormat, spatialRank: read.spatialRank, nan, keepdims: spec.keepdims ?? false, ceilMode, countIncludePad,
    divisorOverride: spec.divisorOverride ?? null, p, paddingMode,
    inputShape: [...shape], readShape, readAs: read.readAs, axesNote: read.axesNote, batch, channels, axes,
    fullOutputShape, outputShape, outputLength, empty: outputLength === 0,
    emptyReason: outputLength === 0 ? emptyReason(readShape, axes) : null, inputLength, work,
  };
  return { ...core, title: planTitle(core), caption: planCaption(core) };
}

/** The spec's choices among names (framework, op, data format, NaN rule), defaulted and checked. */
function checkChoices(spec: PoolSpec): { framework: Framework; op: PoolOp; dataFormat: DataFormat; asked: NanPolicy } {
  const framework: Framework = spec.framework ?? 'keras';
  if (framework !== 'keras' && framework !== 'pytorch') {
    throw new PoolSpecError('framework', framework, "must be 'keras' or 'pytorch'");
  }
  const op = spec.op;
  if (!POOL_OPS.includes(op)) throw new PoolSpecError('op', op, `must be one of ${POOL_OPS.join(', ')}`);
  const dataFormat: DataFormat = spec.dataFormat ?? 'channelsLast';
  if (dataFormat !== 'channelsLast' && dataFormat !== 'channelsFirst') {
    throw new PoolSpecError('dataFormat', dataFormat, "must be 'channelsLast' or 'channelsFirst'");
  }
  const asked = spec.nan ?? 'framework';
  if (asked !== 'framework' && asked !== 'propagate' && asked !== 'ignore') {
    throw new PoolSpecError('nan', asked, "must be 'framework', 'propagate' or 'ignore'");
  }
  return { framework, op, dataFormat, asked };
}

/** How the input's axes are read: the full-rank shape pooled, batch, channels, the spatial sizes and a sentence. */
interface ReadAxes {
  spatialRank: SpatialRank;
  readShape: number[];
  readAs: ReadAs;
  batch: number;
  channels: number;
  inSpatial: number[];
  axesNote: string;
}

function readAxes(shape: readonly number[], spec: PoolSpec, dataFormat: DataFormat): ReadAxes {
  const sr = specSpatialRank(shape, spec);
  const rank = shape.length;
  let readShape: number[];
  let readAs: ReadAs;
  if (rank === sr + 2) {
    readShape = [...shape];
    readAs = 'batched';
  } else if (rank === sr) {
    readShape = dataFormat === 'channelsLast' ? [1, ...shape, 1] : [1, 1, ...shape];
    readAs = sr === 1 ? 'vector' : sr === 2 ? 'matrix' : 'volume';
  } else {
    throw new PoolSpecError('input shape', shape,
      `${sr}-D pooling takes a rank-${sr + 2} input (batch, ${AXIS_NAMES[sr].join(', ')}, channels) ` +
      `or a plain rank-${sr} array; got rank ${rank}`);
  }
  const batch = readShape[0]!;
  const channels = dataFormat === 'channelsLast' ? readShape[sr + 1]! : readShape[1]!;
  const inSpatial = dataFormat === 'channelsLast' ? readShape.slice(1, sr + 1) : readShape.slice(2);
  // Window positions are int32 (spans, argmax): an axis longer than that is refused here, even when the input is
  // empty (a (0, 2^52) matrix still has a 2^52-cell axis to pool over).
  const tooLong = inSpatial.findIndex((n) => n > 0x7fffffff);
  if (tooLong >= 0) {
    throw new PoolSpecError('input shape', shape,
      `axis ${AXIS_NAMES[sr][tooLong]} has ${inSpatial[tooLong]} cells; pooling indexes positions in 32 bits, at most 2^31 - 1 per axis`);
  }
  const chWord = channels === 1 ? 'channel' : 'channels';
  const axesNote = readAs === 'batched'
    ? `read as batch ${batch}, ${dims(inSpatial)}, ${channels} ${chWord} (${dataFormat === 'channelsLast' ? 'channels last' : 'channels first'})`
    : `a ${dims(inSpatial)} ${readAs} read as batch 1, ${dims(inSpatial)}, 1 channel`;
  return { spatialRank: sr, readShape, readAs, batch, channels, inSpatial, axesNote };
}

/** Options that belong to one framework or op only: refused where they do not apply, else defaulted. */
function frameworkOptions(spec: PoolSpec, framework: Framework, op: PoolOp): { ceilMode: boolean; countIncludePad: boolean; p: number | null } {
  if (framework === 'keras') {
    if (spec.ceilMode) throw new PoolSpecError('ceilMode', spec.ceilMode, "is a PyTorch option; set framework: 'pytorch'");
    if (spec.countIncludePad) {
      throw new PoolSpecError('countIncludePad', spec.countIncludePad, "Keras never counts padding; set framework: 'pytorch'");
    }
    if (spec.divisorOverride !== undefined) {
      throw new PoolSpecError('divisorOverride', spec.divisorOverride, "is a PyTorch option; set framework: 'pytorch'");
    }
  }
  if (spec.divisorOverride !== undefined && !(Number.isInteger(spec.divisorOverride) && spec.divisorOverride !== 0)) {
    throw new PoolSpecError('divisorOverride', spec.divisorOverride, 'must be a non-zero integer');
  }
  let p: number | null = null;
  if (op === 'lp') {
    if (typeof spec.p !== 'number' || !(spec.p > 0) || Number.isNaN(spec.p)) {
      throw new PoolSpecError('p', spec.p, 'LP pooling needs a power p > 0');
    }
    p = spec.p;
  }
  return {
    ceilMode: spec.ceilMode ?? false,
    countIncludePad: framework === 'pytorch' ? (spec.countIncludePad ?? true) : false,
    p,
  };
}

type PaddingMode = PoolPlan['paddingMode'];

/** Each spatial axis's window geometry, by the op's kind: global, adaptive, or sliding windows. */
function planAxes(
  spec: PoolSpec, framework: Framework, op: PoolOp, sr: SpatialRank, inSpatial: readonly number[], ceilMode: boolean,
): { axes: AxisPlan[]; paddingMode: PaddingMode } {
  const names = AXIS_NAMES[sr];
  if (isGlobalOp(op)) {
    return {
      axes: inSpatial.map((n, i) => ({
        name: names[i]!, inSize: n, outSize: 1, poolSize: n, stride: 1, dilation: 1, padBefore: 0, padAfter: 0, adaptive: false,
      })),
      paddingMode: 'valid',
    };
  }
  if (isAdaptiveOp(op)) return { axes: adaptiveAxes(spec, op, names, inSpatial), paddingMode: 'valid' };
  const w = windowSizes(spec, op, names, inSpatial);
  const padding = checkPadding(spec, framework, op, sr);
  if (framework === 'keras') {
    const mode = padding as 'valid' | 'same';
    return { axes: kerasAxes(w, mode, names, inSpatial), paddingMode: mode };
  }
  const pads = padding === 'valid' ? perAxis('padding', 0, sr) : perAxis('padding', padding as number | readonly number[], sr);
  if (sr === 3 && (op === 'avg' || op === 'lp')) torch3dFits(spec, w.ks, inSpatial);
  return { axes: torchAxes(spec, w, pads, names, inSpatial, ceilMode), paddingMode: padding === 'valid' ? 'valid' : 'explicit' };
}

/**
 * PyTorch's avg_pool3d (and LPPool3d, which calls it) checks the unpadded input against the window on every axis,
 * even when padding would make room: refused as PyTorch 2.13 words it.
 */
function torch3dFits(spec: PoolSpec, ks: readonly number[], inSpatial: readonly number[]): void {
  if (inSpatial.every((n, i) => n >= ks[i]!) || inSpatial.some((n) => n === 0)) return;
  const [t, h, w] = inSpatial, [kt, kh, kw] = ks;
  throw new PoolSpecError('poolSize', spec.poolSize,
    `PyTorch's avg_pool3d needs the input at least as large as the window on every axis, padding aside: "input ` +
    `image (T: ${t} H: ${h} W: ${w}) smaller than kernel size (kT: ${kt} kH: ${kh} kW: ${kw})"`);
}

function adaptiveAxes(spec: PoolSpec, op: PoolOp, names: readonly string[], inSpatial: readonly number[]): AxisPlan[] {
  if (spec.outputSize === undefined) throw new PoolSpecError('outputSize', undefined, `is required for ${op}`);
  const outs = perAxis<number | null>('outputSize', spec.outputSize as number | readonly (number | null)[], names.length);
  return inSpatial.map((n, i) => {
    const o = outs[i] ?? n;
    if (!isPositiveInt(o)) throw new PoolSpecError('outputSize', spec.outputSize, 'each output length must be a positive integer (at most 2^53 - 1)');
    return {
      name: names[i]!, inSize: n, outSize: o, poolSize: adaptiveLongest(n, o), stride: 0, dilation: 1, padBefore: 0,
      padAfter: 0, adaptive: true,
    };
  });
}

/** Pool sizes, strides and dilations per axis of a sliding-window op, checked. */
interface WindowSizes {
  ks: number[];
  ss: number[];
  ds: number[];
}

function positiveInts(param: string, given: unknown, values: readonly number[], what: string): void {
  for (const v of values) {
    if (!isPositiveInt(v)) throw new PoolSpecError(param, given, `each ${what} must be a positive integer (at most 2^53 - 1)`);
  }
}

function windowSizes(spec: PoolSpec, op: PoolOp, names: readonly string[], inSpatial: readonly number[]): WindowSizes {
  const sr = names.length;
  if (spec.poolSize === undefined) throw new PoolSpecError('poolSize', undefined, `is required for op '${op}'`);
  const ks = perAxis('poolSize', spec.poolSize, sr);
  positiveInts('poolSize', spec.poolSize, ks, 'pool size');
  const ss = spec.strides === undefined ? ks : perAxis('strides', spec.strides, sr);
  positiveInts('strides', spec.strides, ss, 'stride');
  const ds = perAxis('dilation', spec.dilation ?? 1, sr);
  positiveInts('dilation', spec.dilation, ds, 'dilation');
  inSpatial.forEach((n, i) => {
    const effK = (ks[i]! - 1) * ds[i]! + 1;
    if (!Number.isSafeInteger(n + effK)) {
      throw new PoolSpecError('poolSize', spec.poolSize,
        `the window spans ${grouped(effK)} cells on axis ${names[i]} (poolSize - 1) * dilation + 1; with the ` +
        `input's ${grouped(n)} cells that is past 2^53, where positions stop being exact`);
    }
  });
  if (!isMaxOp(op) && ds.some((d) => d !== 1)) {
    throw new PoolSpecError('dilation', spec.dilation, 'only max pooling has dilation (PyTorch MaxPool)');
  }
  return { ks, ss, ds };
}

/** The spec's padding, checked against the op and the framework's forms: Keras 'valid'/'same', PyTorch 'valid' or numbers. */
function checkPadding(spec: PoolSpec, framework: Framework, op: PoolOp, sr: SpatialRank): NonNullable<PoolSpec['padding']> {
  const padding = spec.padding ?? 'valid';
  if (op === 'lp' && padding !== 'valid' && perAxis('padding', padding, sr).some((v) => v !== 0)) {
    throw new PoolSpecError('padding', padding, "LP pooling has no padding (PyTorch LPPool); use 'valid'");
  }
  if (framework === 'keras' && padding !== 'valid' && padding !== 'same') {
    throw new PoolSpecError('padding', padding, "Keras pooling takes 'valid' or 'same'; explicit padding needs framework: 'pytorch'");
  }
  if (framework === 'pytorch' && padding === 'same') {
    throw new PoolSpecError('padding', padding, "PyTorch pooling has no 'same'; give explicit padding per axis");
  }
  return padding;
}

/** Keras: 'valid' fits whole windows only; 'same' gives ceil(in / s) outputs, the odd padding cell after (TF). */
function kerasAxes(w: WindowSizes, padding: 'valid' | 'same', names: readonly string[], inSpatial: readonly number[]): AxisPlan[] {
  return inSpatial.map((n, i) => {
    const k = w.ks[i]!, s = w.ss[i]!, d = w.ds[i]!;
    const effK = (k - 1) * d + 1;
    if (padding === 'valid') {
      const out = n < effK ? 0 : Math.floor((n - effK) / s) + 1;
      return { name: names[i]!, inSize: n, outSize: out, poolSize: k, stride: s, dilation: d, padBefore: 0, padAfter: 0, adaptive: false };
    }
    const out = Math.ceil(n / s);
    const total = Math.max(0, (out - 1) * s + effK - n);
    const before = Math.floor(total / 2);
    return { name: names[i]!, inSize: n, outSize: out, poolSize: k, stride: s, dilation: d, padBefore: before, padAfter: total - before, adaptive: false };
  });
}

/** PyTorch: symmetric explicit padding of at most half the window, output length by `torchOutSize`, at least 1. */
function torchAxes(
  spec: PoolSpec, w: WindowSizes, pads: readonly number[], names: readonly string[], inSpatial: readonly number[], ceilMode: boolean,
): AxisPlan[] {
  return inSpatial.map((n, i) => {
    const k = w.ks[i]!, s = w.ss[i]!, d = w.ds[i]!, pad = pads[i]!;
    if (!isNonNegativeInt(pad)) throw new PoolSpecError('padding', spec.padding, 'each padding must be an integer >= 0 (at most 2^53 - 1)');
    // PyTorch's limit: half the raw window, floor(k / 2), in every rank and even with dilation (PyTorch 2.13
    // checks `kW / 2 >= padW` in max_pool1d/2d/3d and avg_pool*; verified against the library).
    const limit = Math.floor(k / 2);
    if (pad > limit) {
      throw new PoolSpecError('padding', spec.padding,
        `PyTorch allows at most half the window (floor(${k} / 2) = ${limit}) on axis ${names[i]}, got ${pad}`);
    }
    const out = torchOutSize(n, k, s, pad, d, ceilMode);
    if (out <= 0) {
      throw new PoolSpecError('poolSize', spec.poolSize,
        `PyTorch needs an output length >= 1: input ${n} on axis ${names[i]} gives ${out} (output size is too small)`);
    }
    return { name: names[i]!, inSize: n, outSize: out, poolSize: k, stride: s, dilation: d, padBefore: pad, padAfter: pad, adaptive: false };
  });
}

/** Why an output with no elements is empty, in words. */
function emptyReason(readShape: readonly number[], axes: readonly AxisPlan[]): string {
  const zeroIn = readShape.findIndex((d) => d === 0);
  const short = axes.find((a) => a.outSize === 0 && a.inSize > 0);
  return short !== undefined
    ? `the ${short.poolSize}-cell window${short.dilation > 1 ? ` (dilation ${short.dilation})` : ''} is longer than the ` +
      `input's ${short.inSize} cells on axis ${short.name}, and 'valid' padding adds none: no window fits`
    : `the input has a zero-length axis (axis ${zeroIn} of shape (${readShape.join(', ')}))`;
}

/** Whether every window of the axis is its own output cell alone (window 1, stride 1, no padding; adaptive n -> n). */
function plainIdentity(ax: AxisPlan): boolean {
  return ax.adaptive ? ax.outSize === ax.inSize : ax.poolSize === 1 && ax.stride === 1 && ax.padBefore === 0;
}

/**
 * In-bounds window cells summed over the axis's outputs: exact for adaptive windows (n + o - gcd(n, o), since
 * consecutive windows share a cell exactly where j*n/o is not an integer), an upper bound for regular ones
 * (each output min(poolSize, ceil(inSize / dilation)) cells).
 */
function axisVisits(ax: AxisPlan): number {
  if (ax.inSize === 0) return 0;
  if (ax.adaptive) return ax.inSize + ax.outSize - gcd(ax.inSize, ax.outSize);
  return ax.outSize * Math.min(ax.poolSize, Math.ceil(ax.inSize / ax.dilation));
}

/**
 * Refuses (PoolSpecError, in words with the limit and what to change) a plan whose output exceeds
 * `MAX_POOL_OUTPUT`, whose TypeScript path would hold an intermediate array above it (each separable pass's
 * result; LP's float64 copy of the input), or whose `work` exceeds `MAX_POOL_WORK`; returns the work.
 * O(spatial rank): products of sizes, never a loop over positions. An empty output costs nothing.
 */
function checkBudget(
  shape: readonly number[], spec: PoolSpec, op: PoolOp, axes: readonly AxisPlan[], planes: number,
  outputShape: readonly number[], outputLength: number, inputLength: number,
): number {
  const limitWords = `${grouped(MAX_POOL_OUTPUT)} (2^28)`;
  if (outputLength > MAX_POOL_OUTPUT) {
    const [param, value, advice] = isAdaptiveOp(op) ? ['outputSize', spec.outputSize, 'choose a smaller output size']
      : isGlobalOp(op) ? ['input shape', shape, 'pool fewer batches or channels at once']
        : ['input shape', shape, 'use larger strides or pool a smaller input'];
    throw new PoolSpecError(param, value,
      `the output (${outputShape.join(', ')}) would have ${grouped(outputLength)} elements, over the limit of ` +
      `${limitWords}; ${advice}`);
  }
  if (outputLength === 0) return 0;
  const knob: [string, unknown] = isAdaptiveOp(op) ? ['outputSize', spec.outputSize]
    : isGlobalOp(op) ? ['input shape', shape] : ['poolSize', spec.poolSize];
  let work = 0;
  if (op === 'lp') {
    if (inputLength > MAX_POOL_OUTPUT) {
      throw new PoolSpecError('input shape', shape,
        `LP pooling copies the input's ${grouped(inputLength)} elements as float64, over the limit of ${limitWords}; ` +
        'pool a smaller input');
    }
    work += inputLength;
  }
  const cur = axes.map((a) => a.inSize);
  const cells = (): number => cur.reduce((a, b) => a * b, planes);
  let passes = 0;
  for (let i = axes.length - 1; i >= 0; i--) {
    const ax = axes[i]!;
    if (plainIdentity(ax)) continue;
    const others = cells() / cur[i]!;
    work += others * (axisVisits(ax) + ax.outSize);
    cur[i] = ax.outSize;
    passes++;
    const held = cells();
    if (held > MAX_POOL_OUTPUT) {
      throw new PoolSpecError('input shape', shape,
        `the TypeScript path pools one axis at a time, and pooling axis ${ax.name} leaves an intermediate of ` +
        `${grouped(held)} elements, over the limit of ${limitWords}; use a larger stride along ${ax.name} or pool a ` +
        'smaller input');
    }
  }
  // Every axis maps cells to themselves: the path still runs one copying pass.
  if (passes === 0) work += 2 * cells();
  if (work > MAX_POOL_WORK) {
    throw new PoolSpecError(knob[0], knob[1],
      `pooling this input (${shape.join(', ')}) would take about ${grouped(work)} window-cell visits, over the ` +
      `limit of ${grouped(MAX_POOL_WORK)} (2^33, tens of seconds of work); use a smaller window, larger strides ` +
      'or a smaller input');
  }
  return work;
}

/**
 * What running `plan` costs, from the plan alone (O(1)): `work` (see `PoolPlan.work`, at most `MAX_POOL_WORK`),
 * `outputLength` (at most `MAX_POOL_OUTPUT`) and `inputLength`. For deciding where to run a pooling (inline or
 * on a worker); planPool has already refused plans over the limits.
 */
export function planCost(plan: PoolPlan): { work: number; outputLength: number; inputLength: number } {
  return { work: plan.work, outputLength: plan.outputLength, inputLength: plan.inputLength };
}

/** The cells of one output position's window on one axis: `count` cells from `start`, `step` apart. */
export interface AxisWindow {
  /** First cell (negative inside the left padding). */
  start: number;
  count: number;
  step: number;
  /** The average divisor's share of this axis (padding counted only when the plan counts it). */
  divisorCount: number;
}

/**
 * Window of output position `o` on one axis. Regular: `count = poolSize` cells from `o*stride - padBefore`,
 * `dilation` apart. Adaptive: `[floor(o*in/out), ceil((o+1)*in/out))` in integers.
 * Divisor share: in-bounds cells, or (PyTorch `countIncludePad`) cells inside `[-padBefore, in + padAfter)`,
 * so a ceil-mode overhang past the right padding is never counted. O(1) whatever the window's length.
 */
export function axisWindow(ax: AxisPlan, o: number, countIncludePad: boolean): AxisWindow {
  if (ax.adaptive) {
    const start = mulDivFloor(o, ax.inSize, ax.outSize);
    const end = mulDivCeil(o + 1, ax.inSize, ax.outSize);
    return { start, count: end - start, step: 1, divisorCount: end - start };
  }
  const start = o * ax.stride - ax.padBefore;
  const inside = clip(start, ax.poolSize, ax.dilation, 0, ax.inSize).n;
  const divisorCount = countIncludePad
    ? Math.min(start + ax.poolSize, ax.inSize + ax.padAfter) - start
    : inside;
  return { start, count: ax.poolSize, step: ax.dilation, divisorCount };
}

/**
 * Every output window of one axis, reduced to its in-bounds cells: output `o` reads the `count[o]` input
 * positions `first[o] + j*step`, j in [0, count[o]), ascending. Regular windows are arithmetic, so their
 * in-bounds cells are one contiguous range of j; adaptive windows are whole ranges. Length `outSize` each:
 * O(outSize) memory and time whatever the window's length.
 */
export interface AxisSpans {
  /** First in-bounds input position of each output's window (0 when the window has none). */
  first: Int32Array;
  /** In-bounds cells of each output's window (0 for a window wholly in padding, e.g. dilation over it). */
  count: Int32Array;
  /** Distance between a window's cells: the dilation (adaptive windows: 1). */
  step: number;
  /** Divisor share per output (see `axisWindow`); empty when not asked for (max pooling never divides). */
  divisor: Float64Array;
  /** True when every output reads exactly its own input cell (first[o] = o, count[o] = 1): no pass needed. */
  identity: boolean;
}

/**
 * The spans of every output window of `ax` (see `AxisSpans`), with the divisors when `divisors` is true.
 * Positions are int32: throws RangeError for an axis of 2^31 cells or more (pool() refuses such inputs first).
 */
export function axisSpans(ax: AxisPlan, countIncludePad: boolean, divisors = true): AxisSpans {
  if (ax.inSize > 0x7fffffff || ax.outSize > 0x7fffffff) {
    throw new RangeError(`axis ${ax.name} of ${ax.inSize} cells -> ${ax.outSize} is past int32 positions`);
  }
  const outL = ax.outSize, n = ax.inSize;
  const first = new Int32Array(outL), count = new Int32Array(outL), divisor = new Float64Array(divisors ? outL : 0);
  let identity = outL === n;
  if (ax.adaptive) {
    // floor(o*in/out) = o*q + floor(o*r/out) with q, r the quotient and remainder of in/out; the second term
    // advances by carrying r, so no product o*in (past 2^53 for huge axes) is formed.
    const q = floorDiv(n, outL), r = n - q * outL;
    let lo = 0, rem = 0;
    for (let o = 0; o < outL; o++) {
      let hiFloor = lo + q, hiRem = rem + r;
      if (hiRem >= outL) { hiRem -= outL; hiFloor += 1; }
      const hi = hiFloor + (hiRem === 0 ? 0 : 1);
      first[o] = lo;
      count[o] = hi - lo;
      if (divisors) divisor[o] = hi - lo;
      if (lo !== o || hi !== o + 1) identity = false;
      lo = hiFloor;
      rem = hiRem;
    }
    return { first, count, step: 1, divisor, identity };
  }
  // Cells start + j*d, j in [0, k), start = o*s - pb. Interior outputs [oA, oB) (whole window in bounds) are
  // filled in bulk; edge outputs clip their window (as clip does, without its objects).
  const s = ax.stride, k = ax.poolSize, d = ax.dilation, pb = ax.padBefore, edge = n + ax.padAfter;
  const lastStart = n - 1 - (k - 1) * d; // the largest start whose window ends inside the input
  const oA = Math.min(outL, pb <= 0 ? 0 : floorDiv(pb + s - 1, s));
  const oB = lastStart + pb < 0 ? oA : Math.max(oA, Math.min(outL, floorDiv(lastStart + pb, s) + 1));
  for (let o = oA; o < oB; o++) first[o] = o * s - pb;
  count.fill(k, oA, oB);
  if (divisors) divisor.fill(k, oA, oB);
  if (oB > oA && !(k === 1 && s === 1 && pb === 0)) identity = false;
  const clipped = (o: number): void => {
    const start = o * s - pb;
    const j0 = start >= 0 ? 0 : d === 1 ? -start : floorDiv(d - 1 - start, d);
    let j1 = k - 1;
    if (start + j1 * d >= n) j1 = d === 1 ? n - 1 - start : floorDiv(n - 1 - start, d);
    const c = j1 >= j0 ? j1 - j0 + 1 : 0;
    const f = c > 0 ? start + j0 * d : 0;
    first[o] = f;
    count[o] = c;
    if (divisors) divisor[o] = countIncludePad ? Math.min(start + k, edge) - start : c;
    if (f !== o || c !== 1) identity = false;
  };
  for (let o = 0; o < oA; o++) clipped(o);
  for (let o = oB; o < outL; o++) clipped(o);
  return { first, count, step: d, divisor, identity };
}
