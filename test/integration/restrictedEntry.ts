// Test entry of `--mode restricted` (test/harness/runServerTests.ts): the Restricted Mode suite only.
import { join } from 'node:path';
import { runSuite } from './index';

export function run(): Promise<void> {
  return runSuite([join(__dirname, 'restricted.suite.js')]);
}
