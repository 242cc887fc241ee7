// Test entry for the 1 GiB file benchmark (see bigfile.bench.ts): runs that file alone, guarded like the suite.
import { join } from 'node:path';
import { runSuite } from './index';

export function run(): Promise<void> {
  return runSuite([join(__dirname, 'bigfile.bench.js')]);
}
