// windowOf / explainValue on windows of any size: counts and ranges by formula, cells listed in O(cells shown)
// (every cell of a small window as before; the input and its one-cell ring for a large one, capped by maxCells),
// explanations from the ranges and the argmax index, never from a list of the window's cells.
import assert from 'node:assert/strict';
import {
  type OutputWindow, type PoolSpec, type Tensor, type WindowCell, explainValue, formatValue, planPool, pool, windowOf,
} from '../../../src/core';
import { type PoolPlan, axisWindow } from '../../../src/core/plan';
import type { PoolResult } from '../../../src/core/pool';
import { mulberry32 } from './seeded';

/** Every cell of output `o`'s window, walked cell by cell in row-major order and classified one at a time. */
function naiveCells(plan: PoolPlan, w: OutputWindow): WindowCell[] {
  const countPad = !(plan.op === 'max' || plan.op === 'globalMax' || plan.op === 'adaptiveMax') && plan.countIncludePad;
  const wins = plan.axes.map((ax, a) => axisWindow(ax, w.spatial[a]!, countPad));
  const total = wins.reduce((acc, x) => acc * x.count, 1);
  const cells: WindowCell[] = [];
  for (let t = 0; t < total; t++) {
    let rem = t;
    const offs = new Array<number>(wins.length).fill(0);
    for (let a = wins.length - 1; a >= 0; a--) {
      offs[a] = rem % wins[a]!.count;
      rem = Math.floor(rem / wins[a]!.count);
    }
    const cc = offs.map((o, a) => wins[a]!.start + o * wins[a]!.step);
    const inside = cc.every((x, a) => x >= 0 && x < plan.axes[a]!.inSize);
    const padded = cc.every((x, a) => x >= -plan.axes[a]!.padBefore && x < plan.axes[a]!.inSize + plan.axes[a]!.padAfter);
    let index = -1;
    if (inside) {
      const sp = cc.reduce((acc, x, a) => acc * plan.axes[a]!.inSize + x, 0);
      const plane = plan.axes.reduce((acc, ax) => acc * ax.inSize, 1);
      index = plan.dataFormat === 'channelsLast'
        ? (w.batch * plane + sp) * plan.channels + w.channel
        : (w.batch * plan.channels + w.channel) * plane + sp;
    }
    cells.push({ coords: cc, index, kind: inside ? 'input' : padded ? 'padding' : 'outside' });
  }
  return cells;
}

/** The explanation built from a full cell list (the input cells filtered, the winner found among them). */
function naiveExplain(input: Tensor, r: PoolResult, o: number): string {
  const plan = r.plan;
  const w = windowOf(plan, o, { maxCells: Number.MAX_SAFE_INTEGER });
  const value = r.output.data[o]!;
  const real = w.cells.filter((c) => c.kind === 'input');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const padNote = w.paddingCount > 0 ? plural(w.paddingCount, 'padding cell') : '';
  if (r.argmax !== undefined) {
    const at = real.find((c) => c.index === r.argmax![o]);
    const head = `max of ${plural(real.length, 'cell')} = ${formatValue(value)}`;
    const tail = padNote ? `; ${padNote} never win` : '';
    if (at === undefined) {
      return real.length === 0 ? `no input cell in this window: ${formatValue(value)}${tail}`
        : `${head}: every cell is NaN and NaN is ignored${tail}`;
    }
    const why = typeof value === 'number' && Number.isNaN(value) ? ' (a NaN propagates; the last NaN is reported)' : '';
    return `${head} at (${at.coords.join(', ')})${why}${tail}`;
  }
  let sum = 0, nanCount = 0;
  for (const c of real) {
    const x = Number(input.data[c.index]!);
    if (Number.isNaN(x) && plan.nan === 'ignore') { nanCount++; continue; }
    sum += plan.p === null ? x : Math.pow(x, plan.p);
  }
  const divisor = (w.divisor ?? 1) - (plan.divisorOverride === null ? nanCount : 0);
  const notes: string[] = [];
  if (w.paddingCount > 0) notes.push(`${padNote} ${plan.countIncludePad && plan.p === null ? 'counted as 0' : 'not counted'}`);
  if (w.outsideCount > 0) notes.push(`${plural(w.outsideCount, 'cell')} past the padding not counted`);
  if (nanCount > 0) notes.push(`${plural(nanCount, 'NaN cell')} skipped`);
  if (plan.divisorOverride !== null) notes.push('divisor_override');
  const tail = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  if (plan.p !== null) {
    const k = plan.axes.reduce((acc, a) => acc * a.poolSize, 1);
    const scale = divisor === k ? '' : ` * ${k} / ${divisor}`;
    const p = formatValue(plan.p);
    return `L${p} = (sum of x^${p} = ${formatValue(sum)}${scale})^(1/${p}) = ${formatValue(value)}${tail}`;
  }
  return `avg = ${formatValue(sum)} / ${divisor} = ${formatValue(value)}${tail}`;
}

