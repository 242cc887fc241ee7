/** Summary numbers for hovers. */
import type { Tensor } from './tensor';

export interface TensorStats {
  count: number;
  /** Smallest / largest non-NaN value (bigint for int64/uint64, exact); null when there is none. */
  min: number | bigint | null;
  max: number | bigint | null;
  /** Mean of the non-NaN values, summed in float64 (may be ±inf, or NaN when +inf and -inf both occur); null if none. */
  mean: number | null;
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
}

export function stats(t: Tensor): TensorStats {
  const d = t.data;
  let nanCount = 0, posInfCount = 0, negInfCount = 0, n = 0, sum = 0;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    let min: bigint | null = null, max: bigint | null = null;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
      sum += Number(v);
    }
    return { count: d.length, min, max, mean: d.length > 0 ? sum / d.length : null, nanCount, posInfCount, negInfCount };
  }
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (Number.isNaN(v)) { nanCount++; continue; }
    if (v === Infinity) posInfCount++;
    else if (v === -Infinity) negInfCount++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return {
    count: d.length, min: n > 0 ? min : null, max: n > 0 ? max : null, mean: n > 0 ? sum / n : null,
    nanCount, posInfCount, negInfCount,
  };
}
