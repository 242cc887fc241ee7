// The cost of the two arithmetics on a 4096x4096 float32 input, as a photo (values k/255) and as random data
// (uniform in [-0.5, 0.5), 32-bit steps: a few cells far below the rest): the summation-order proof alone
// (checkSumOrder), pool() exact (proof + fast path + re-summed windows), pool() with the separable order forced
// (no proof: the old behaviour), pool() with arithmetic 'framework' (TypeScript, window by window), and
// arithmeticMarks (what the panel would pay to mark every cell; it runs only below MARK_WORK, see
// webview/arithMarks.ts). Median of POOL_BENCH_REPS (default 5) runs; the load average is printed: on a shared
// 2-core machine the figures move with it.
import { loadavg } from 'node:os';
import { type PoolSpec, type Tensor, arithmeticMarks, planPool, pool } from '../src/core';
import { canonical } from '../src/core/kernels';
import { checkSumOrder } from '../src/core/sumOrder';
import { medianTime } from './timing';

function input(kind: 'photo' | 'random'): Tensor {
  const n = 4096 * 4096;
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = kind === 'photo' ? (s >>> 24) / 255 : s / 4294967296 - 0.5;
  }
  return { dtype: 'float32', shape: [4096, 4096], data };
}

export async function run(): Promise<void> {
  const reps = Number(process.env.POOL_BENCH_REPS ?? 5);
  console.log(`4096x4096 float32, median of ${reps} runs (framework and marks: 1 run); load average ${loadavg()[0]!.toFixed(2)} at start`);
  const specs: [string, PoolSpec][] = [
    ['2x2 avg', { op: 'avg', poolSize: 2 }],
    ['3x3 s1 same avg', { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }],
    ['global avg', { op: 'globalAvg' }],
  ];
  console.log('input   case             proof    ms  exact ms  separable ms  framework ms  marks ms');
  for (const kind of ['photo', 'random'] as const) {
    const x = input(kind);
    for (const [name, spec] of specs) {
      const plan = planPool(x.shape, spec);
      const c = canonical(plan, plan.countIncludePad);
      const proof = checkSumOrder(plan, x, c).kind;
      const tProof = medianTime(reps, () => checkSumOrder(plan, x, c));
      const tExact = medianTime(reps, () => pool(x, spec));
      const tSep = medianTime(reps, () => pool(x, spec, { sumOrder: 'separable' }));
      const tFw = medianTime(1, () => pool(x, { ...spec, arithmetic: 'framework' }));
      const exact = pool(x, spec).output.data as Float32Array;
      const tMarks = medianTime(1, () => arithmeticMarks(plan, x, exact));
      console.log(`${kind.padEnd(7)} ${name.padEnd(16)} ${proof.padEnd(6)} ${tProof.toFixed(1).padStart(5)} ${tExact.toFixed(1).padStart(9)}` +
        ` ${tSep.toFixed(1).padStart(13)} ${tFw.toFixed(0).padStart(13)} ${tMarks.toFixed(0).padStart(9)}`);
    }
  }
  console.log(`load average ${loadavg()[0]!.toFixed(2)} at end`);
}
