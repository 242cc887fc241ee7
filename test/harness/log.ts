/** Harness output: one prefix, so a CI log shows which step printed what. */
export function log(message: string): void {
  process.stderr.write(`[harness] ${message}\n`);
}
