// The output cells where the framework's own arithmetic (Keras's float16 sums, PyTorch's float32 ones, LP's
// powers in the dtype) gives a materially different value from the exact one shown: marked on the heatmap,
// explained on hover (src/core/arithNote.ts). Computed here, once per output, only when the input and the output
// are both in the webview and the pooling's work is small (`MARK_WORK`); the host keeps large tensors, and
// redoing their pooling step by step in TypeScript would cost seconds (a 4096x4096 float32 2x2 average: see
// README "Two arithmetics").
import { arithmeticMarks, type PoolPlan, type Tensor } from '../src/core';
import { isMaxOp } from '../src/core/spec';
import { planeIndex, type Layout, type PlaneSelection } from '../src/view/planes';
import type { Cell } from './highlight';

/** Most window-cell visits (`plan.work`) for which the webview compares the two arithmetics. */
export const MARK_WORK = 1 << 22;

const cache = new WeakMap<Tensor, { input: Tensor; marks: Set<number> }>();

/** Output indices of `output` to mark, or null when not compared (max op, large work, other dtypes). */
export function arithFlags(plan: PoolPlan, input: Tensor, output: Tensor): Set<number> | null {
  if (isMaxOp(plan.op) || plan.work > MARK_WORK || (input.dtype !== 'float16' && input.dtype !== 'float32')) return null;
  const hit = cache.get(output);
  if (hit && hit.input === input) return hit.marks;
  const marks = new Set(arithmeticMarks(plan, input, output.data as Float32Array));
  cache.set(output, { input, marks });
  return marks;
}

/** The cells of the plane `sel` (rows x cols) whose output index is in `flags`. */
export function flaggedCells(layout: Layout, sel: PlaneSelection, rows: number, cols: number, flags: Set<number>): Cell[] {
  if (flags.size === 0) return [];
  const at = planeIndex(layout, sel);
  const cells: Cell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) if (flags.has(at.index(r, c))) cells.push({ r, c });
  }
  return cells;
}
