/**
 * Scratch space in a kernels' memory for one call: an arena that hands out aligned regions (`take`) from
 * where the call's scratch starts (0 in the shared memory; after the data in a resident tensor's memory), then
 * makes the memory big enough for all of them at once (`commit`). Regions live for the call only; the next
 * call takes them again from the same start.
 */
import type { Kernels } from './module';

/** `n` rounded up to a whole number of 16-byte vectors. */
export function align(n: number): number {
  return (n + 15) & ~15;
}

/**
 * Spare bytes after rows whose length is not a multiple of 16 (cells with C % 4 != 0): the kernels' vector
 * over-reads and overlapping writes, and the unrolled kernels that run up to 48 bytes past a row, stay in them.
 */
export const SLACK = 64;

/** Bytes of input rows per chunk for the kernels that take many rows per call: a few hundred KiB stays in L2. */
export const CHUNK_BYTES = 256 * 1024;

/** Thrown when wasm memory cannot hold what a call needs (huge rows): the caller falls back (see wasmPool). */
export class OutOfWasmMemory extends Error {}

export type FloatArray = Float32Array | Float64Array;

/** Views of a kernels' memory, made after it has grown (growing detaches the views made before). */
export interface MemoryViews {
  buf: ArrayBuffer;
  /** Floats of the call's element type (4 bytes: float32, 8: float64). */
  fv: FloatArray;
  u8: Uint8Array;
  i32: Int32Array;
  f64: Float64Array;
}

export class Arena {
  private next: number;

  /**
   * Regions from `start` on, in the memory of `k`, which must not reach past `limit` (a resident tensor's memory,
   * which never grows: growing would detach the buffer its data views).
   */
  constructor(private readonly k: Kernels, start: number, private readonly limit = Infinity) {
    this.next = align(start);
  }

  /** A region of `bytes` bytes, at a 16-byte aligned offset. */
  take(bytes: number): number {
    const at = this.next;
    this.next = align(at + bytes);
    return at;
  }

  /** Grows the memory (once, kept for later calls) to hold every region taken, and returns views of it. */
  commit(es: number): MemoryViews {
    const need = this.next;
    if (need > this.limit) throw new OutOfWasmMemory(`a resident tensor's scratch space ends before ${need} bytes`);
    const memory = this.k.memory;
    const have = memory.buffer.byteLength;
    if (need > have) {
      try {
        memory.grow(Math.ceil((need - have) / 65536));
      } catch {
        throw new OutOfWasmMemory(`cannot grow WebAssembly memory to ${need} bytes`);
      }
    }
    const buf = memory.buffer;
    return {
      buf, fv: es === 8 ? new Float64Array(buf) : new Float32Array(buf), u8: new Uint8Array(buf),
      i32: new Int32Array(buf), f64: new Float64Array(buf),
    };
  }
}
