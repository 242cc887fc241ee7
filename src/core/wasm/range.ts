/**
 * The finite range (smallest and largest value that is neither NaN nor infinite) of float data, with the `frange`
 * kernel: the data may live in any buffer (shared memory, a file's bytes), so it is copied into the shared
 * kernels' memory one chunk at a time and scanned a vector (four floats, two doubles) per step; the lanes and the
 * last few elements are combined here. About ten times the speed of the plain loop on a 16384² float32 plane.
 */
import { Arena } from './memory';
import { kernelSet, loadKernels } from './module';

/** Bytes copied and scanned per kernel call: large enough to amortise the call, small enough to stay in L2. */
const RANGE_CHUNK_BYTES = 512 * 1024;

/**
 * [min, max] over the finite values of `data` ([+inf, -inf] when there is none), or null when WebAssembly is not
 * available here (the caller scans in TypeScript).
 */
export function wasmFiniteRange(data: Float32Array | Float64Array): [number, number] | null {
  const k = loadKernels();
  if (k === null) return null;
  const es = data.BYTES_PER_ELEMENT;
  const kernels = kernelSet(k, es === 8);
  const arena = new Arena(k, 0);
  const chunkAt = arena.take(RANGE_CHUNK_BYTES);
  const dst = arena.take(32);
  const views = arena.commit(es);
  const lanes = 16 / es;
  const whole = data.length - (data.length % lanes);
  const src = new Uint8Array(data.buffer, data.byteOffset, whole * es);
  let lo = Infinity, hi = -Infinity;
  for (let at = 0; at < src.length; at += RANGE_CHUNK_BYTES) {
    const n = Math.min(RANGE_CHUNK_BYTES, src.length - at);
    views.u8.set(src.subarray(at, at + n), chunkAt);
    kernels.frange(chunkAt, n, dst);
    const fv = views.fv;
    for (let l = 0; l < lanes; l++) {
      const a = fv[dst / es + l]!, b = fv[dst / es + lanes + l]!;
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
  }
  for (let i = whole; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) continue; // NaN or an infinity
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * The `exprange` of float32 `data` (see pool.wat: (max exponent field << 8) | min over nonzero cells of
 * max(exponent field, 1)), by the same chunked copy as `wasmFiniteRange`; null when WebAssembly is not available.
 */
export function wasmExpRange(data: Float32Array): number | null {
  const k = loadKernels();
  if (k === null) return null;
  const arena = new Arena(k, 0);
  const chunkAt = arena.take(RANGE_CHUNK_BYTES);
  const views = arena.commit(4);
  const whole = data.length - (data.length % 4);
  const src = new Uint8Array(data.buffer, data.byteOffset, whole * 4);
  let maxE = 0, minE = 255;
  for (let at = 0; at < src.length; at += RANGE_CHUNK_BYTES) {
    const n = Math.min(RANGE_CHUNK_BYTES, src.length - at);
    views.u8.set(src.subarray(at, at + n), chunkAt);
    const r = k.exprange(chunkAt, n);
    maxE = Math.max(maxE, r >> 8);
    minE = Math.min(minE, r & 255);
  }
  const tail = expRangeLoop(data.subarray(whole), false);
  return (Math.max(maxE, tail >> 8) << 8) | Math.min(minE, tail & 255);
}

/**
 * `exprange` in TypeScript, for the last few elements and runtimes without WebAssembly; `finiteOnly` leaves out
 * infinities and NaN (exponent field 255), which the kernel counts in the max.
 */
export function expRangeLoop(data: Float32Array, finiteOnly: boolean): number {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  let maxE = 0, minE = 255;
  for (let i = 0; i < bits.length; i++) {
    const a = bits[i]! & 0x7fffffff;
    const e = a >>> 23;
    if (e === 255 && finiteOnly) continue;
    if (e > maxE) maxE = e;
    if (a !== 0 && Math.max(e, 1) < minE) minE = Math.max(e, 1);
  }
  return (maxE << 8) | minE;
}
