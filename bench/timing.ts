// Timing helpers shared by the benchmark files (not itself a benchmark: bench/index.ts runs *.bench.ts only).

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The median of `runs` timed calls of `fn`, in ms (no warm-up: callers warm up as their peer needs). */
export function medianTime(runs: number, fn: () => unknown): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}
