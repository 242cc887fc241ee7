/**
 * The one tensor model shared by every layer: row-major, contiguous data plus a shape.
 * `int64`/`uint64` live in BigInt arrays, `float16` is decoded into a Float32Array and `bool` is a
 * Uint8Array of 0/1, so every consumer sees a typed array it can index directly.
 */
export type DType =
  | 'bool' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32'
  | 'int64' | 'uint64' | 'float16' | 'float32' | 'float64';

export type TypedArray =
  | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array | Float32Array | Float64Array;

export interface Tensor {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

export const DTYPES: readonly DType[] = [
  'bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32',
  'int64', 'uint64', 'float16', 'float32', 'float64',
];

/** Number of elements of a shape (1 for the scalar shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
