/**
 * Absurd pool specs on small and medium tensors (every op, both frameworks and data formats), windows and
 * explanations of huge windows, and `stats` of every dtype.
 */
import {
  explainValue, planPool, pool, stats, windowOf, type DType, type PoolPlan, type PoolResult, type PoolSpec,
  type Tensor,
} from '../../../src/core';
import type { Rng } from '../prng';
import {
  ABSURD_NUMBERS, ABSURD_VALUES, DTYPE_LIST, OUTSIDE_THE_OUTPUT, randomTensor, tensorProblem, valid, type Builder,
  type CaseBody,
  type FamilySpec,
} from '../common';
import { allocData } from '../../../src/core/tensor';

const OPS = ['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg', 'lp'] as const;
const BACKENDS = ['auto', 'ts', 'wasm'] as const;

type Loose = Record<string, unknown>;

function poolProblem(x: unknown): string | undefined {
  const r = x as PoolResult;
  const p = tensorProblem(r.output);
  if (p !== undefined) return `output: ${p}`;
  if (r.output.data.length !== r.plan.outputLength) return `output length ${r.output.data.length} != plan ${r.plan.outputLength}`;
  return undefined;
}

function runPool(input: Tensor, spec: Loose, backend: (typeof BACKENDS)[number] = 'auto'): CaseBody {
  return { run: () => pool(input, spec as unknown as PoolSpec, { backend }), check: poolProblem };
}

/**
 * Whether Keras (PyTorch for LP, p = 2) takes a 2-D input of `dtype` for `op`, as measured with the libraries:
 * floats everywhere; Keras's MaxPool takes int8..int64, uint8 and uint16; its global reductions take every dtype.
 */
function frameworkAccepts(dtype: DType, op: (typeof OPS)[number]): boolean {
  if (dtype === 'float16' || dtype === 'float32' || dtype === 'float64') return true;
  if (op === 'globalMax' || op === 'globalAvg') return true;
  if (op === 'max' || op === 'adaptiveMax') return !['uint32', 'uint64', 'bool'].includes(dtype);
  return false;
}

function runPlan(shape: readonly number[], spec: Loose): CaseBody {
  return { run: () => planPool(shape, spec as unknown as PoolSpec) };
}

function zeros(dtype: DType, shape: number[]): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  return { dtype, shape, data: allocData(dtype, n) };
}

/** A ramp, so max and avg have something to find. */
function ramp(shape: number[], dtype: DType = 'float32'): Tensor {
  const t = zeros(dtype, shape);
  const d = t.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) for (let i = 0; i < d.length; i++) d[i] = BigInt(i % 1000);
  else for (let i = 0; i < d.length; i++) (d as Float32Array)[i] = (i * 7919) % 1009;
  return t;
}

/** A PoolResult built from the plan alone, so `explainValue` can be asked about windows `pool` never computed. */
function fakeResult(plan: PoolPlan): PoolResult {
  return {
    output: { dtype: 'float64', shape: plan.outputShape, data: new Float64Array(plan.outputLength) },
    plan,
    backend: 'ts',
    argmax: new Int32Array(plan.outputLength).fill(-1),
  };
}

const SMALL_SHAPES: number[][] = [[4, 4], [16], [2, 5, 5, 3], [1, 8, 8, 8, 2], [1, 3, 7, 2], [7, 1], [1, 1, 1, 1], [0, 4], [1, 0, 0, 1], []];
const MEDIUM_SHAPES: number[][] = [[1, 128, 128, 3], [256, 256], [1, 3, 64, 64], [1, 16, 16, 16, 4], [100000]];

/** A parameter value: usually sensible, often absurd. */
function param(r: Rng, sensible: () => unknown): unknown {
  return r.chance(0.6) ? sensible() : r.pick(ABSURD_VALUES);
}

