/**
 * The array value the literal parser builds: row-major float64 values with the text offset each element
 * came from (so a later error, e.g. out of range for the dtype, can underline that exact element),
 * integers beyond 2^53 kept exactly in a side map, and what kinds of element were seen (for numpy-style
 * dtype inference). Converted to a {@link Tensor} once, at the end.
 */
import type { DType, Tensor, TypedArray } from '../../core/tensor';
import { roundToHalf } from '../half';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class Flat {
  vals: Float64Array;
  starts: Int32Array;
  n = 0;
  /** Exact values of integers whose magnitude exceeds 2^53, by flat index. */
  bigs: Map<number, bigint> | undefined;
  hasFloat = false;
  hasInt = false;
  hasBool = false;
  shape: number[] = [];
  /** Set once a constructor, `astype` or a typed array fixed the dtype; unset for a bare list. */
  dtype: DType | undefined;

  constructor(capacity = 16) {
    this.vals = new Float64Array(capacity);
    this.starts = new Int32Array(capacity);
  }

  /** Grows the buffers to hold at least `need` elements. */
  reserve(need: number): void {
    if (need <= this.vals.length) return;
    const cap = Math.max(need, this.vals.length * 2);
    const v = new Float64Array(cap);
    v.set(this.vals.subarray(0, this.n));
    const s = new Int32Array(cap);
    s.set(this.starts.subarray(0, this.n));
    this.vals = v;
    this.starts = s;
  }

  /** Appends every element of `other` (values, offsets, big integers, element kinds). */
  append(other: Flat): void {
    this.reserve(this.n + other.n);
    this.vals.set(other.vals.subarray(0, other.n), this.n);
    this.starts.set(other.starts.subarray(0, other.n), this.n);
    if (other.bigs) {
      this.bigs ??= new Map();
      for (const [i, b] of other.bigs) this.bigs.set(this.n + i, b);
    }
    if (other.dtype !== undefined) this.markKind(other.dtype);
    else {
      this.hasFloat ||= other.hasFloat;
      this.hasInt ||= other.hasInt;
      this.hasBool ||= other.hasBool;
    }
    this.n += other.n;
  }

  /** Records that elements of `dtype` were added (an array with a fixed dtype nested in a list). */
  markKind(dtype: DType): void {
    if (dtype === 'bool') this.hasBool = true;
    else if (dtype.startsWith('float')) this.hasFloat = true;
    else this.hasInt = true;
  }

  /** A new Flat with elements permuted: element `i` of the result is element `order[i]` of this. */
  gather(order: Int32Array | number[], shape: number[]): Flat {
    const out = new Flat(Math.max(order.length, 1));
    for (let i = 0; i < order.length; i++) {
      const j = order[i] ?? 0;
      out.vals[i] = this.vals[j] ?? 0;
      out.starts[i] = this.starts[j] ?? 0;
      const b = this.bigs?.get(j);
      if (b !== undefined) (out.bigs ??= new Map()).set(i, b);
    }
    out.n = order.length;
    out.hasFloat = this.hasFloat;
    out.hasInt = this.hasInt;
    out.hasBool = this.hasBool;
    out.dtype = this.dtype;
    out.shape = shape;
    return out;
  }
}

/** `n` copies of `v` (exactly `big` when given), each attributed to the text at `at`. */
export function filledFlat(n: number, v: number, at: number, big?: bigint): Flat {
  const f = new Flat(Math.max(n, 1));
  f.vals.fill(v, 0, n);
  f.starts.fill(at, 0, n);
  f.n = n;
  if (big !== undefined) {
    f.bigs = new Map();
    for (let i = 0; i < n; i++) f.bigs.set(i, big);
  }
  return f;
}

/** Builds the tensor; values must already have been cast to `dtype` (see `castFlat` in dtypes.ts). */
export function flatToTensor(f: Flat, dtype: DType): Tensor {
  const n = f.n;
  const v = f.vals;
  let data: TypedArray;
  switch (dtype) {
    case 'float64':
      data = n === v.length ? v : v.slice(0, n);
      break;
    case 'float32': case 'float16': {
      const a = new Float32Array(n);
      if (dtype === 'float16') for (let i = 0; i < n; i++) a[i] = roundToHalf(v[i] ?? 0);
      else for (let i = 0; i < n; i++) a[i] = v[i] ?? 0;
      data = a;
      break;
    }
    case 'int64': case 'uint64': {
      const a = dtype === 'int64' ? new BigInt64Array(n) : new BigUint64Array(n);
      // Safe integers are written as two 32-bit words (much faster than BigInt() per element);
      // the low word is v mod 2^32, the high word floor(v / 2^32), two's complement for negatives.
      const words = new Uint32Array(a.buffer);
      const lo = LITTLE_ENDIAN ? 0 : 1;
      for (let i = 0; i < n; i++) {
        const x = v[i] as number;
        words[2 * i + lo] = x >>> 0;
        words[2 * i + 1 - lo] = Math.floor(x / 4294967296) >>> 0;
      }
      if (f.bigs) for (const [i, b] of f.bigs) a[i] = b;
      data = a;
      break;
    }
    case 'bool': case 'uint8': data = Uint8Array.from(v.subarray(0, n)); break;
    case 'int8': data = Int8Array.from(v.subarray(0, n)); break;
    case 'int16': data = Int16Array.from(v.subarray(0, n)); break;
    case 'uint16': data = Uint16Array.from(v.subarray(0, n)); break;
    case 'int32': data = Int32Array.from(v.subarray(0, n)); break;
    case 'uint32': data = Uint32Array.from(v.subarray(0, n)); break;
  }
  return { dtype, shape: f.shape.slice(), data };
}
