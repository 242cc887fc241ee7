/**
 * Shapes in a literal: shape arguments (`(2, 3)`, `[2, 3]`, `2, 3`), reshaping and transposing a
 * {@link Flat}. Reshape only relabels the row-major values; transpose reorders them.
 */
import { StridedWalk, rowMajorStrides } from '../strided';
import type { Flat } from './flat';
import type { Scanner } from './scanner';
import type { Value } from './values';

/** numpy's own limit on the number of dimensions (of a shape, and of list nesting). */
export const MAX_DEPTH = 64;

/** A shape from `(2, 3)`, `[2, 3]`, `2, 3` or a single int; every entry a non-negative int (or one -1 when allowed). */
export function shapeFrom(sc: Scanner, vals: Value[], start: number, end: number, allowMinusOne = false): number[] {
  let items: number[] = [];
  if (vals.length === 1 && (vals[0] as Value).k === 'arr') {
    const a = (vals[0] as { a: Flat }).a;
    if (a.shape.length !== 1) sc.fail('a shape must be a flat tuple or list of integers', start, end - start, 'shape');
    items = Array.from(a.vals.subarray(0, a.n));
  } else {
    for (const v of vals) {
      if (v.k !== 'num' || v.t === 'float') sc.fail('a shape entry must be an integer', v.start, v.end - v.start, 'shape');
      items.push(v.v);
    }
  }
  for (const x of items) {
    if (!Number.isInteger(x) || (x < 0 && !(allowMinusOne && x === -1)) || x > 2 ** 31) {
      sc.fail(`${x} is not a valid size for a shape`, start, end - start, 'shape');
    }
  }
  if (items.length > MAX_DEPTH) sc.fail(`a shape can have at most ${MAX_DEPTH} dimensions`, start, end - start, 'shape');
  return items;
}

/** Gives `a` the shape `shape` (one entry may be -1), which must hold exactly its elements. */
export function reshape(sc: Scanner, a: Flat, shape: number[], start: number, end: number): Flat {
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const x = shape[i] as number;
    if (x === -1) {
      if (unknown >= 0) sc.fail('only one dimension can be -1 in a reshape', start, end - start, 'shape');
      unknown = i;
    } else known *= x;
  }
  const out = shape.slice();
  if (unknown >= 0) {
    if (known === 0 || a.n % known !== 0) {
      sc.fail(`cannot reshape ${a.n} elements into shape (${shape.join(', ')}): ${a.n} is not a multiple of ${known}`, start, end - start, 'shape');
    }
    out[unknown] = a.n / known;
  } else if (known !== a.n) {
    const from = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
    sc.fail(`cannot reshape an array of shape ${from} (${a.n} elements) into shape (${shape.join(', ')}) (${known} elements)`, start, end - start, 'shape');
  }
  a.shape = out;
  return a;
}

/** The axes reversed, as `.T` and `.transpose()` order them. */
export function reversedAxes(a: Flat): number[] {
  return a.shape.map((_, i) => a.shape.length - 1 - i);
}

/** `a` with its axes permuted (`axes[i]` is the input axis that becomes axis `i`); `a` itself below 2-d. */
export function transposed(a: Flat, axes: number[]): Flat {
  const shape = a.shape;
  if (shape.length < 2) return a;
  const inStrides = rowMajorStrides(shape);
  const outShape = axes.map((ax) => shape[ax] as number);
  const walk = new StridedWalk(outShape, axes.map((ax) => inStrides[ax] as number));
  const order = new Int32Array(a.n);
  for (let i = 0; i < a.n; i++) {
    order[i] = walk.offset;
    walk.next();
  }
  return a.gather(order, outShape);
}