function randomSpec(r: Rng, rank: number): Loose {
  const sr = rank <= 2 ? Math.max(rank, 1) : Math.min(rank - 2, 3);
  const perAxis = (lo: number, hi: number): unknown => (r.chance(0.5) ? r.range(lo, hi) : Array.from({ length: sr }, () => r.range(lo, hi)));
  const spec: Loose = { op: r.chance(0.95) ? r.pick(OPS) : r.pick(['sum', '__proto__', '', 'MAX']) };
  const framework = r.chance(0.95) ? r.pick(['keras', 'pytorch']) : r.pick(['tf', 'torch', '']);
  spec.framework = framework;
  if (r.chance(0.9)) spec.poolSize = param(r, () => perAxis(1, 5));
  if (r.chance(0.5)) spec.strides = param(r, () => perAxis(1, 4));
  if (r.chance(0.5)) {
    spec.padding = framework === 'keras' ? (r.chance(0.8) ? r.pick(['valid', 'same']) : r.pick(ABSURD_VALUES))
      : param(r, () => perAxis(0, 2));
  }
  if (r.chance(0.3)) spec.dilation = param(r, () => perAxis(1, 3));
  if (r.chance(0.3)) spec.outputSize = param(r, () => (r.chance(0.2) ? Array.from({ length: sr }, () => r.pick([null, 1, 2, 3])) : perAxis(1, 9)));
  if (r.chance(0.3)) spec.p = param(r, () => r.pick([1, 2, 3, 0.5]));
  if (r.chance(0.3)) spec.dataFormat = r.chance(0.9) ? r.pick(['channelsLast', 'channelsFirst']) : r.pick(['NHWC', '', 5]);
  if (r.chance(0.2)) spec.keepdims = r.pick([true, false, 'yes', 1]);
  if (r.chance(0.2)) spec.nan = r.chance(0.9) ? r.pick(['propagate', 'ignore']) : 'x';
  if (r.chance(0.2)) spec.ceilMode = r.pick([true, false, 1]);
  if (r.chance(0.2)) spec.countIncludePad = r.pick([true, false]);
  if (r.chance(0.15)) spec.divisorOverride = param(r, () => r.range(1, 9));
  if (r.chance(0.1)) spec.spatialRank = r.pick([0, 1, 2, 3, 4, 1.5, NaN]);
  return spec;
}

const hugeSame = (k: number): Loose => ({ op: 'max', framework: 'keras', poolSize: k, strides: 1, padding: 'same' });

