/** Tensors to and from their wire form: the data's own bytes in an exact-length ArrayBuffer. */
import { viewData, type Tensor } from '../core/tensor';
import type { WireTensor } from './messages';

/**
 * Copies exactly the tensor's bytes (a view into a larger file buffer is not sent whole) into an ArrayBuffer: a
 * tensor in shared memory (a panel's worker input) is copied too, since a SharedArrayBuffer cannot be posted.
 */
export function toWire(t: Tensor): WireTensor {
  const { data } = t;
  const buffer =
    data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer
      ? data.buffer
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer as ArrayBuffer;
  return { dtype: t.dtype, shape: [...t.shape], buffer };
}

export function fromWire(w: WireTensor): Tensor {
  return { dtype: w.dtype, shape: [...w.shape], data: viewData(w.dtype, w.buffer) };
}
