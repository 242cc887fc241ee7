// The harness self-test's test entry (see test/harness/selfTest.ts, which compiles this folder into
// out/harness-selftest/): runs one fixture case, named by POOLING_LENS_SELFTEST_CASE, through the
// real runSuite of test/integration/index.ts, so the self-test exercises the entry the suite uses.
import { join } from 'node:path';
import { runSuite } from '../integration/index';

export function run(): Promise<void> {
  const which = process.env.POOLING_LENS_SELFTEST_CASE ?? 'pass';
  return runSuite([join(__dirname, `${which}.case.js`)]);
}
