// Helpers for both the unit tests (plain Node) and the integration tests (the extension host; their build bundles
// what they import from here). Nothing here may import `vscode` or mocha.

/**
 * Runs `work` while a timer ticks every `periodMs`, and gives its result with the longest time between two ticks:
 * how long the event loop was kept from running meanwhile (about `periodMs` when it never was).
 */
export async function withEventLoopGap<T>(periodMs: number, work: () => Promise<T>): Promise<{ result: T; maxGapMs: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, periodMs);
  try {
    const result = await work();
    return { result, maxGapMs };
  } finally {
    clearInterval(timer);
  }
}