const poolFixed: Array<readonly [string, Builder]> = [
  ['1d-2^21-pool256-stride1-max', () => runPool(ramp([2 ** 21]), { op: 'max', poolSize: 256, strides: 1 })],
  ['1d-2^21-pool256-stride1-max-ts', () => runPool(ramp([2 ** 21]), { op: 'max', poolSize: 256, strides: 1 }, 'ts')],
  ['1d-2^21-pool256-stride1-avg', () => runPool(ramp([2 ** 21]), { op: 'avg', poolSize: 256, strides: 1 })],
  ['1d-2^21-pool256-stride1-lp-torch', () => runPool(ramp([2 ** 21]), { op: 'lp', framework: 'pytorch', p: 2, poolSize: 256, strides: 1 })],
  ['1d-2^21-pool256-stride1-same', () => runPool(ramp([2 ** 21]), { op: 'avg', poolSize: 256, strides: 1, padding: 'same' })],
  ['adaptive-30000-on-64x64-max', () => runPool(ramp([64, 64]), { op: 'adaptiveMax', outputSize: 30000 })],
  ['adaptive-30000-on-64x64-avg', () => runPool(ramp([64, 64]), { op: 'adaptiveAvg', outputSize: [30000, 30000] })],
  ['adaptive-30000-on-64x64-plan', () => runPlan([64, 64], { op: 'adaptiveAvg', outputSize: 30000 })],
  ['adaptive-2^53-1d-plan', () => runPlan([16], { op: 'adaptiveMax', outputSize: 2 ** 53 })],
  ['adaptive-1e9x1-on-8x8', () => runPool(ramp([8, 8]), { op: 'adaptiveAvg', outputSize: [1e9, 1] })],
  ['adaptive-null-on-huge-zero-size', () => runPool(zeros('float32', [4503599627370496, 0]), { op: 'adaptiveMax', outputSize: [null, 3] })],
  ['keras-same-pool-1e5-16x16', () => runPool(ramp([16, 16]), hugeSame(100_000))],
  ['keras-same-pool-2^53-8x8', () => runPool(ramp([8, 8]), { op: 'max', poolSize: 2 ** 53, padding: 'same' })],
  ['keras-valid-pool-2^53-8x8', () => runPool(ramp([8, 8]), { op: 'max', poolSize: 2 ** 53 })],
  ['keras-dilation-2^31', () => runPool(ramp([8, 8]), { op: 'max', poolSize: 2, dilation: 2 ** 31, padding: 'same' })],
  ['keras-strides-2^53', () => runPool(ramp([8, 8]), { op: 'max', poolSize: 1, strides: 2 ** 53 })],
  ['torch-padding-half-of-1e9', () => runPool(ramp([8, 8]), { op: 'avg', framework: 'pytorch', poolSize: 1e9, padding: 5e8, strides: 1 })],
  ['torch-ceil-huge-stride', () => runPool(ramp([8, 8]), { op: 'max', framework: 'pytorch', poolSize: 3, strides: 2 ** 31, ceilMode: true, padding: 1 })],
  ['torch-divisor-2^53', () => runPool(ramp([8, 8]), { op: 'avg', framework: 'pytorch', poolSize: 2, divisorOverride: 2 ** 53 })],
  ['torch-divisor-NaN', () => runPool(ramp([8, 8]), { op: 'avg', framework: 'pytorch', poolSize: 2, divisorOverride: NaN })],
  ['lp-p-Infinity', () => runPool(ramp([8, 8]), { op: 'lp', framework: 'pytorch', poolSize: 2, p: Infinity })],
  ['lp-p-1e-300', () => runPool(ramp([8, 8]), { op: 'lp', framework: 'pytorch', poolSize: 2, p: 1e-300 })],
  ['lp-p-1e300', () => runPool(ramp([8, 8]), { op: 'lp', framework: 'pytorch', poolSize: 2, p: 1e300 })],
  ['global-on-2^52x0', () => runPool(zeros('float32', [4503599627370496, 0]), { op: 'globalMax' })],
  ['global-on-0x2^52', () => runPool(zeros('float64', [0, 4503599627370496]), { op: 'globalAvg', keepdims: true })],
  ['global-on-1x2^52x0x1', () => runPool(zeros('float32', [1, 4503599627370496, 0, 1]), { op: 'globalAvg' })],
  ['max-on-2^52x0', () => runPool(zeros('float32', [4503599627370496, 0]), { op: 'max', poolSize: 2 })],
  ['avg-on-0x2^52-same', () => runPool(zeros('float32', [0, 4503599627370496]), { op: 'avg', poolSize: 3, strides: 1, padding: 'same' })],
  ['plan-2^53-shape', () => runPlan([2 ** 53, 2 ** 53], { op: 'max', poolSize: 2 })],
  ['plan-shape-NaN', () => runPlan([NaN, 4], { op: 'max', poolSize: 2 })],
  ['shape-mismatch-2^31', () => runPool({ dtype: 'float32', shape: [2 ** 31], data: new Float32Array(4) }, { op: 'max', poolSize: 2 })],
  ['shape-2^16-sq-empty-data', () => runPool({ dtype: 'float32', shape: [1, 65536, 65536, 1], data: new Float32Array(0) }, { op: 'max', poolSize: 2 })],
  ['out-wrong-class', () => ({ run: () => pool(ramp([4, 4]), { op: 'max', poolSize: 2 }, { out: new Float64Array(4) }), check: poolProblem })],
  ['out-aliases-input', () => { const t = ramp([4, 4]); return { run: () => pool(t, { op: 'max', poolSize: 2 }, { out: t.data.subarray(0, 4) }), check: poolProblem }; }],
  ['backend-garbage', () => ({ run: () => pool(ramp([4, 4]), { op: 'max', poolSize: 2 }, { backend: 'gpu' as 'ts' }), check: poolProblem })],
  ...DTYPE_LIST.flatMap((d) => OPS.map((op) => {
    const build = (r: Rng): CaseBody => runPool(randomTensor(r, d, [1, 6, 6, 2]), { op, framework: op === 'lp' ? 'pytorch' : 'keras', poolSize: 2, outputSize: 3, p: 2 }, r.pick(BACKENDS));
    // What the frameworks accept must pool; what they refuse (README: "What each framework returns") may be a
    // typed refusal, like any other case.
    return [`dtype-${d}-${op}`, frameworkAccepts(d, op) ? valid(build) : build] as const;
  })),
  ...['poolSize', 'strides', 'dilation', 'padding', 'outputSize', 'p', 'divisorOverride'].flatMap((key) =>
    ABSURD_VALUES.map((v, i) => [`absurd-${key}-${i}`, (r: Rng) => {
      const op = key === 'outputSize' ? r.pick(['adaptiveMax', 'adaptiveAvg']) : key === 'p' ? 'lp' : r.pick(['max', 'avg']);
      const spec: Loose = { op, framework: key === 'divisorOverride' || key === 'p' || r.chance(0.5) ? 'pytorch' : 'keras', poolSize: 2, outputSize: 2, p: 2, [key]: v };
      return runPool(ramp(r.pick([[8, 8], [1, 9, 9, 2], [33], [1, 2, 6, 6, 6]])), spec, r.pick(BACKENDS));
    }] as const)),
  ...ABSURD_NUMBERS.map((v, i) => [`absurd-shape-${i}`, () => runPlan([v, 4], { op: 'max', poolSize: 2 })] as const),
];

