// Property test: pool() (both kernels) against a deliberately naive reference on random shapes and specs.
// The reference visits each output cell's window cell by cell (from windowOf) and applies the rules directly.
import assert from 'node:assert/strict';
import { type PoolSpec, type Tensor, planPool, pool, windowOf } from '../../../src/core';
import type { PoolPlan } from '../../../src/core/plan';
import { mulberry32 } from './seeded';

function naive(plan: PoolPlan, x: Float64Array): { values: number[]; argmax: number[] } {
  const values: number[] = [], argmax: number[] = [];
  const isMax = plan.op === 'max' || plan.op === 'globalMax' || plan.op === 'adaptiveMax';
  for (let o = 0; o < plan.outputLength; o++) {
    const w = windowOf(plan, o);
    const cells = w.cells.filter((c) => c.kind === 'input');
    if (isMax) {
      // Keras global max is reduce_max and Keras 3-D max is MaxPool3D (last of ties, -inf stays); Keras 1-D/2-D max
      // is TF's MaxPool (from the lowest finite value; under its own rule 'neverWins' a NaN never wins, so an all-NaN
      // window gives it too).
      const reduceMax = plan.framework === 'keras' && (plan.op === 'globalMax' || plan.spatialRank === 3);
      let best = -Infinity, at = -1;
      for (const c of cells) {
        const v = x[c.index]!;
        if (Number.isNaN(v)) {
          if (plan.nan === 'propagate') { best = NaN; at = c.index; }
          continue;
        }
        if (at === -1 || v > best || (reduceMax && v === best)) {
          if (!Number.isNaN(best) || at === -1) { best = v; at = c.index; }
        }
      }
      const clamps = plan.framework === 'keras' && !reduceMax && (at !== -1 || plan.nan === 'neverWins');
      if (clamps && best === -Infinity) best = -3.4028234663852886e38;
      values.push(best);
      argmax.push(at);
    } else {
      let sum = 0, nans = 0;
      for (const c of cells) {
        const v = x[c.index]!;
        if (Number.isNaN(v) && plan.nan === 'ignore') nans++;
        else sum += plan.p === null ? v : Math.pow(v, plan.p);
      }
      const div = plan.divisorOverride ?? w.divisor! - nans;
      const avg = sum / div;
      const k = plan.axes.reduce((a, b) => a * b.poolSize, 1);
      values.push(Math.fround(plan.p === null ? avg : Math.pow(avg * k, 1 / plan.p)));
    }
  }
  return { values, argmax };
}

describe('property: pool() equals a naive reference (300 random shapes and specs)', () => {
  const rand = mulberry32(7);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  for (let t = 0; t < 300; t++) {
    const rank = int(1, 3) as 1 | 2 | 3;
    const spatial = Array.from({ length: rank }, () => int(1, rank === 3 ? 5 : 8));
    const dataFormat = pick(['channelsLast', 'channelsFirst'] as const);
    const n = int(1, 2), c = int(1, 3);
    const shape = dataFormat === 'channelsLast' ? [n, ...spatial, c] : [n, c, ...spatial];
    const framework = pick(['keras', 'pytorch'] as const);
    const op = pick(['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg', 'lp'] as const);
    // Keras 3-D max's own rule (TF MaxPool3D's per-channel fold over padded windows) is pinned by rules.test.ts and
    // the fixtures; the naive reference here covers the other rules.
    const nan = framework === 'keras' && rank === 3 ? pick(['propagate', 'ignore'] as const) : pick(['framework', 'propagate', 'ignore'] as const);
    let spec: PoolSpec = { op, framework, dataFormat, nan, spatialRank: rank };
    const k = Array.from({ length: rank }, () => int(1, 4));
    const s = Array.from({ length: rank }, () => int(1, 3));
    if (op === 'max' || op === 'avg' || op === 'lp') {
      spec = { ...spec, poolSize: k, strides: s };
      if (framework === 'keras') spec.padding = op === 'lp' ? 'valid' : pick(['valid', 'same'] as const);
      else {
        if (op !== 'lp') spec.padding = k.map((kk) => int(0, Math.floor(kk / 2)));
        spec.ceilMode = rand() < 0.5;
        if (op === 'max') spec.dilation = Array.from({ length: rank }, () => int(1, 2));
        if (op === 'avg') {
          spec.countIncludePad = rand() < 0.5;
          if (rand() < 0.2) spec.divisorOverride = int(1, 5);
        }
      }
      if (op === 'lp') spec.p = pick([1, 2, 3]);
    } else if (op === 'adaptiveMax' || op === 'adaptiveAvg') {
      spec.outputSize = spatial.map((d) => int(1, d + 2));
    } else {
      spec.keepdims = rand() < 0.5;
    }
    let plan: PoolPlan;
    try {
      plan = planPool(shape, spec);
    } catch {
      continue; // invalid combinations are covered by the error tests
    }
    const len = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: len }, () => {
      const r = rand();
      return r < 0.05 ? NaN : r < 0.08 ? -Infinity : r < 0.1 ? Infinity : int(-4, 4);
    });
    const x: Tensor = { dtype: 'float32', shape, data };
    it(`#${t} x=[${shape}] ${JSON.stringify(spec)}`, () => {
      const want = naive(plan, Float64Array.from(data));
      for (const backend of ['auto', 'ts'] as const) {
        const r = pool(x, spec, { backend });
        assert.deepEqual(Array.from(r.output.data as Float32Array), want.values, `${backend} values`);
        // Keras adaptive max pools axis by axis (outermost first), so of tied cells it may name another winner.
        const axisOrder = plan.framework === 'keras' && plan.op === 'adaptiveMax' && plan.nan === 'neverWins';
        if (r.argmax !== undefined && !axisOrder) assert.deepEqual(Array.from(r.argmax), want.argmax, `${backend} argmax`);
      }
    });
  }
});
