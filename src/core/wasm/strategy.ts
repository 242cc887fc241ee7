import type { PoolCtx } from './context';

/**
 * One way of running a call in WebAssembly. The driver (wasmKernels.ts) runs the first strategy of its list
 * that applies; each file documents its strategy and why it matches the TypeScript path bit for bit.
 */
export interface Strategy {
  /** Whether this strategy covers the call (it may rely on the earlier strategies of the list not applying). */
  applies(ctx: PoolCtx): boolean;
  /**
   * Writes the whole output into ctx.out. Throws OutOfWasmMemory when the memory cannot hold its buffers, before
   * anything is written.
   */
  run(ctx: PoolCtx): void;
}