function poolRandom(r: Rng): readonly [string, CaseBody] {
  const shape = r.chance(0.85) ? r.pick(SMALL_SHAPES) : r.pick(MEDIUM_SHAPES);
  const input = randomTensor(r, r.pick(DTYPE_LIST), shape);
  const spec = randomSpec(r, shape.length);
  if (r.chance(0.2)) return ['plan', runPlan(shape, spec)];
  return ['pool', runPool(input, spec, r.pick(BACKENDS))];
}

export const poolFamily: FamilySpec = { fixed: poolFixed, random: poolRandom };

// ---------------------------------------------------------------------------------------------- window

function windowCase(shape: number[], spec: Loose, index: number | number[] | ((p: PoolPlan) => number | number[]), explain = false): CaseBody {
  return {
    allowRangeError: OUTSIDE_THE_OUTPUT,
    run: () => {
      const plan = planPool(shape, spec as unknown as PoolSpec);
      const i = typeof index === 'function' ? index(plan) : index;
      if (!explain) return windowOf(plan, i);
      return explainValue(zeros('float32', shape), fakeResult(plan), i as number);
    },
  };
}

const INDEXES: ReadonlyArray<number | number[]> = [-1, 1.5, NaN, Infinity, 2 ** 53, -0, [], [0, 0, 0, 0, 0], [NaN, 0, 0, 0], [-1, 0, 0, 0], [0, 2 ** 53, 0, 0]];

const windowFixed: Array<readonly [string, Builder]> = [
  ['keras-same-1e5-16x16-cell0', () => windowCase([16, 16], hugeSame(100_000), 0)],
  ['keras-same-1e5-16x16-explain0', () => windowCase([16, 16], hugeSame(100_000), 0, true)],
  ['keras-same-1e5-16x16-explain-last', () => windowCase([16, 16], hugeSame(100_000), (p) => p.outputLength - 1, true)],
  ['keras-same-2^30-1d-4', () => windowCase([4], hugeSame(2 ** 30), 0)],
  ['keras-same-2^26-2d-explain', () => windowCase([3, 3], hugeSame(2 ** 26), 4, true)],
  ['torch-dilation-1e9-cell0', () => windowCase([8, 8], { op: 'max', framework: 'pytorch', poolSize: 3, dilation: 1e9, padding: 1, strides: 1 }, 0)],
  ['adaptive-1x2^20-cell0', () => windowCase([1, 2 ** 20, 1], { op: 'adaptiveAvg', outputSize: 1, spatialRank: 1 }, 0)],
  ['adaptive-1x2^20-explain0', () => windowCase([1, 2 ** 20, 1], { op: 'adaptiveAvg', outputSize: 1, spatialRank: 1 }, 0, true)],
  ['global-4096x4096-cell0', () => windowCase([4096, 4096], { op: 'globalAvg' }, 0)],
  ['global-2^52x0-cell0', () => windowCase([4503599627370496, 0], { op: 'globalMax' }, 0)],
  ['global-2^52x0-explain0', () => windowCase([4503599627370496, 0], { op: 'globalAvg' }, 0, true)],
  ['lp-huge-explain', () => windowCase([16, 16], { op: 'lp', framework: 'pytorch', p: 3, poolSize: 16, strides: 1 }, 0, true)],
  ...INDEXES.map((ix, i) => [`index-${i}-${JSON.stringify(ix)}`, () => windowCase([1, 4, 4, 1], { op: 'max', poolSize: 2 }, ix)] as const),
  ...INDEXES.filter((x) => typeof x === 'number').map((ix, i) => [`explain-index-${i}`, () => windowCase([4, 4], { op: 'avg', poolSize: 2 }, ix, true)] as const),
  ['index-outputLength', () => windowCase([4, 4], { op: 'max', poolSize: 2 }, (p) => p.outputLength)],
];

