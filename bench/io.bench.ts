// Readers' benchmarks, each against a peer in the same process:
// 1. parseArrayLiteral vs JSON.parse on the same 1,000,000-element numeric literal (target: ratio >= 0.5,
//    i.e. at least half JSON.parse's speed);
// 2. readNpy on a 256 MiB float32 .npy already in memory vs fs.readFile of the same file (target: <= 5%,
//    since the tensor is a view on the bytes, not a copy). The file is written to os.tmpdir() and deleted.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArrayLiteral, readNpy, writeNpy } from '../src/io';
import { median, medianTime } from './timing';


async function timeAsync(f: () => Promise<unknown>, runs: number): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

function literalText(kind: 'float' | 'int', n: number, rows: number): string {
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const cols = n / rows;
  const parts: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) row.push(kind === 'float' ? String(Math.round((next() * 2 - 1) * 1e6) / 1e4) : String(Math.floor(next() * 1000)));
    parts.push(`[${row.join(', ')}]`);
  }
  return `[${parts.join(',\n ')}]`;
}

export async function run(): Promise<void> {
  const N = 1_000_000;
  for (const kind of ['float', 'int'] as const) {
    const text = literalText(kind, N, 1000);
    // Warm up both.
    JSON.parse(text);
    parseArrayLiteral(text);
    const tJson = medianTime(7, () => JSON.parse(text));
    const tOurs = medianTime(7, () => parseArrayLiteral(text));
    const ratio = tJson / tOurs;
    console.log(`literal ${kind} 1000x1000 (${(text.length / 1e6).toFixed(1)} MB): JSON.parse ${tJson.toFixed(1)} ms, parseArrayLiteral ${tOurs.toFixed(1)} ms, speed ratio ${ratio.toFixed(2)} (target >= 0.5) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
  }

  const count = (256 * 1024 * 1024) / 4;
  const data = new Float32Array(count);
  for (let i = 0; i < count; i += 4099) data[i] = i;
  const path = join(tmpdir(), `pooling-lens-bench-${process.pid}.npy`);
  await writeFile(path, writeNpy({ dtype: 'float32', shape: [1, 4096, 4096, 4], data }));
  try {
    const tRead = await timeAsync(() => readFile(path), 3);
    const bytes = new Uint8Array(await readFile(path));
    const tNpy = medianTime(5, () => readNpy(bytes));
    const t = readNpy(bytes);
    const view = t.data.buffer === bytes.buffer;
    const ratio = tNpy / tRead;
    console.log(`readNpy 256 MiB float32: fs.readFile ${tRead.toFixed(1)} ms, readNpy ${tNpy.toFixed(3)} ms (${view ? 'view, no copy' : 'COPY'}), cost ratio ${(ratio * 100).toFixed(3)}% (target <= 5%) ${ratio <= 0.05 ? 'OK' : 'ABOVE TARGET'}`);
  } finally {
    await rm(path, { force: true });
  }
}
