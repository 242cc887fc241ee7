// The pooling core never crashes or exhausts the process, whatever the spec: window geometry is O(outSize) per
// axis (typed spans, never a list of every window cell), planning is O(rank), and plans over the output,
// intermediate or work budget are refused by planPool with a PoolSpecError that names the limit.
import assert from 'node:assert/strict';
import {
  MAX_POOL_OUTPUT, MAX_POOL_WORK, type PoolSpec, PoolSpecError, type Tensor, planCost, planPool, pool,
} from '../../../src/core';
import { type AxisPlan, type PoolPlan, adaptiveLongest, axisSpans, axisWindow } from '../../../src/core/plan';
import { canonical } from '../../../src/core/kernels';
import { mulberry32 } from './seeded';

/** CPU milliseconds (user + system) `f` takes: unlike wall time, not stretched by other processes. */
function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1000;
}

/** Asserts `f` throws a PoolSpecError whose message matches every pattern. */
function refuses(f: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof PoolSpecError, String(e));
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

/** In-bounds window cells of every output of one axis, by walking each window cell by cell. */
function naiveSpans(ax: AxisPlan, countIncludePad: boolean): { first: number[]; count: number[]; divisor: number[] } {
  const first: number[] = [], count: number[] = [], divisor: number[] = [];
  for (let o = 0; o < ax.outSize; o++) {
    const w = axisWindow(ax, o, countIncludePad);
    const cells: number[] = [];
    for (let j = 0; j < w.count; j++) {
      const x = w.start + j * w.step;
      if (x >= 0 && x < ax.inSize) cells.push(x);
    }
    first.push(cells[0] ?? 0);
    count.push(cells.length);
    divisor.push(w.divisorCount);
    for (let q = 1; q < cells.length; q++) assert.equal(cells[q]! - cells[q - 1]!, ax.dilation);
  }
  return { first, count, divisor };
}

/** Window-cell visits plus cells written by the TypeScript path's passes (innermost axis first), from the spans. */
function tsVisits(plan: PoolPlan): number {
  const c = canonical(plan, plan.countIncludePad);
  const cur = [...c.inSizes];
  let visits = 0, ran = false;
  for (let axis = 2; axis >= 0; axis--) {
    const sp = c.spans[axis]!;
    if (sp.identity && (ran || axis > 0)) continue;
    const others = c.outer * c.inner * cur.reduce((a, b) => a * b, 1) / cur[axis]!;
    visits += others * (sp.count.reduce((a, b) => a + b, 0) + sp.first.length);
    cur[axis] = c.outSizes[axis]!;
    ran = true;
  }
  return visits;
}

describe('adaptiveLongest: the closed form', () => {
  it('equals the longest window found by walking every output, for n in [0, 60], o in [1, 60]', () => {
    for (let n = 0; n <= 60; n++) {
      for (let o = 1; o <= 60; o++) {
        let longest = 0;
        for (let j = 0; j < o; j++) {
          longest = Math.max(longest, Math.floor(((j + 1) * n + o - 1) / o) - Math.floor((j * n) / o));
        }
        assert.equal(adaptiveLongest(n, o), longest, `n=${n} o=${o}`);
      }
    }
  });
  it('outputSize 2^40 on 3 cells: planned without walking the outputs, then refused by the output budget', () => {
    assert.equal(adaptiveLongest(3, 2 ** 40), 2); // a window straddling a cell boundary holds both cells
    refuses(() => planPool([3], { op: 'adaptiveMax', outputSize: 2 ** 40 }), /over the limit of 268,435,456/);
  });
});