/** Every cell of a random small pool: windows and explanations from the real result. */
function windowRandom(r: Rng): readonly [string, CaseBody] {
  const shape = r.pick(SMALL_SHAPES.filter((s) => s.length > 0));
  const input = randomTensor(r, r.pick(DTYPE_LIST), shape);
  const spec = randomSpec(r, shape.length);
  const outside = r.chance(0.2);
  return ['every-cell', {
    ...(outside ? { allowRangeError: OUTSIDE_THE_OUTPUT } : {}),
    run: () => {
      const res = pool(input, spec as unknown as PoolSpec, { backend: r.pick(BACKENDS) });
      const out: string[] = [];
      for (let i = 0; i < res.plan.outputLength; i++) {
        windowOf(res.plan, i);
        out.push(explainValue(input, res, i));
      }
      if (outside) windowOf(res.plan, r.pick([-1, res.plan.outputLength, NaN]) as number);
      return out;
    },
  }];
}

export const windowFamily: FamilySpec = { fixed: windowFixed, random: windowRandom };

// ---------------------------------------------------------------------------------------------- stats

function statsCase(t: Tensor): CaseBody {
  return {
    run: () => stats(t),
    check: (x) => {
      const s = x as ReturnType<typeof stats>;
      return s.count === t.data.length ? undefined : `count ${s.count} != ${t.data.length}`;
    },
  };
}

function filled(dtype: DType, values: ReadonlyArray<number | bigint>): Tensor {
  const data = allocData(dtype, values.length);
  for (let i = 0; i < values.length; i++) (data as unknown as { [i: number]: number | bigint })[i] = values[i] as number;
  return { dtype, shape: [values.length], data };
}

const statsFixed: Array<readonly [string, Builder]> = [
  ...DTYPE_LIST.map((d) => [`empty-${d}`, () => statsCase({ dtype: d, shape: [0], data: allocData(d, 0) })] as const),
  ...DTYPE_LIST.map((d) => [`zero-size-huge-${d}`, () => statsCase({ dtype: d, shape: [4503599627370496, 0], data: allocData(d, 0) })] as const),
  ['float64-nan-only', () => statsCase(filled('float64', [NaN, NaN]))],
  ['float64-inf-mix', () => statsCase(filled('float64', [Infinity, -Infinity, 1, NaN, -0]))],
  ['float64-extremes', () => statsCase(filled('float64', [1.7976931348623157e308, 1.7976931348623157e308, -5e-324]))],
  ['float16-subnormal', () => statsCase(filled('float16', [5.960464477539063e-8, 65504, -65504, NaN]))],
  ['int64-extremes', () => statsCase(filled('int64', [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 63n - 1n]))],
  ['uint64-extremes', () => statsCase(filled('uint64', [2n ** 64n - 1n, 2n ** 64n - 1n, 0n]))],
  ['bool-255', () => statsCase(filled('bool', [0, 1, 2, 255]))],
  ['shape-disagrees', () => statsCase({ dtype: 'float32', shape: [1000, 1000], data: new Float32Array(2) })],
  ['dtype-lies-complex64', () => statsCase({ dtype: 'complex64' as DType, shape: [2], data: new Float32Array(2) })],
  ['dtype-lies-float32-in-bigint', () => statsCase({ dtype: 'float32', shape: [2], data: new BigInt64Array(2) })],
  ['float64-2^24', (r) => statsCase(randomTensor(r, 'float64', [2 ** 24]))],
  ['uint64-2^22', (r) => statsCase(randomTensor(r, 'uint64', [2 ** 22]))],
];

function statsRandom(r: Rng): readonly [string, CaseBody] {
  const shape = [r.int(1000)];
  return ['random', statsCase(randomTensor(r, r.pick(DTYPE_LIST), shape))];
}

export const statsFamily: FamilySpec = { fixed: statsFixed, random: statsRandom };