const RAMP: Tensor = { dtype: 'float32', shape: [16, 16], data: Float32Array.from({ length: 256 }, (_, i) => i) };

describe('windowOf: small windows list every cell, as before', () => {
  it('on 300 random plans (padding, dilation, ceil-mode overhang), cells and counts equal a cell-by-cell walk', () => {
    const rand = mulberry32(3);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const rank = int(1, 3) as 1 | 2 | 3;
      const spatial = Array.from({ length: rank }, () => int(1, 7));
      const dataFormat = rand() < 0.5 ? 'channelsLast' as const : 'channelsFirst' as const;
      const shape = dataFormat === 'channelsLast' ? [2, ...spatial, 3] : [2, 3, ...spatial];
      const k = Array.from({ length: rank }, () => int(1, 4));
      const spec: PoolSpec = rand() < 0.5
        ? { op: rand() < 0.5 ? 'max' : 'avg', poolSize: k, strides: int(1, 3), padding: rand() < 0.5 ? 'same' : 'valid', dataFormat }
        : {
          op: 'max', framework: 'pytorch', poolSize: k, strides: int(1, 3), padding: k.map((x) => int(0, x >> 1)),
          dilation: int(1, 2), ceilMode: rand() < 0.5, dataFormat,
        };
      let plan: PoolPlan;
      try {
        plan = planPool(shape, spec);
      } catch {
        continue;
      }
      for (let o = 0; o < plan.outputLength; o += int(1, 5)) {
        const w = windowOf(plan, o);
        const want = naiveCells(plan, w);
        const label = `${JSON.stringify(shape)} ${JSON.stringify(spec)} output ${o}`;
        assert.deepEqual(w.cells, want, label);
        assert.equal(w.truncated, false, label);
        const kinds = (kind: WindowCell['kind']) => want.filter((c) => c.kind === kind).length;
        assert.deepEqual([w.inputCount, w.paddingCount, w.outsideCount], [kinds('input'), kinds('padding'), kinds('outside')], label);
        assert.equal(w.ranges.reduce((acc, r) => acc * r.inBounds, 1), w.inputCount, label);
      }
      checked++;
    }
    assert.ok(checked > 150);
  });
});

describe('windowOf: large windows in O(cells shown)', () => {
  it("x=[16,16] f=100000 'same': counts by formula in well under a second, cells are the input and its ring", () => {
    const plan = planPool([16, 16], { op: 'avg', poolSize: 100000, padding: 'same' });
    const t = performance.now();
    const w = windowOf(plan, 0);
    assert.ok(performance.now() - t < 1000, "the old enumeration took seconds");
    // One output cell: out = ceil(16 / 100000) = 1, padding 100000 - 16 split 49992 before, 49992 after.
    assert.deepEqual(w.ranges, [
      { start: -49992, count: 100000, step: 1, first: 0, inBounds: 16 },
      { start: -49992, count: 100000, step: 1, first: 0, inBounds: 16 },
    ]);
    assert.deepEqual([w.inputCount, w.paddingCount, w.outsideCount, w.divisor], [256, 100000 ** 2 - 256, 0, 256]);
    assert.equal(w.truncated, true);
    assert.equal(w.cells.length, 18 * 18);
    assert.deepEqual(w.cells[0], { coords: [-1, -1], index: -1, kind: 'padding' });
    assert.deepEqual(w.cells[18 + 1], { coords: [0, 0], index: 0, kind: 'input' });
    assert.deepEqual(w.cells.filter((c) => c.kind === 'input').map((c) => c.index), Array.from({ length: 256 }, (_, i) => i));
  });
  it("x=[16,16] f=100000 s=1 'same', output (7, 9): every window spans the whole input", () => {
    const plan = planPool([16, 16], { op: 'max', poolSize: 100000, strides: 1, padding: 'same' });
    const w = windowOf(plan, [0, 7, 9, 0]);
    // total padding 15 + 100000 - 16 = 99999: 49999 before; output o starts at o - 49999.
    assert.deepEqual(w.ranges.map((r) => r.start), [7 - 49999, 9 - 49999]);
    assert.deepEqual([w.inputCount, w.paddingCount, w.divisor], [256, 100000 ** 2 - 256, null]);
  });
  it("x=[16,16] f=3000 'same' (a 9,000,000-cell window): well under a second", () => {
    const plan = planPool([16, 16], { op: 'max', poolSize: 3000, strides: 1, padding: 'same' });
    const t = performance.now();
    const w = windowOf(plan, 100);
    assert.ok(performance.now() - t < 1000, "the old enumeration took seconds");
    assert.deepEqual([w.inputCount, w.paddingCount, w.cells.length], [256, 3000 ** 2 - 256, 18 * 18]);
  });
  it('maxCells: a window over it lists its ring cells, at most maxCells, and says it is truncated', () => {
    const plan = planPool([4, 4], { op: 'max', poolSize: 3, strides: 1, padding: 'same' });
    const all = windowOf(plan, 0);
    assert.equal(all.cells.length, 9);
    const four = windowOf(plan, 0, { maxCells: 4 });
    assert.deepEqual(four.cells, all.cells.slice(0, 4));
    assert.equal(four.truncated, true);
    assert.deepEqual([four.inputCount, four.paddingCount], [4, 5]);
    const none = windowOf(plan, 0, { maxCells: 0 });
    assert.deepEqual([none.cells.length, none.truncated, none.inputCount], [0, true, 4]);
    assert.deepEqual(windowOf(plan, 0, { maxCells: 9 }), all);
    assert.throws(() => windowOf(plan, 0, { maxCells: -1 }), RangeError);
    assert.throws(() => windowOf(plan, 0, { maxCells: 1.5 }), RangeError);
  });
  it('a global max over 300x300 (90,000 cells) lists the first 65,536 by default', () => {
    const w = windowOf(planPool([300, 300], { op: 'globalMax' }), 0);
    assert.deepEqual([w.cells.length, w.truncated, w.inputCount], [65_536, true, 90_000]);
    assert.deepEqual(w.cells[65_535]!.coords, [218, 135]);
  });
});

