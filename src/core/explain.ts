/**
 * Per-cell explanations for the panel: which input cells (and padding cells) one output cell's window covers,
 * and a sentence that explains its value ("max of 4 cells = 9 at (1, 2)", "avg = 24 / 4; 2 padding cells not
 * counted"). Works from the plan alone (`windowOf`) or with the data (`explainValue`).
 */
import { type PoolPlan, axisWindow } from './plan';
import type { PoolResult } from './pool';
import { isMaxOp } from './spec';
import type { Tensor } from './tensor';

export interface WindowCell {
  /** Spatial coordinates in the input (negative or >= length inside padding). */
  coords: number[];
  /** Flat row-major index into the input data, -1 for padding / outside cells. */
  index: number;
  /** `input`: a real cell; `padding`: inside the plan's padding; `outside`: a ceil-mode overhang past the padding. */
  kind: 'input' | 'padding' | 'outside';
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
  /** Every cell of the window in row-major order (dilated windows list only the cells they sample). */
  cells: WindowCell[];
  inputCount: number;
  paddingCount: number;
  outsideCount: number;
  /** The average divisor (null for max ops): divisor override, or the counted cells. */
  divisor: number | null;
}

function unravel(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length).fill(0);
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a]!;
    c[a] = d === 0 ? 0 : i % d;
    i = d === 0 ? 0 : Math.floor(i / d);
  }
  return c;
}

/**
 * The window of one output cell, given by flat output index or by full-rank output coordinates.
 * Throws RangeError for an index outside the output.
 */
export function windowOf(plan: PoolPlan, output: number | readonly number[]): OutputWindow {
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
  const cells: WindowCell[] = [];
  let inputCount = 0, paddingCount = 0, outsideCount = 0;
  const inSizes = plan.axes.map((a) => a.inSize);
  const offs = new Array<number>(sr).fill(0);
  const total = wins.reduce((acc, w) => acc * w.count, 1);
  for (let t = 0; t < total; t++) {
    let rem = t;
    for (let a = sr - 1; a >= 0; a--) {
      const w = wins[a]!;
      offs[a] = rem % w.count;
      rem = Math.floor(rem / w.count);
    }
    const cc = offs.map((o, a) => wins[a]!.start + o * wins[a]!.step);
    const inside = cc.every((x, a) => x >= 0 && x < inSizes[a]!);
    let kind: WindowCell['kind'];
    let index = -1;
    if (inside) {
      kind = 'input';
      inputCount++;
      let flat = 0;
      if (channelsLast) {
        flat = batch;
        for (let a = 0; a < sr; a++) flat = flat * inSizes[a]! + cc[a]!;
        flat = flat * plan.channels + channel;
      } else {
        flat = batch * plan.channels + channel;
        for (let a = 0; a < sr; a++) flat = flat * inSizes[a]! + cc[a]!;
      }
      index = flat;
    } else if (cc.every((x, a) => x >= -plan.axes[a]!.padBefore && x < inSizes[a]! + plan.axes[a]!.padAfter)) {
      kind = 'padding';
      paddingCount++;
    } else {
      kind = 'outside';
      outsideCount++;
    }
    cells.push({ coords: cc, index, kind });
  }
  const divisor = isMaxOp(plan.op) ? null
    : plan.divisorOverride ?? wins.reduce((acc, w) => acc * w.divisorCount, 1);
  return { outputIndex, outputCoords: coords, batch, channel, spatial, cells, inputCount, paddingCount, outsideCount, divisor };
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

/** One sentence explaining the value of output cell `outputIndex` of `result` (computed from `input`). */
export function explainValue(input: Tensor, result: PoolResult, outputIndex: number): string {
  const plan = result.plan;
  const w = windowOf(plan, outputIndex);
  const value = result.output.data[outputIndex]!;
  const real = w.cells.filter((c) => c.kind === 'input');
  const padNote = w.paddingCount > 0 ? plural(w.paddingCount, 'padding cell') : '';
  if (isMaxOp(plan.op)) {
    const arg = result.argmax?.[outputIndex] ?? -1;
    const at = real.find((c) => c.index === arg);
    const head = `max of ${plural(real.length, 'cell')} = ${formatValue(value)}`;
    const tail = padNote ? `; ${padNote} never win` : '';
    if (at === undefined) {
      return real.length === 0 ? `no input cell in this window: ${formatValue(value)}${tail}`
        : `${head}: every cell is NaN and NaN is ignored${tail}`;
    }
    const why = typeof value === 'number' && Number.isNaN(value) ? ' (a NaN propagates; the last NaN is reported)' : '';
    return `${head} at ${coordText(at.coords)}${why}${tail}`;
  }
  const data = input.data;
  let sum = 0, nanCount = 0;
  const p = plan.p;
  for (const c of real) {
    const x = Number(data[c.index]!);
    if (Number.isNaN(x) && plan.nan === 'ignore') { nanCount++; continue; }
    sum += p === null ? x : Math.pow(x, p);
  }
  const divisor = (w.divisor ?? 1) - (plan.divisorOverride === null ? nanCount : 0);
  const notes: string[] = [];
  if (w.paddingCount > 0) notes.push(`${padNote} ${plan.countIncludePad && p === null ? 'counted as 0' : 'not counted'}`);
  if (w.outsideCount > 0) notes.push(`${plural(w.outsideCount, 'cell')} past the padding not counted`);
  if (nanCount > 0) notes.push(`${plural(nanCount, 'NaN cell')} skipped`);
  if (plan.divisorOverride !== null) notes.push('divisor_override');
  const tail = notes.length > 0 ? `; ${notes.join('; ')}` : '';
  if (p !== null) {
    const k = plan.axes.reduce((acc, a) => acc * a.poolSize, 1);
    const scale = divisor === k ? '' : ` * ${k} / ${divisor}`;
    return `L${formatValue(p)} = (sum of x^${formatValue(p)} = ${formatValue(sum)}${scale})^(1/${formatValue(p)}) = ${formatValue(value)}${tail}`;
  }
  return `avg = ${formatValue(sum)} / ${divisor} = ${formatValue(value)}${tail}`;
}
