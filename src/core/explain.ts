/**
 * Per-cell explanations for the panel: which input cells (and padding cells) one output cell's window covers,
 * and a sentence that explains its value ("max of 4 cells = 9 at (1, 2)", "avg = 24 / 4; 2 padding cells not
 * counted"). Works from the plan alone (`windowOf`) or with the data (`explainValue`).
 */
import { type PoolPlan, axisWindow, clip } from './plan';
import type { PoolResult } from './pool';
import { isMaxOp } from './spec';
import { nanRuleText } from './describe';
import type { Tensor } from './tensor';
import { arithmeticDifference } from './arithNote';

export interface WindowCell {
  /** Spatial coordinates in the input (negative or >= length inside padding). */
  coords: number[];
  /** Flat row-major index into the input data, -1 for padding / outside cells. */
  index: number;
  /** `input`: a real cell; `padding`: inside the plan's padding; `outside`: a ceil-mode overhang past the padding. */
  kind: 'input' | 'padding' | 'outside';
}

/** One output cell's window on one spatial axis: `count` cells `start + j*step`, j in [0, count). */
export interface WindowRange {
  /** First window cell (negative inside the left padding). */
  start: number;
  /** Window cells on this axis (a dilated window: the cells it samples, gaps not counted). */
  count: number;
  /** Distance between consecutive cells: the dilation (1 without). */
  step: number;
  /** First in-bounds cell (the smallest `start + j*step` >= 0); 0 when `inBounds` is 0. */
  first: number;
  /** In-bounds cells: `first`, `first + step`, ..., all < the axis's input length. */
  inBounds: number;
}

export interface WindowOptions {
  /** Most cells `OutputWindow.cells` lists: a non-negative integer, default 65_536. */
  maxCells?: number;
}

export interface OutputWindow {
  /** Flat index into the output data. */
  outputIndex: number;
  /** Coordinates in the full-rank output shape (`plan.fullOutputShape`). */
  outputCoords: number[];
  batch: number;
  channel: number;
  /** Output position on each spatial axis. */
  spatial: number[];
  /** The window on each spatial axis; the window is their product. */
  ranges: WindowRange[];
  /**
   * Cells of the window in row-major order (dilated windows list only the cells they sample). A window of at
   * most `maxCells` cells lists every cell; a larger one lists only the cells within one cell of the input
   * (its input cells and the padding / outside cells of the ring around the input, which is all a view of the
   * input can show), and of those at most the first `maxCells`.
   */
  cells: WindowCell[];
  /** True when `cells` leaves out some cell of the window. */
  truncated: boolean;
  /** Input cells of the whole window (the product of `ranges[a].inBounds`, not counted from `cells`). */
  inputCount: number;
  /** Cells of the whole window inside the plan's padding. */
  paddingCount: number;
  /** Cells of the whole window past the padding (PyTorch ceil mode). */
  outsideCount: number;
  /** The average divisor (null for max ops): divisor override, or the counted cells. */
  divisor: number | null;
}

/** Cells listed by default (`WindowOptions.maxCells`). */
const MAX_CELLS = 65_536;

function unravel(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length).fill(0);
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a]!;
    c[a] = d === 0 ? 0 : i % d;
    i = d === 0 ? 0 : Math.floor(i / d);
  }
  return c;
}

/** An output cell located, with its window's ranges and counts but no cell list. */
type Located = Omit<OutputWindow, 'cells' | 'truncated'> & {
  /** Cells of the whole window (the product of `ranges[a].count`). */
  total: number;
  /** Flat input index of spatial position (0, ..., 0) of this batch and channel, and each spatial axis's stride. */
  base: number;
  strides: number[];
};

/** Everything about one output cell's window that is not a cell list: O(spatial rank). */
function locate(plan: PoolPlan, output: number | readonly number[]): Located {
  const full = plan.fullOutputShape;
  let outputIndex: number;
  let coords: number[];
  if (typeof output === 'number') {
    if (!Number.isInteger(output) || output < 0 || output >= plan.outputLength) {
      throw new RangeError(`output index ${output} is outside the output of ${plan.outputLength} cells`);
    }
    outputIndex = output;
    coords = unravel(output, full);
  } else {
    if (output.length !== full.length || output.some((c, a) => !Number.isInteger(c) || c < 0 || c >= full[a]!)) {
      throw new RangeError(`output coordinates (${output.join(', ')}) are outside the output shape (${full.join(', ')})`);
    }
    coords = [...output];
    outputIndex = coords.reduce((acc, c, a) => acc * full[a]! + c, 0);
  }
  const sr = plan.spatialRank;
  const channelsLast = plan.dataFormat === 'channelsLast';
  const batch = coords[0]!;
  const channel = channelsLast ? coords[sr + 1]! : coords[1]!;
  const spatial = channelsLast ? coords.slice(1, sr + 1) : coords.slice(2);
  const countPad = !isMaxOp(plan.op) && plan.countIncludePad;
  const wins = plan.axes.map((ax, a) => axisWindow(ax, spatial[a]!, countPad));
  let inputCount = 1, padded = 1, total = 1;
  const ranges = wins.map((w, a): WindowRange => {
    const ax = plan.axes[a]!;
    const inside = clip(w.start, w.count, w.step, 0, ax.inSize);
    inputCount *= inside.n;
    padded *= clip(w.start, w.count, w.step, -ax.padBefore, ax.inSize + ax.padAfter).n;
    total *= w.count;
    return { start: w.start, count: w.count, step: w.step, first: inside.n > 0 ? w.start + inside.j0 * w.step : 0, inBounds: inside.n };
  });
  const strides = new Array<number>(sr).fill(0);
  let stride = channelsLast ? plan.channels : 1;
  for (let a = sr - 1; a >= 0; a--) {
    strides[a] = stride;
    stride *= plan.axes[a]!.inSize;
  }
  const plane = stride / (channelsLast ? plan.channels : 1);
  const base = channelsLast ? batch * plane * plan.channels + channel : (batch * plan.channels + channel) * plane;
  const divisor = isMaxOp(plan.op) ? null
    : plan.divisorOverride ?? wins.reduce((acc, w) => acc * w.divisorCount, 1);
  return {
    outputIndex, outputCoords: coords, batch, channel, spatial, ranges, inputCount, paddingCount: padded - inputCount,
    outsideCount: total - padded, divisor, total, base, strides,
  };
}

