import type { PoolPlan } from './plan';

/**
 * PyTorch's `return_indices` from our flat argmax: the index within the input's (n, c) plane,
 * `h*W + w` (2-D; `d*H*W + h*W + w` in 3-D, `w` in 1-D). -1 stays -1.
 */
export function toPlaneIndex(plan: PoolPlan, argmax: Int32Array): Int32Array {
  const plane = plan.axes.reduce((acc, a) => acc * a.inSize, 1);
  const out = new Int32Array(argmax.length);
  const C = plan.channels;
  for (let i = 0; i < argmax.length; i++) {
    const f = argmax[i]!;
    if (f < 0) { out[i] = -1; continue; }
    out[i] = plan.dataFormat === 'channelsFirst' ? f % plane : Math.floor(f / C) % plane;
  }
  return out;
}
