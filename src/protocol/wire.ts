/**
 * Tensors to and from their wire form (`WireTensor`: the data's own bytes in an exact-length ArrayBuffer), and
 * the byte copies behind it. Everything that posts a tensor's data (to the webview, to or from a worker thread)
 * goes through here.
 */
import { viewData, type Tensor } from '../core/tensor';
import type { WireTensor } from './messages';

/** Whether `view` spans the whole of a plain ArrayBuffer, which can then be posted or transferred as it is. */
export function ownsWholeBuffer(view: ArrayBufferView): boolean {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer;
}

/**
 * A copy of a view's bytes in an ArrayBuffer of exactly that length, safe to transfer. Not `view.slice()`: on a
 * Node `Buffer` (what `workspace.fs.readFile` may return, and what views of it are) `slice` is a view of the same
 * pooled memory, and transferring its buffer would detach the caller's bytes.
 */
export function copyBytes(view: ArrayBufferView): ArrayBuffer {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice().buffer as ArrayBuffer;
}

/**
 * Exactly the view's bytes as an ArrayBuffer: its own buffer when it spans all of one, else a copy (a view into a
 * larger file buffer is not sent whole; a view of shared memory, such as a panel's worker input, is copied too,
 * since a SharedArrayBuffer cannot be transferred).
 */
export function exactBuffer(view: ArrayBufferView): ArrayBuffer {
  return ownsWholeBuffer(view) ? view.buffer as ArrayBuffer : copyBytes(view);
}

export function toWire(t: Tensor): WireTensor {
  return { dtype: t.dtype, shape: [...t.shape], buffer: exactBuffer(t.data) };
}

export function fromWire(w: WireTensor): Tensor {
  return { dtype: w.dtype, shape: [...w.shape], data: viewData(w.dtype, w.buffer) };
}
