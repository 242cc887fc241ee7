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

/** A zero-filled typed array of the class that holds `dtype` (see the module comment). */
export function allocData(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'bool': case 'uint8': return new Uint8Array(length);
    case 'int8': return new Int8Array(length);
    case 'int16': return new Int16Array(length);
    case 'uint16': return new Uint16Array(length);
    case 'int32': return new Int32Array(length);
    case 'uint32': return new Uint32Array(length);
    case 'int64': return new BigInt64Array(length);
    case 'uint64': return new BigUint64Array(length);
    case 'float16': case 'float32': return new Float32Array(length);
    case 'float64': return new Float64Array(length);
  }
}

/** A typed array of the class that holds `dtype`, over a whole buffer (a view, no copy). */
export function viewData(dtype: DType, buffer: ArrayBuffer): TypedArray {
  const Ctor = allocData(dtype, 0).constructor as new (b: ArrayBuffer) => TypedArray;
  return new Ctor(buffer);
}

/** The smallest value of a dtype: the value of a max-pooled window that holds no input cell. */
export function lowestOf(dtype: DType): number | bigint {
  switch (dtype) {
    case 'bool': case 'uint8': case 'uint16': case 'uint32': return 0;
    case 'int8': return -128;
    case 'int16': return -32768;
    case 'int32': return -2147483648;
    case 'int64': return -(2n ** 63n);
    case 'uint64': return 0n;
    case 'float16': case 'float32': case 'float64': return -Infinity;
  }
}