describe('explainValue without listing the window', () => {
  it("x=[16,16] 0..255, avg f=100000 'same': the sum of every cell over 256", () => {
    const r = pool(RAMP, { op: 'avg', poolSize: 100000, padding: 'same' });
    const t = performance.now();
    const s = explainValue(RAMP, r, 0);
    assert.ok(performance.now() - t < 1000, "the old enumeration took seconds");
    assert.equal(s, 'avg = 32640 / 256 = 127.5; 9999999744 padding cells not counted');
  });
  it("x=[16,16] 0..255, max f=100000 s=1 'same': the winner from the argmax index", () => {
    const r = pool(RAMP, { op: 'max', poolSize: 100000, strides: 1, padding: 'same' });
    assert.equal(explainValue(RAMP, r, 37), 'max of 256 cells = 255 at (15, 15); 9999999744 padding cells never win');
  });
  it('equals the explanation built from the full cell list on 300 random plans and data', () => {
    const rand = mulberry32(9);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const rank = int(1, 3) as 1 | 2 | 3;
      const spatial = Array.from({ length: rank }, () => int(1, 6));
      const dataFormat = rand() < 0.5 ? 'channelsLast' as const : 'channelsFirst' as const;
      const shape = dataFormat === 'channelsLast' ? [2, ...spatial, 2] : [2, 2, ...spatial];
      const k = Array.from({ length: rank }, () => int(1, 3));
      const nan = rand() < 0.5 ? 'ignore' as const : 'propagate' as const;
      const pick = int(0, 4);
      const spec: PoolSpec = pick === 0 ? { op: 'max', poolSize: k, strides: int(1, 2), padding: 'same', dataFormat, nan }
        : pick === 1 ? { op: 'avg', poolSize: k, strides: int(1, 2), padding: 'same', dataFormat, nan }
          : pick === 2 ? {
            op: 'max', framework: 'pytorch', poolSize: k, padding: k.map((x) => x >> 1), dilation: int(1, 2), ceilMode: true,
            strides: int(1, 2), dataFormat, nan,
          }
            : pick === 3 ? {
              op: 'avg', framework: 'pytorch', poolSize: k, padding: k.map((x) => x >> 1), ceilMode: true, strides: 2,
              countIncludePad: rand() < 0.5, dataFormat, nan,
            }
              : { op: 'lp', p: 2, poolSize: k, dataFormat, nan };
      let r: PoolResult;
      const len = shape.reduce((a, b) => a * b, 1);
      const x: Tensor = {
        dtype: 'float32', shape,
        data: Float32Array.from({ length: len }, () => (rand() < 0.1 ? NaN : int(-3, 3))),
      };
      try {
        r = pool(x, spec);
      } catch {
        continue;
      }
      for (let o = 0; o < r.plan.outputLength; o++) {
        assert.equal(explainValue(x, r, o), naiveExplain(x, r, o), `${JSON.stringify(shape)} ${JSON.stringify(spec)} output ${o}`);
      }
      checked++;
    }
    assert.ok(checked > 150);
  });
});
