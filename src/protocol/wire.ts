/** Tensors to and from their wire form: the data's own bytes in an exact-length ArrayBuffer. */
import type { DType, Tensor, TypedArray } from '../core/tensor';
import type { WireTensor } from './messages';

/** Views `buffer` as the in-memory array type of `dtype` (float16 is carried decoded, as float32). */
export function viewAs(dtype: DType, buffer: ArrayBuffer): TypedArray {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(buffer);
    case 'int8':
      return new Int8Array(buffer);
    case 'int16':
      return new Int16Array(buffer);
    case 'uint16':
      return new Uint16Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'uint32':
      return new Uint32Array(buffer);
    case 'int64':
      return new BigInt64Array(buffer);
    case 'uint64':
      return new BigUint64Array(buffer);
    case 'float16':
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
  }
}

/** Copies exactly the tensor's bytes (a view into a larger file buffer is not sent whole). */
export function toWire(t: Tensor): WireTensor {
  const { data } = t;
  const buffer =
    data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer
      ? data.buffer
      : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  return { dtype: t.dtype, shape: [...t.shape], buffer };
}

export function fromWire(w: WireTensor): Tensor {
  return { dtype: w.dtype, shape: [...w.shape], data: viewAs(w.dtype, w.buffer) };
}
