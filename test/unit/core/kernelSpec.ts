// The spec the WebAssembly tests compare the kernels on (wasm.test.ts, wasmPaths.test.ts).
import type { PoolSpec } from '../../../src/core';

/**
 * The spec the kernels are compared on: they propagate NaN, and Keras max's own rule (TF's 'neverWins') runs them
 * only when no window holds a NaN (pool.ts), so 'propagate' unless the spec says otherwise; Keras adaptive max
 * pools axis by axis in Keras's order on the TypeScript path, so its windows are compared as PyTorch's (the same).
 */
export function kernelSpec(spec: PoolSpec): PoolSpec {
  const s: PoolSpec = { nan: 'propagate', ...spec };
  return s.framework !== 'pytorch' && s.op === 'adaptiveMax' ? { ...s, framework: 'pytorch' } : s;
}