describe('axisSpans: every window as its first in-bounds cell and count', () => {
  const rand = mulberry32(11);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  it('equals walking each window cell by cell on 600 random axes (padding, dilation, ceil mode, adaptive)', () => {
    let checked = 0;
    for (let t = 0; t < 600; t++) {
      const n = int(0, 40);
      const k = int(1, 9), s = int(1, 4);
      const kind = int(0, 3);
      let spec: PoolSpec;
      if (kind === 0) spec = { op: 'avg', poolSize: k, strides: s, padding: rand() < 0.5 ? 'same' : 'valid' };
      else if (kind === 1) {
        spec = {
          op: 'max', framework: 'pytorch', poolSize: k, strides: s, padding: int(0, k >> 1), dilation: int(1, 3), ceilMode: rand() < 0.5,
        };
      } else if (kind === 2) {
        spec = { op: 'avg', framework: 'pytorch', poolSize: k, strides: s, padding: int(0, k >> 1), ceilMode: rand() < 0.5 };
      } else spec = { op: 'adaptiveAvg', outputSize: int(1, 50) };
      let plan: PoolPlan;
      try {
        plan = planPool([n], spec);
      } catch {
        continue;
      }
      const ax = plan.axes[0]!;
      for (const cip of [false, true]) {
        const got = axisSpans(ax, cip);
        const want = naiveSpans(ax, cip);
        const label = `n=${n} ${JSON.stringify(spec)} countIncludePad=${cip}`;
        assert.deepEqual(Array.from(got.first), want.first, label);
        assert.deepEqual(Array.from(got.count), want.count, label);
        assert.deepEqual(Array.from(got.divisor), want.divisor, label);
        assert.equal(got.step, ax.dilation, label);
        const identity = ax.outSize === ax.inSize && want.count.every((c, o) => c === 1 && want.first[o] === o);
        assert.equal(got.identity, identity, label);
      }
      checked++;
    }
    assert.ok(checked > 300);
  });
  it('max ops get no divisors (canonical)', () => {
    const c = canonical(planPool([8], { op: 'max', poolSize: 2 }), false);
    assert.equal(c.spans[2].divisor.length, 0);
    assert.equal(c.spans[2].first.length, 4);
  });
});

