/**
 * Resident tensors: a float tensor's data kept in a WebAssembly memory of its own, with margins around the data,
 * scratch space after it and an output reserve at the top; that memory never grows. The kernels read its rows in
 * place and write outputs into arrays of the reserve, so nothing is copied in or out (see `residentTensor`).
 */
import type { Tensor, TypedArray } from '../tensor';
import { type Kernels, fixedMemory, instantiate } from './module';
import { SLACK, align } from './memory';

/** A resident tensor's memory: its kernels' instance and where scratch space and the output reserve lie. */
export interface Resident {
  k: Kernels;
  /** Where the kernels' scratch space starts (after the data and its margins) and where it must end. */
  end: number;
  limit: number;
  /** The output reserve's unused bytes run from `limit` to `top` (arrays are taken from the top down). */
  top: number;
}

const residents = new WeakMap<ArrayBufferLike, Resident>();
/** Arrays handed out by `residentArray` (only these may be an `out` in resident memory). */
const residentArrays = new WeakSet<TypedArray>();

/**
 * Scratch bytes reserved after a resident tensor's data for the kernels' buffers (rows, ring, output chunks).
 * Address space only: pages nobody touches cost no memory. A call that needs more falls back to the shared
 * memory (copying the input through it), so it is never wrong, only slower.
 */
const RESIDENT_SCRATCH = 64 * 1024 * 1024;

/**
 * Bytes before and after a resident tensor's data. The row passes read a row in place as a padded row: the
 * cells just before and after it (the neighbouring rows' cells, or this margin at the ends) are saved, set to
 * the padding value for the pass and restored right after it, all within one synchronous call on memory no
 * other thread can see (see staging.ts). Padding wider than the margin makes the call copy rows instead.
 */
export const RESIDENT_MARGIN = 64 * 1024;

/** The resident memory that `buffer` belongs to, if any. */
export function residentOf(buffer: ArrayBufferLike): Resident | undefined {
  return residents.get(buffer);
}

/**
 * A copy of a float32 / float16 / float64 tensor whose data lives in WebAssembly memory of its own (plus kernel
 * scratch space), so that `pool()` reads it in place instead of streaming it through the kernels' memory: for
 * pooling one input many times (live re-pooling), as a tfjs tensor is uploaded once. The copy is an ordinary
 * `Tensor` (a Float32Array / Float64Array view) that every other function accepts; its memory is freed with
 * it. Returns null when WebAssembly is unavailable, the dtype has no WebAssembly kernels, or the data does not
 * fit in a 32-bit memory. `scratchBytes` (default 64 MiB of address space) is for tests.
 */
export function residentTensor(input: Tensor, options: { scratchBytes?: number; outputBytes?: number } = {}): Tensor | null {
  if (input.dtype !== 'float32' && input.dtype !== 'float16' && input.dtype !== 'float64') return null;
  const bytes = input.data.byteLength;
  const scratch = options.scratchBytes ?? RESIDENT_SCRATCH;
  const reserve = align(options.outputBytes ?? 2 * bytes + 4 * SLACK);
  const pages = Math.ceil((RESIDENT_MARGIN + align(bytes) + RESIDENT_MARGIN + scratch + reserve) / 65536);
  if (pages > 65536) return null;
  const memory = fixedMemory(pages);
  if (memory === null) return null;
  const k = instantiate(memory);
  const data = input.data instanceof Float64Array
    ? new Float64Array(memory.buffer, RESIDENT_MARGIN, input.data.length)
    : new Float32Array(memory.buffer, RESIDENT_MARGIN, input.data.length);
  data.set(input.data as Float32Array & Float64Array);
  const end = RESIDENT_MARGIN + align(data.byteLength) + RESIDENT_MARGIN;
  const top = memory.buffer.byteLength;
  residents.set(memory.buffer, { k, end, limit: top - reserve, top });
  return { dtype: input.dtype, shape: [...input.shape], data };
}

/**
 * An array of `length` zeros in the same WebAssembly memory as the resident tensor `near`, taken from its
 * output reserve (`outputBytes`, default twice its data's size, address space only), or null when the
 * reserve has no room left or `near` is not resident. Passed as `pool(near, spec, { out })`, the kernels write
 * the output where it lies, with no copy out of their memory: the tfjs-wasm model, where both tensors live in
 * the WebAssembly heap. Arrays are never freed on their own: they go with the memory, so take a few and reuse
 * them.
 */
export function residentArray(near: Tensor, dtype: 'float32' | 'float64', length: number): Float32Array | Float64Array | null {
  const r = residents.get(near.data.buffer);
  if (r === undefined || !Number.isInteger(length) || length < 0) return null;
  const es = dtype === 'float64' ? 8 : 4;
  // SLACK spare bytes after the array: the row kernels may write a little past a row's end (see SLACK).
  const at = (r.top - align(length * es) - SLACK) & ~15;
  if (at < r.limit) return null;
  r.top = at;
  const buf = r.k.memory.buffer;
  const a = es === 8 ? new Float64Array(buf, at, length) : new Float32Array(buf, at, length);
  a.fill(0);
  residentArrays.add(a);
  return a;
}

/**
 * Whether `out` may receive an output (see `pool`'s `out`): any array outside resident memory, or one from
 * `residentArray` (resident memory is otherwise the kernels' scratch space or a tensor's data).
 */
export function outAllowed(out: TypedArray): boolean {
  return !residents.has(out.buffer) || residentArrays.has(out);
}
