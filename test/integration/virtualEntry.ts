// Test entry of `--mode virtual` (test/harness/runServerTests.ts): the virtual workspace suite only.
import { join } from 'node:path';
import { runSuite } from './index';

export function run(): Promise<void> {
  return runSuite([join(__dirname, 'virtual.suite.js')]);
}
