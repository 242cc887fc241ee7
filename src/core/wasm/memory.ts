/** Helpers for laying out buffers in a kernels' memory. */

/** `n` rounded up to a whole number of 16-byte vectors. */
export function align(n: number): number {
  return (n + 15) & ~15;
}

/**
 * Spare bytes after rows whose length is not a multiple of 16 (cells with C % 4 != 0): the kernels' vector
 * over-reads and overlapping writes, and the unrolled kernels that run up to 48 bytes past a row, stay in them.
 */
export const SLACK = 64;

/** Thrown when wasm memory cannot hold what a call needs (huge rows): the caller falls back (see wasmPool). */
export class OutOfWasmMemory extends Error {}

export type FloatArray = Float32Array | Float64Array;
