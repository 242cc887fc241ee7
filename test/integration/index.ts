// Entry point loaded by the extension host (both launchers): runs every compiled *.test.js here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const dir = __dirname;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(join(dir, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
