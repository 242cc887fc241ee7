// Runs every benchmark file (bench/*.bench.ts) in one process, or only those named on the command line
// (`npm run bench -- pool`). Each file exports `run(): Promise<void>` and prints its own figures and ratios.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark matches ${filters.join(', ')}`);
  for (const f of files) {
    console.log(`\n=== ${f} ===`);
    const mod = (await import(pathToFileURL(join(__dirname, f)).href)) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
