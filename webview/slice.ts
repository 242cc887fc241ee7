// Which 2-D slice of an N-d tensor the grid shows, as row/column counts and a flat-index function.
export interface Slice2D {
  rows: number;
  cols: number;
  /** Flat row-major index into the tensor of cell (r, c). */
  index(r: number, c: number): number;
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = (strides[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  return strides;
}

/**
 * The spatial plane of batch 0, channel 0: `(N, H, W, C)` shows H×W, `(N, W, C)` one row of W,
 * a matrix itself, a vector one row. Other leading axes are fixed at 0.
 */
export function defaultSlice(shape: readonly number[], channelsFirst = false): Slice2D {
  const strides = stridesOf(shape);
  const n = shape.length;
  let rowAxis = -1;
  let colAxis = -1;
  if (n === 1) colAxis = 0;
  else if (n === 2) [rowAxis, colAxis] = [0, 1];
  else if (n === 3) colAxis = channelsFirst ? 2 : 1;
  else if (channelsFirst) [rowAxis, colAxis] = [n - 2, n - 1];
  else [rowAxis, colAxis] = [n - 3, n - 2];
  const rows = rowAxis >= 0 ? (shape[rowAxis] ?? 1) : 1;
  const cols = colAxis >= 0 ? (shape[colAxis] ?? 1) : 1;
  const rs = rowAxis >= 0 ? (strides[rowAxis] ?? 0) : 0;
  const cs = colAxis >= 0 ? (strides[colAxis] ?? 0) : 0;
  return { rows, cols, index: (r, c) => r * rs + c * cs };
}
