/**
 * The few array operations the code around a pooling layer applies to its input or output, on `Tensor`s:
 * reshape (with one -1), expanding and squeezing axes, and dtype casts (numpy's `astype` rules: floats to
 * ints truncate toward zero). Each returns a new tensor or a message saying what the library would refuse.
 */
import { allocData, sizeOf, type DType, type Tensor } from '../core/tensor';

export type OpResult = { ok: true; tensor: Tensor } | { ok: false; message: string };

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** numpy's reshape: one -1 inferred; the sizes must match. */
export function reshape(t: Tensor, shape: readonly number[]): OpResult {
  const n = t.data.length;
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1 || shape.some((d) => !Number.isInteger(d) || d < -1)) {
    return { ok: false, message: `cannot reshape to ${shapeText(shape)}: can only specify one unknown dimension` };
  }
  let out = [...shape];
  if (unknown === 1) {
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (known === 0 || n % known !== 0) return { ok: false, message: `cannot reshape array of size ${n} into shape ${shapeText(shape)}` };
    out = shape.map((d) => (d === -1 ? n / known : d));
  }
  if (sizeOf(out) !== n) return { ok: false, message: `cannot reshape array of size ${n} into shape ${shapeText(shape)}` };
  return { ok: true, tensor: { dtype: t.dtype, shape: out, data: t.data } };
}

/** Inserts an axis of length 1 at `axis` (negative counts from the end of the new shape). */
export function expandDims(t: Tensor, axis: number): OpResult {
  const rank = t.shape.length + 1;
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    return { ok: false, message: `axis ${axis} is out of bounds for array of dimension ${rank}` };
  }
  const shape = [...t.shape];
  shape.splice(a, 0, 1);
  return { ok: true, tensor: { dtype: t.dtype, shape, data: t.data } };
}

/** Removes axes of length 1: all of them, or the one given (an error when it is not 1). */
export function squeeze(t: Tensor, axis?: number): OpResult {
  if (axis === undefined) return { ok: true, tensor: { dtype: t.dtype, shape: t.shape.filter((d) => d !== 1), data: t.data } };
  const a = axis < 0 ? axis + t.shape.length : axis;
  if (!Number.isInteger(a) || a < 0 || a >= t.shape.length) {
    return { ok: false, message: `axis ${axis} is out of bounds for array of dimension ${t.shape.length}` };
  }
  if (t.shape[a] !== 1) return { ok: true, tensor: t };
  const shape = [...t.shape];
  shape.splice(a, 1);
  return { ok: true, tensor: { dtype: t.dtype, shape, data: t.data } };
}

/** A copy in another dtype (numpy's `astype`): floats to ints truncate toward zero; bool is value != 0. */
export function cast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const n = t.data.length;
  const out = allocData(dtype, n);
  const src = t.data as ArrayLike<number | bigint>;
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      out[i] = typeof v === 'bigint' ? v : BigInt(Number.isFinite(v) ? Math.trunc(v) : 0);
    }
  } else if (dtype === 'bool') {
    for (let i = 0; i < n; i++) out[i] = Number(src[i]!) !== 0 ? 1 : 0;
  } else if (dtype === 'float32' || dtype === 'float64' || dtype === 'float16') {
    const o = out as Float32Array | Float64Array;
    for (let i = 0; i < n; i++) o[i] = Number(src[i]!);
  } else {
    const o = out as Int32Array;
    for (let i = 0; i < n; i++) {
      const v = Number(src[i]!);
      o[i] = Number.isFinite(v) ? Math.trunc(v) : 0;
    }
  }
  return { dtype, shape: [...t.shape], data: out };
}

export { shapeText };
