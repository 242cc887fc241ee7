/**
 * `finiteRange`: the smallest and largest finite value of a tensor's data, for colour scales. Float data large
 * enough to pay for it goes through the WebAssembly kernel (src/core/wasm/range.ts), the rest through one loop.
 */
import type { TypedArray } from './tensor';
import { wasmFiniteRange } from './wasm/range';

/** Below this many elements the loop is as fast as the kernel's set-up. */
const WASM_RANGE_ELEMENTS = 1 << 14;

/**
 * [min, max] of the values of `data` that are neither NaN nor infinite (bigints compared as numbers), or null
 * when there is none. -0 and +0 count as equal: either may be reported.
 */
export function finiteRange(data: TypedArray): [number, number] | null {
  let r: [number, number] | null = null;
  if ((data instanceof Float32Array || data instanceof Float64Array) && data.length >= WASM_RANGE_ELEMENTS) r = wasmFiniteRange(data);
  r ??= loopRange(data);
  return r[0] <= r[1] ? r : null;
}

function loopRange(data: TypedArray): [number, number] {
  let lo = Infinity, hi = -Infinity;
  const d = data as unknown as { readonly length: number; readonly [i: number]: number | bigint };
  for (let i = 0; i < d.length; i++) {
    const v = Number(d[i]!);
    if (v - v !== 0) continue; // NaN or an infinity
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
