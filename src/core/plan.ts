/**
 * Plan, then compute: `planPool` turns a shape and a spec into a plain, serialisable record (how the axes were
 * read, output shape, per-axis window geometry and padding) without touching any data. Every rule of
 * POOLING_SEMANTICS.md that decides geometry lives here; the kernels only follow the plan.
 */
import {
  type DataFormat, type Framework, type NanPolicy, type PoolOp, type PoolSpec, type SpatialRank,
  PoolSpecError, isAdaptiveOp, isGlobalOp, isMaxOp,
} from './spec';
import { planCaption, planTitle } from './describe';

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
  nan: NanPolicy;
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
  /** Layer name in the plan's framework, e.g. `MaxPooling2D`, `AvgPool2d`. */
  title: string;
  /** `(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)` */
  caption: string;
}

const AXIS_NAMES: Record<SpatialRank, string[]> = { 1: ['W'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
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

function inferSpatialRank(shape: readonly number[], spec: PoolSpec): SpatialRank {
  const fromArray = Array.isArray(spec.poolSize) ? spec.poolSize.length
    : Array.isArray(spec.outputSize) ? spec.outputSize.length : undefined;
  const r = spec.spatialRank ?? fromArray ?? (shape.length <= 2 ? shape.length : shape.length - 2);
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
 * The geometry of `spec` applied to an input of `shape`, without computing anything.
 * Throws `PoolSpecError` (naming the parameter, value and rule) for specs that cannot apply; an empty output
 * (Keras `valid` with a window longer than the input, or a zero-length axis) is a valid plan with `empty: true`.
 */
export function planPool(shape: readonly number[], spec: PoolSpec): PoolPlan {
  const framework: Framework = spec.framework ?? 'keras';
  if (framework !== 'keras' && framework !== 'pytorch') {
    throw new PoolSpecError('framework', framework, "must be 'keras' or 'pytorch'");
  }
  const op = spec.op;
  const ops: PoolOp[] = ['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg', 'lp'];
  if (!ops.includes(op)) throw new PoolSpecError('op', op, `must be one of ${ops.join(', ')}`);
  const dataFormat: DataFormat = spec.dataFormat ?? 'channelsLast';
  if (dataFormat !== 'channelsLast' && dataFormat !== 'channelsFirst') {
    throw new PoolSpecError('dataFormat', dataFormat, "must be 'channelsLast' or 'channelsFirst'");
  }
  const nan: NanPolicy = spec.nan ?? 'propagate';
  if (nan !== 'propagate' && nan !== 'ignore') {
    throw new PoolSpecError('nan', nan, "must be 'propagate' or 'ignore'");
  }
  for (const d of shape) {
    if (!isNonNegativeInt(d)) throw new PoolSpecError('input shape', shape, 'dimensions must be integers >= 0');
  }

  // How the axes are read.
  const sr = inferSpatialRank(shape, spec);
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
  const chWord = channels === 1 ? 'channel' : 'channels';
  const axesNote = readAs === 'batched'
    ? `read as batch ${batch}, ${dims(inSpatial)}, ${channels} ${chWord} (${dataFormat === 'channelsLast' ? 'channels last' : 'channels first'})`
    : `a ${dims(inSpatial)} ${readAs} read as batch 1, ${dims(inSpatial)}, 1 channel`;

  // Options that belong to one framework only.
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
  const ceilMode = spec.ceilMode ?? false;
  const countIncludePad = framework === 'pytorch' ? (spec.countIncludePad ?? true) : false;
  let p: number | null = null;
  if (op === 'lp') {
    if (typeof spec.p !== 'number' || !(spec.p > 0) || Number.isNaN(spec.p)) {
      throw new PoolSpecError('p', spec.p, 'LP pooling needs a power p > 0');
    }
    p = spec.p;
  }

  const names = AXIS_NAMES[sr];
  let axes: AxisPlan[];
  let paddingMode: PoolPlan['paddingMode'] = 'valid';
  if (isGlobalOp(op)) {
    axes = inSpatial.map((n, i) => ({
      name: names[i]!, inSize: n, outSize: 1, poolSize: n, stride: 1, dilation: 1, padBefore: 0, padAfter: 0, adaptive: false,
    }));
  } else if (isAdaptiveOp(op)) {
    if (spec.outputSize === undefined) throw new PoolSpecError('outputSize', undefined, `is required for ${op}`);
    const outs = perAxis<number | null>('outputSize', spec.outputSize as number | readonly (number | null)[], sr);
    axes = inSpatial.map((n, i) => {
      const o = outs[i] ?? n;
      if (!isPositiveInt(o)) throw new PoolSpecError('outputSize', spec.outputSize, 'each output length must be a positive integer');
      let longest = 0;
      for (let j = 0; j < o; j++) {
        longest = Math.max(longest, Math.floor(((j + 1) * n + o - 1) / o) - Math.floor((j * n) / o));
      }
      return { name: names[i]!, inSize: n, outSize: o, poolSize: longest, stride: 0, dilation: 1, padBefore: 0, padAfter: 0, adaptive: true };
    });
  } else {
    if (spec.poolSize === undefined) throw new PoolSpecError('poolSize', undefined, `is required for op '${op}'`);
    const ks = perAxis('poolSize', spec.poolSize, sr);
    for (const k of ks) {
      if (!isPositiveInt(k)) throw new PoolSpecError('poolSize', spec.poolSize, 'each pool size must be a positive integer');
    }
    const ss = spec.strides === undefined ? ks : perAxis('strides', spec.strides, sr);
    for (const s of ss) {
      if (!isPositiveInt(s)) throw new PoolSpecError('strides', spec.strides, 'each stride must be a positive integer');
    }
    const ds = perAxis('dilation', spec.dilation ?? 1, sr);
    for (const d of ds) {
      if (!isPositiveInt(d)) throw new PoolSpecError('dilation', spec.dilation, 'each dilation must be a positive integer');
    }
    if (!isMaxOp(op) && ds.some((d) => d !== 1)) {
      throw new PoolSpecError('dilation', spec.dilation, 'only max pooling has dilation (PyTorch MaxPool)');
    }
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
    if (framework === 'keras') {
      paddingMode = padding as 'valid' | 'same';
      axes = inSpatial.map((n, i) => {
        const k = ks[i]!, s = ss[i]!, d = ds[i]!;
        const effK = (k - 1) * d + 1;
        if (padding === 'valid') {
          const out = n < effK ? 0 : Math.floor((n - effK) / s) + 1;
          return { name: names[i]!, inSize: n, outSize: out, poolSize: k, stride: s, dilation: d, padBefore: 0, padAfter: 0, adaptive: false };
        }
        // TF 'same': out = ceil(in / s); the odd padding cell goes after (bottom/right).
        const out = Math.ceil(n / s);
        const total = Math.max(0, (out - 1) * s + effK - n);
        const before = Math.floor(total / 2);
        return { name: names[i]!, inSize: n, outSize: out, poolSize: k, stride: s, dilation: d, padBefore: before, padAfter: total - before, adaptive: false };
      });
    } else {
      const ps = padding === 'valid' ? perAxis('padding', 0, sr) : perAxis('padding', padding as number | readonly number[], sr);
      paddingMode = padding === 'valid' ? 'valid' : 'explicit';
      axes = inSpatial.map((n, i) => {
        const k = ks[i]!, s = ss[i]!, d = ds[i]!, pad = ps[i]!;
        if (!isNonNegativeInt(pad)) throw new PoolSpecError('padding', padding, 'each padding must be an integer >= 0');
        // PyTorch's limit: half the raw window, floor(k / 2), in every rank and even with dilation (PyTorch 2.13
        // checks `kW / 2 >= padW` in max_pool1d/2d/3d and avg_pool*; verified against the library).
        const limit = Math.floor(k / 2);
        if (pad > limit) {
          throw new PoolSpecError('padding', padding,
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
  }

  const outSpatial = axes.map((a) => a.outSize);
  const fullOutputShape = dataFormat === 'channelsLast' ? [batch, ...outSpatial, channels] : [batch, channels, ...outSpatial];
  const outputShape = isGlobalOp(op) && !(spec.keepdims ?? false) ? [batch, channels] : fullOutputShape;
  const outputLength = outputShape.reduce((a, b) => a * b, 1);
  let emptyReason: string | null = null;
  if (outputLength === 0) {
    const zeroIn = readShape.findIndex((d) => d === 0);
    const short = axes.find((a) => a.outSize === 0 && a.inSize > 0);
    emptyReason = short !== undefined
      ? `the ${short.poolSize}-cell window${short.dilation > 1 ? ` (dilation ${short.dilation})` : ''} is longer than the ` +
        `input's ${short.inSize} cells on axis ${short.name}, and 'valid' padding adds none: no window fits`
      : `the input has a zero-length axis (axis ${zeroIn} of shape (${readShape.join(', ')}))`;
  }
  const core = {
    framework, op, dataFormat, spatialRank: sr, nan, keepdims: spec.keepdims ?? false, ceilMode, countIncludePad,
    divisorOverride: spec.divisorOverride ?? null, p, paddingMode,
    inputShape: [...shape], readShape, readAs, axesNote, batch, channels, axes,
    fullOutputShape, outputShape, outputLength, empty: outputLength === 0, emptyReason,
  };
  return { ...core, title: planTitle(core), caption: planCaption(core) };
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
 * so a ceil-mode overhang past the right padding is never counted.
 */
export function axisWindow(ax: AxisPlan, o: number, countIncludePad: boolean): AxisWindow {
  if (ax.adaptive) {
    const start = Math.floor((o * ax.inSize) / ax.outSize);
    const end = Math.floor(((o + 1) * ax.inSize + ax.outSize - 1) / ax.outSize);
    return { start, count: end - start, step: 1, divisorCount: end - start };
  }
  const start = o * ax.stride - ax.padBefore;
  const inside = inBoundsCount(start, ax.poolSize, ax.dilation, ax.inSize);
  const divisorCount = countIncludePad
    ? Math.min(start + ax.poolSize, ax.inSize + ax.padAfter) - start
    : inside;
  return { start, count: ax.poolSize, step: ax.dilation, divisorCount };
}

function inBoundsCount(start: number, count: number, step: number, n: number): number {
  let c = 0;
  for (let j = 0; j < count; j++) {
    const x = start + j * step;
    if (x >= 0 && x < n) c++;
  }
  return c;
}

/** In-bounds input positions of every output window on one axis, flattened (CSR-like). */
export interface AxisLists {
  /** `positions[offsets[o] .. offsets[o+1])` are the in-bounds cells of output `o`, ascending. */
  offsets: Int32Array;
  positions: Int32Array;
  /** Divisor share per output (see `axisWindow`). */
  divisor: Float64Array;
  /** True when the axis maps every cell to itself (window 1, stride 1, no padding): no pass needed. */
  identity: boolean;
}

export function axisLists(ax: AxisPlan, countIncludePad: boolean): AxisLists {
  const offsets = new Int32Array(ax.outSize + 1);
  const pos: number[] = [];
  const divisor = new Float64Array(ax.outSize);
  for (let o = 0; o < ax.outSize; o++) {
    const w = axisWindow(ax, o, countIncludePad);
    for (let j = 0; j < w.count; j++) {
      const x = w.start + j * w.step;
      if (x >= 0 && x < ax.inSize) pos.push(x);
    }
    offsets[o + 1] = pos.length;
    divisor[o] = w.divisorCount;
  }
  const identity = ax.outSize === ax.inSize && pos.length === ax.inSize && pos.every((x, i) => x === i);
  return { offsets, positions: Int32Array.from(pos), divisor, identity };
}