describe('planPool: the budget', () => {
  // The defect pinned here was a V8 fatal error (60 M numbers in plain arrays): the typed arrays are the check; the
  // CPU bound only catches a hang (0.45 s alone, 5.3 s once inside a loaded CI's unit run: page faults on 480 MB).
  it('x=[120000000] uint8 f=2: the geometry is two int32 arrays of 60,000,000, not a V8 fatal error', () => {
    let c: ReturnType<typeof canonical> | undefined;
    const ms = cpuMs(() => {
      c = canonical(planPool([120_000_000], { op: 'max', poolSize: 2 }), false);
    });
    const sp = c!.spans[2];
    assert.ok(sp.first instanceof Int32Array && sp.count instanceof Int32Array);
    assert.equal(sp.first.length, 60_000_000);
    assert.equal(sp.count.length, 60_000_000);
    assert.deepEqual([sp.first[59_999_999], sp.count[59_999_999], sp.step], [119_999_998, 2, 1]);
    assert.ok(ms < 30_000, `${ms.toFixed(0)} ms of CPU`);
  });
  it('x=[2^21] uint8 f=256 s=1 (512 M window cells): pools, and equals a naive max on slices', function () {
    this.timeout(60_000);
    const n = 2 ** 21;
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = (Math.imul(i, 2654435761) >>> 24) & 0xff;
    const r = pool({ dtype: 'uint8', shape: [n], data }, { op: 'max', poolSize: 256, strides: 1 });
    const out = r.output.data as Uint8Array;
    assert.equal(out.length, n - 255);
    for (const from of [0, 1_000_000, n - 255 - 300]) {
      for (let o = from; o < from + 300; o++) {
        let best = -1, at = -1;
        for (let j = 0; j < 256; j++) if (data[o + j]! > best) { best = data[o + j]!; at = o + j; }
        assert.equal(out[o], best, `output ${o}`);
        assert.equal(r.argmax![o], at, `argmax ${o}`);
      }
    }
  });
  it('x=[40000000] f=1000 s=1: refused by the work budget before any data is touched', () => {
    const ms = cpuMs(() => refuses(() => planPool([40_000_000], { op: 'max', poolSize: 1000, strides: 1 }),
      /^poolSize = 1000: /, /window-cell visits, over the limit of 8,589,934,592 \(2\^33/, /larger strides/));
    assert.ok(ms < 250, `${ms} ms`); // planning alone is microseconds; the room is for a GC pause in a big unit run
  });
  it('adaptive 30000x30000 on 64x64: refused, naming the output limit and the fix', () => {
    refuses(() => planPool([64, 64], { op: 'adaptiveAvg', outputSize: [30000, 30000] }),
      /^outputSize = \[30000, 30000\]: the output \(1, 30000, 30000, 1\) would have 900,000,000 elements, over the limit of 268,435,456 \(2\^28\); choose a smaller output size$/);
    const x: Tensor = { dtype: 'float32', shape: [64, 64], data: new Float32Array(64 * 64) };
    refuses(() => pool(x, { op: 'adaptiveMax', outputSize: 30000 }), /268,435,456/);
  });
  it('outputSize 1e12 is refused in microseconds; outputSize 2^53 and poolSize 1e300 are not safe integers', () => {
    const t = performance.now();
    refuses(() => planPool([64, 64], { op: 'adaptiveAvg', outputSize: 1e12 }), /over the limit of 268,435,456/);
    assert.ok(performance.now() - t < 500);
    refuses(() => planPool([64], { op: 'adaptiveAvg', outputSize: 2 ** 53 }), /positive integer/);
    refuses(() => planPool([64], { op: 'max', poolSize: 1e300 }), /positive integer/);
    refuses(() => planPool([2 ** 53, 2], { op: 'max', poolSize: 1 }), /integers >= 0/);
  });
  it('a window past 2^53 cells (poolSize 2^40, dilation 2^20) is refused', () => {
    refuses(() => planPool([16], { op: 'max', framework: 'pytorch', poolSize: 2 ** 40, dilation: 2 ** 20 }), /past 2\^53/);
  });
  it('x=[32768, 32768] f=[4, 2]: the output fits but the first pass would leave 2^29 elements: refused', () => {
    refuses(() => planPool([32768, 32768], { op: 'max', poolSize: [4, 2] }),
      /pooling axis W leaves an intermediate of 536,870,912 elements, over the limit of 268,435,456/);
  });
  it('LP pooling copies its input as float64: an input of 2^29 elements is refused', () => {
    refuses(() => planPool([2 ** 29], { op: 'lp', p: 2, poolSize: 2 }), /LP pooling copies/);
  });
  it('global pooling of 2^29 channels: the output is refused', () => {
    refuses(() => planPool([1, 4, 4, 2 ** 29], { op: 'globalAvg' }), /fewer batches or channels/);
  });
  it('planCost: x=[1,4,4,1] f=2 is 24 + 12 visits and writes, output 4, input 16', () => {
    const plan = planPool([1, 4, 4, 1], { op: 'max', poolSize: 2 });
    assert.deepEqual(planCost(plan), { work: 36, outputLength: 4, inputLength: 16 });
    assert.equal(tsVisits(plan), 36);
  });
  it('planCost: an empty plan costs nothing', () => {
    assert.equal(planCost(planPool([3], { op: 'max', poolSize: 4 })).work, 0);
  });
  it('work is at least the TypeScript path\'s visits and writes, and within the budget, on 300 random plans', () => {
    const rand = mulberry32(5);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const rank = int(1, 3);
      const shape = [int(1, 3), ...Array.from({ length: rank }, () => int(1, 12)), int(1, 3)];
      const ops = ['max', 'avg', 'globalMax', 'adaptiveAvg', 'lp'] as const;
      const op = ops[int(0, ops.length - 1)]!;
      const spec: PoolSpec = { op, spatialRank: rank as 1 | 2 | 3, p: 2 };
      if (op === 'adaptiveAvg') spec.outputSize = int(1, 14);
      else if (op !== 'globalMax') {
        spec.poolSize = int(1, 5);
        spec.strides = int(1, 3);
        if (op !== 'lp') spec.padding = rand() < 0.5 ? 'same' : 'valid';
      }
      let plan: PoolPlan;
      try {
        plan = planPool(shape, spec);
      } catch {
        continue;
      }
      if (plan.empty) continue;
      const lp = op === 'lp' ? plan.inputLength : 0;
      const label = `${JSON.stringify(shape)} ${JSON.stringify(spec)}`;
      assert.ok(plan.work >= tsVisits(plan) + lp, `${label}: work ${plan.work} < ${tsVisits(plan) + lp}`);
      assert.ok(plan.work <= MAX_POOL_WORK && plan.outputLength <= MAX_POOL_OUTPUT, label);
      checked++;
    }
    assert.ok(checked > 150);
  });
});

describe('planPool: axes longer than 32-bit positions', () => {
  it('x=(0, 2^52) global max: a PoolSpecError naming the axis, not a RangeError from the spans', () => {
    assert.throws(() => pool({ dtype: 'float32', shape: [0, 4503599627370496], data: new Float32Array(0) }, { op: 'globalMax' }),
      (e: unknown) => e instanceof PoolSpecError && /axis W has 4503599627370496 cells; .* at most 2\^31 - 1 per axis/.test(e.message));
  });
});
