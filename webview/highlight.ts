// Linked highlighting, pure (no DOM) so it is unit-tested in Node: for a hovered output cell, the window it pools
// and its winner as cells of the input plane shown; for a hovered input cell, the output cells whose windows
// contain it. hover.ts draws what these return.
import { explainValue, windowOf, type PoolPlan, type PoolResult, type Tensor } from '../src/core';
import type { Explained } from '../src/protocol/messages';
import { cellOfSpatial, outputsCovering, unflatten, type Layout, type PlaneSelection } from '../src/view/planes';

/** A cell of a plane: row and column. */
export interface Cell {
  r: number;
  c: number;
}

/** What a heatmap's overlay draws: a window (cells may lie outside the grid: padding), a winner, marked cells. */
export interface Highlight {
  window?: { cells: (Cell & { kind: 'input' | 'padding' | 'outside' })[] };
  winner?: Cell;
  marked?: Cell[];
}

/**
 * Output `outIndex` explained here, when the input, the output and (for a max) its winners are all in the webview;
 * otherwise the host explains it, with the same answer. `inLayout` places the winner.
 */
export function explainHere(
  plan: PoolPlan, input: Tensor, output: Tensor, argmax: Int32Array | undefined, outIndex: number, inLayout: Layout | undefined,
): Explained {
  const arg = argmax?.[outIndex] ?? -1;
  const winner = arg >= 0 && inLayout ? unflatten(inLayout, arg) : undefined;
  const result = { output, argmax, plan, backend: 'ts' } as PoolResult;
  return { outIndex, text: explainValue(input, result, outIndex), cells: windowOf(plan, outIndex).cells, ...(winner ? { winner } : {}) };
}

/**
 * What an explanation outlines in the input plane `sel`: the window's cells in that plane (padding cells outside
 * the grid included, other depths left out) and the winner when it lies in that plane.
 */
export function windowHighlight(inLayout: Layout, sel: PlaneSelection, e: Pick<Explained, 'cells' | 'winner'>): Highlight {
  const cells: NonNullable<Highlight['window']>['cells'] = [];
  for (const wc of e.cells) {
    const pc = cellOfSpatial(inLayout, sel, wc.coords);
    if (pc) cells.push({ ...pc, kind: wc.kind });
  }
  const u = e.winner;
  const winner = u && u.batch === sel.batch && u.channel === sel.channel ? cellOfSpatial(inLayout, sel, u.spatial) : undefined;
  return { window: { cells }, winner };
}

/** The window's input cells in spatial coordinates, padding dropped (the input section's `data-window`). */
export function windowInputs(e: Pick<Explained, 'cells'>): number[][] {
  return e.cells.filter((c) => c.kind === 'input').map((c) => c.coords);
}

/** For a 3-D pool, the depths the window spans beside the depth the input shows (it shows one); '' otherwise. */
export function depthNote(plan: PoolPlan, e: Pick<Explained, 'cells'>, shownDepth: number): string {
  const depths = windowInputs(e).map((c) => c[0] ?? 0);
  if (plan.spatialRank !== 3 || depths.length === 0) return '';
  const lo = Math.min(...depths);
  const hi = Math.max(...depths);
  return ` (the window spans depth ${lo === hi ? lo : `${lo}–${hi}`}; the input shows depth ${shownDepth})`;
}

/** The cells of output plane `sel` (layout `outLayout`) whose windows contain input position `spatial`. */
export function coveringCells(plan: PoolPlan, outLayout: Layout, sel: PlaneSelection, spatial: readonly number[]): Cell[] {
  // Covering positions are independent per axis: every combination of them is a covering output cell.
  const combos = outputsCovering(plan, spatial).reduce<number[][]>((acc, xs) => acc.flatMap((a) => xs.map((x) => [...a, x])), [[]]);
  const marked: Cell[] = [];
  for (const sp of combos) {
    const pc = cellOfSpatial(outLayout, sel, sp);
    if (pc) marked.push(pc);
  }
  return marked;
}

/** Coordinates as the detail line writes them: `(2, 3)`. */
export function coordText(c: readonly number[]): string {
  return `(${c.join(', ')})`;
}