/**
 * The window of one output cell, given by flat output index or by full-rank output coordinates.
 * Counts, ranges and the divisor are computed in O(spatial rank); `cells` costs O(cells listed), at most
 * `options.maxCells` (see `OutputWindow.cells` for which cells a large window lists). Exact while the window
 * has fewer than 2^53 cells. Throws RangeError for an index outside the output or a bad `maxCells`.
 */
export function windowOf(plan: PoolPlan, output: number | readonly number[], options: WindowOptions = {}): OutputWindow {
  const maxCells = options.maxCells ?? MAX_CELLS;
  if (!Number.isSafeInteger(maxCells) || maxCells < 0) {
    throw new RangeError(`maxCells must be an integer >= 0, got ${maxCells}`);
  }
  const w = locate(plan, output);
  // The whole window when it fits, else its cells within one cell of the input on every axis.
  const per = w.total <= maxCells ? w.ranges.map((r) => ({ start: r.start, count: r.count, step: r.step }))
    : w.ranges.map((r, a) => {
      const ring = clip(r.start, r.count, r.step, -1, plan.axes[a]!.inSize + 1);
      return { start: r.start + ring.j0 * r.step, count: ring.n, step: r.step };
    });
  const cells: WindowCell[] = [];
  const sr = per.length;
  const j = new Array<number>(sr).fill(0);
  let more = per.every((r) => r.count > 0);
  while (more && cells.length < maxCells) {
    const cc = j.map((x, a) => per[a]!.start + x * per[a]!.step);
    let kind: WindowCell['kind'] = 'input';
    let index = w.base;
    for (let a = 0; a < sr; a++) {
      const ax = plan.axes[a]!, x = cc[a]!;
      if (x < -ax.padBefore || x >= ax.inSize + ax.padAfter) kind = 'outside';
      else if (kind === 'input' && (x < 0 || x >= ax.inSize)) kind = 'padding';
      index += x * w.strides[a]!;
    }
    cells.push({ coords: cc, index: kind === 'input' ? index : -1, kind });
    let a = sr - 1;
    for (; a >= 0; a--) {
      if (++j[a]! < per[a]!.count) break;
      j[a] = 0;
    }
    more = a >= 0;
  }
  const { total: _total, base: _base, strides: _strides, ...rest } = w;
  return { ...rest, cells, truncated: cells.length < w.total };
}

/**
 * A number as a person reads it: integers below 1e15 exactly, others to `precision` significant digits
 * (6 by default), NaN/inf spelled as numpy prints them, -0 kept.
 */
export function formatValue(v: number | bigint, precision = 6): string {
  if (typeof v === 'bigint') return v.toString();
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(precision)));
}

