// Test entry of `--mode restricted` (test/harness/runServerTests.ts): the Restricted Mode suite, then the
// integration suites in the untrusted folder, but for the debugger's (VS Code disables debugging in Restricted
// Mode) and the big-data benchmarks' (figures and memory, which trust does not change; they run in index.js's run).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runSuite } from './index';

export function run(): Promise<void> {
  const suites = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && !['debug.test.js', 'bigdata.test.js'].includes(f)).sort();
  return runSuite(['restricted.suite.js', ...suites].map((f) => join(__dirname, f)));
}
