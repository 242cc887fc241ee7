// `npm run bench:bigfile`: the 1 GiB file benchmark. Writes a 16384 x 16384 float32 .npy (once, kept in the
// system's temporary folder for the next run), builds the extension and runs test/integration/bigfile.bench.ts in
// VS Code Server and Chromium, which prints the figures. Needs about 1.1 GiB of disk and 4 GiB of memory.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SIDE = 16384;
const root = resolve(__dirname, '..');

/** A version 1.0 .npy header for a C-order little-endian float32 array, padded to 64 bytes as numpy pads it. */
function npyHeader(shape: number[]): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  const unpadded = 10 + dict.length + 1;
  const text = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + text.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/** Writes the file in 64 MiB slices: a smooth picture with a fine pattern, so overviews and tiles differ. */
function writeBigFile(path: string): void {
  const header = npyHeader([SIDE, SIDE]);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    const rows = 1024;
    const slice = new Float32Array(rows * SIDE);
    for (let r0 = 0; r0 < SIDE; r0 += rows) {
      for (let r = 0; r < rows; r++) {
        const y = r0 + r;
        for (let c = 0; c < SIDE; c++) slice[r * SIDE + c] = Math.sin(y / 900) * Math.cos(c / 700) * 100 + ((y * 31 + c * 17) % 97);
      }
      writeSync(fd, new Uint8Array(slice.buffer));
    }
  } finally {
    closeSync(fd);
  }
}

export function main(): number {
  const folder = join(tmpdir(), 'pooling-lens-bench');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `big_${SIDE}.npy`);
  const want = SIDE * SIDE * 4;
  if (!existsSync(path) || statSync(path).size < want) {
    console.log(`[bench] writing ${path} (${(want / 2 ** 30).toFixed(2)} GiB of float32)…`);
    writeBigFile(path);
  }
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  const run = spawnSync('npx', ['tsx', 'test/harness/runServerTests.ts', '--tests', 'out/test/integration/bigfileEntry.js'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, POOLING_LENS_BIG_FILE: path },
  });
  return run.status ?? 1;
}

process.exitCode = main();
