// Helpers for both the unit tests (plain Node) and the integration tests (the extension host; their build bundles
// what they import from here). Nothing here may import `vscode` or mocha.
import { performance } from 'node:perf_hooks';

/**
 * Runs `work` while a timer ticks every `periodMs`, and gives its result with
 * - `maxGapMs`, the longest time between two ticks: how long the event loop was kept from running (about
 *   `periodMs` when it never was; on a machine short of cores the operating system adds its own pauses), and
 * - `utilization`, the share of the time the event loop spent running code rather than waiting (Node's event-loop
 *   utilization): near 1 when the work ran on this thread, low when it waited for a worker, whatever the load.
 */
export async function withEventLoopGap<T>(periodMs: number, work: () => Promise<T>): Promise<{ result: T; maxGapMs: number; utilization: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, periodMs);
  const before = performance.eventLoopUtilization();
  try {
    const result = await work();
    return { result, maxGapMs, utilization: performance.eventLoopUtilization(before).utilization };
  } finally {
    clearInterval(timer);
  }
}
