/**
 * Reading a flat buffer through strides: a transpose of a row-major array and a column-major
 * (Fortran-order) `.npy` are both the same elements visited with other strides. One walk serves both,
 * so the literal parser's `.T`/`.transpose` and the `.npy` reader reorder elements the same way.
 */

/** Row-major (C-order) strides of `shape`, in elements. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i] as number;
  }
  return strides;
}

/** Column-major (Fortran-order) strides of `shape`, in elements. */
export function columnMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = 0; i < shape.length; i++) {
    strides[i] = acc;
    acc *= shape[i] as number;
  }
  return strides;
}

/**
 * Visits the elements of a strided view in row-major order of `shape`: `offset` is the source index of
 * the current element and `next()` moves to the following one, in constant amortised time without
 * allocating. The caller counts the elements (the product of `shape`); `next()` past the last wraps to 0.
 */
export class StridedWalk {
  /** Source index of the current element. */
  offset = 0;
  private readonly idx: number[];

  constructor(private readonly shape: readonly number[], private readonly strides: readonly number[]) {
    this.idx = new Array<number>(shape.length).fill(0);
  }

  next(): void {
    const { idx, shape, strides } = this;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      this.offset += strides[d] as number;
      if ((idx[d] as number) < (shape[d] as number)) return;
      this.offset -= (strides[d] as number) * (shape[d] as number);
      idx[d] = 0;
    }
  }
}