function coordText(c: readonly number[]): string {
  return `(${c.join(', ')})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The spatial coordinates of input cell `flat` when it is an input cell of window `w` (same batch and channel,
 * on every axis one of the in-bounds cells), else null. O(spatial rank).
 */
function cellInWindow(plan: PoolPlan, w: Located, flat: number): number[] | null {
  const channelsLast = plan.dataFormat === 'channelsLast';
  const C = plan.channels;
  let rest = flat;
  let channel = 0;
  if (channelsLast) {
    channel = rest % C;
    rest = Math.floor(rest / C);
  }
  const coords = new Array<number>(plan.spatialRank).fill(0);
  for (let a = plan.spatialRank - 1; a >= 0; a--) {
    const n = plan.axes[a]!.inSize;
    coords[a] = rest % n;
    rest = Math.floor(rest / n);
  }
  if (!channelsLast) {
    channel = rest % C;
    rest = Math.floor(rest / C);
  }
  if (rest !== w.batch || channel !== w.channel) return null;
  const fits = coords.every((x, a) => {
    const r = w.ranges[a]!, k = (x - r.first) / r.step;
    return Number.isInteger(k) && k >= 0 && k < r.inBounds;
  });
  return fits ? coords : null;
}

/**
 * One sentence explaining the value of output cell `outputIndex` of `result` (computed from `input`).
 * Never lists the window's cells: a max locates its winner from the argmax index, an average or LP sums the
 * in-bounds cells straight from the data in row-major order (as the kernels do), so it costs O(input cells of
 * the window) however much padding the window spans.
 */
export function explainValue(input: Tensor, result: PoolResult, outputIndex: number): string {
  const plan = result.plan;
  const w = locate(plan, outputIndex);
  const value = result.output.data[outputIndex]!;
  if (isMaxOp(plan.op)) return explainMax(plan, w, value, result.argmax?.[outputIndex] ?? -1);
  const text = explainSum(input, plan, w, value);
  const differs = typeof value === 'number' ? arithmeticDifference(plan, input, outputIndex, value) : null;
  return differs === null ? text : `${text}. ${differs.sentence}`;
}

/** A max: the window's size and its winner (from the argmax index `arg`, -1 for none). */
function explainMax(plan: PoolPlan, w: Located, value: number | bigint, arg: number): string {
  const at = arg >= 0 ? cellInWindow(plan, w, arg) : null;
  const head = `max of ${plural(w.inputCount, 'cell')} = ${formatValue(value)}`;
  const tail = w.paddingCount > 0 ? `; ${plural(w.paddingCount, 'padding cell')} never win` : '';
  if (at === null) {
    return w.inputCount === 0 ? `no input cell in this window: ${formatValue(value)}${tail}`
      : `${head}: every cell is NaN and ${plan.nan === 'neverWins' ? "a NaN never wins: TF's MaxPool starts from the lowest finite value" : 'NaN is ignored'}${tail}`;
  }
  const nanWhy = plan.nan === 'propagate' ? ' (a NaN propagates; the last NaN is reported)' : ` (${nanRuleText(plan)})`;
  const why = typeof value === 'number' && Number.isNaN(value) ? nanWhy : '';
  return `${head} at ${coordText(at)}${why}${tail}`;
}

/**
 * The sum (LP: of x^p) of the window's in-bounds cells, straight from the data in row-major order as the kernels
 * add them, and how many NaN it skipped (NaN rule `ignore`).
 */
function windowSum(input: Tensor, plan: PoolPlan, w: Located): { sum: number; nanCount: number } {
  const data = input.data;
  let sum = 0, nanCount = 0;
  const p = plan.p;
  const sr = w.ranges.length;
  const j = new Array<number>(sr).fill(0);
  let more = w.inputCount > 0;
  while (more) {
    let index = w.base;
    for (let a = 0; a < sr; a++) {
      const r = w.ranges[a]!;
      index += (r.first + j[a]! * r.step) * w.strides[a]!;
    }
    const x = Number(data[index]!);
    if (Number.isNaN(x) && plan.nan === 'ignore') nanCount++;
    else sum += p === null ? x : Math.pow(x, p);
    let a = sr - 1;
    for (; a >= 0; a--) {
      if (++j[a]! < w.ranges[a]!.inBounds) break;
      j[a] = 0;
    }
    more = a >= 0;
  }
  return { sum, nanCount };
}

/** An average or LP: the sum, the divisor, and what was left out of either. */
function explainSum(input: Tensor, plan: PoolPlan, w: Located, value: number | bigint): string {
  const { sum, nanCount } = windowSum(input, plan, w);
  const p = plan.p;
  const divisor = (w.divisor ?? 1) - (plan.divisorOverride === null ? nanCount : 0);
  const notes: string[] = [];
  if (w.paddingCount > 0) notes.push(`${plural(w.paddingCount, 'padding cell')} ${plan.countIncludePad && p === null ? 'counted as 0' : 'not counted'}`);
  if (w.outsideCount > 0) notes.push(`${plural(w.outsideCount, 'cell')} past the padding not counted`);
  if (nanCount > 0) notes.push(`${plural(nanCount, 'NaN cell')} skipped`);
  if (plan.divisorOverride !== null) notes.push('divisor_override');
  const tail = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  if (p !== null) {
    const k = plan.axes.reduce((acc, a) => acc * a.poolSize, 1);
    const scale = divisor === k ? '' : ` * ${k} / ${divisor}`;
    return `L${formatValue(p)} = (sum of x^${formatValue(p)} = ${formatValue(sum)}${scale})^(1/${formatValue(p)}) = ${formatValue(value)}${tail}`;
  }
  return `avg = ${formatValue(sum)} / ${divisor} = ${roundedTo(input, sum / divisor, value)}${tail}`;
}

/** `value`, and before it the exact quotient when the output's dtype rounded it visibly (float16, int64). */
function roundedTo(input: Tensor, exact: number, value: number | bigint): string {
  if (typeof value === 'bigint') return Number(value) === exact ? formatValue(value) : `${formatValue(exact)}, ${formatValue(value)} in ${input.dtype} (truncated)`;
  if (input.dtype !== 'float16' || value === exact || Number.isNaN(value)) return formatValue(value);
  return `${formatValue(exact)}, ${formatValue(value)} in float16`;
}
