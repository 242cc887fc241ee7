// Pooling speed, one process, one run: our pool() (the whole call as a user gets it, including moving the
// input through WebAssembly memory) against a Float32Array.prototype.set copy of the input, a plain read
// pass over it, and @tensorflow/tfjs on its cpu and wasm backends (kernel plus dataSync() to get the data out;
// the tensor upload is not timed, which favours tfjs). Ratios > 1 mean we are faster.
// Env: POOL_BENCH_REPS (default 5), POOL_BENCH_TFJS_CPU=0 to skip the slow tfjs cpu backend.
// The 1-minute load average is printed before and after: on a shared 2-core machine, figures move with it.
// [1,2048,2048,1] is a plain matrix (one channel, the shape a selected 2-D array is read as).
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { type PoolSpec, type Tensor, pool } from '../src/core';
import { wasmAvailable } from '../src/core/wasmKernels';

type Tf = typeof import('@tensorflow/tfjs');

interface Case { name: string; spec: PoolSpec; tf: (tf: Tf, x: import('@tensorflow/tfjs').Tensor4D) => import('@tensorflow/tfjs').Tensor }

const CASES: Case[] = [
  { name: '2x2 s2 max', spec: { op: 'max', poolSize: 2 }, tf: (tf, x) => tf.maxPool(x, 2, 2, 'valid') },
  { name: '2x2 s2 avg', spec: { op: 'avg', poolSize: 2 }, tf: (tf, x) => tf.avgPool(x, 2, 2, 'valid') },
  { name: '3x3 s1 same max', spec: { op: 'max', poolSize: 3, strides: 1, padding: 'same' }, tf: (tf, x) => tf.maxPool(x, 3, 1, 'same') },
  { name: '3x3 s1 same avg', spec: { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }, tf: (tf, x) => tf.avgPool(x, 3, 1, 'same') },
  { name: '7x7 s1 same max', spec: { op: 'max', poolSize: 7, strides: 1, padding: 'same' }, tf: (tf, x) => tf.maxPool(x, 7, 1, 'same') },
  { name: '7x7 s1 same avg', spec: { op: 'avg', poolSize: 7, strides: 1, padding: 'same' }, tf: (tf, x) => tf.avgPool(x, 7, 1, 'same') },
  { name: 'global max', spec: { op: 'globalMax' }, tf: (tf, x) => tf.max(x, [1, 2]) },
  { name: 'global avg', spec: { op: 'globalAvg' }, tf: (tf, x) => tf.mean(x, [1, 2]) },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(reps: number, fn: () => void): number {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

function fmt(ms: number | null): string {
  return ms === null ? '-' : ms.toFixed(1);
}

function ratio(other: number | null, ours: number): string {
  return other === null ? '-' : (other / ours).toFixed(2);
}

async function loadTf(): Promise<{ tf: Tf | null; wasmOk: boolean; why: string }> {
  try {
    const tf = await import('@tensorflow/tfjs');
    let wasmOk = false, why = '';
    try {
      const req = createRequire(__filename);
      const wasmPkg = await import('@tensorflow/tfjs-backend-wasm');
      const dir = dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasmPkg.setWasmPaths(`${dir}/`);
      wasmOk = await tf.setBackend('wasm');
      if (!wasmOk) why = 'tf.setBackend("wasm") returned false';
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    return { tf, wasmOk, why };
  } catch (e) {
    return { tf: null, wasmOk: false, why: `cannot load @tensorflow/tfjs: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function randomInput(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s / 4294967296 - 0.5;
  }
  return { dtype: 'float32', shape, data };
}

export async function run(): Promise<void> {
  const reps = Number(process.env.POOL_BENCH_REPS ?? 5);
  const withCpu = process.env.POOL_BENCH_TFJS_CPU !== '0';
  const { tf, wasmOk, why } = await loadTf();
  console.log(`our WebAssembly kernels: ${wasmAvailable() ? 'loaded' : 'unavailable (TypeScript path)'}; ` +
    `tfjs: ${tf === null ? why : `${tf.version.tfjs}, wasm backend ${wasmOk ? 'loaded' : `unavailable: ${why}`}`}`);
  console.log(`median of ${reps} runs (tfjs cpu: 1 run); ratio = their time / our time (> 1: we are faster); ` +
    `load average ${loadavg()[0]!.toFixed(2)} at start\n`);
  const header = ['input', 'case', 'ours ms', 'copy ms', 'copy/ours', 'fresh copy ms', 'fresh/ours', 'read ms', 'read/ours',
    'tfjs-cpu ms', 'cpu/ours', 'tfjs-wasm ms', 'wasm/ours'];
  const rows: string[][] = [header];
  for (const shape of [[1, 512, 512, 64], [8, 224, 224, 64], [1, 2048, 2048, 1]]) {
    const x = randomInput(shape);
    const src = x.data as Float32Array;
    const dst = new Float32Array(src.length);
    const copy = time(reps, () => dst.set(src));
    // The issue's baseline copies into warm, reused memory; pool() returns a newly allocated output, whose
    // first touch costs page faults. A copy into a fresh array (`slice`) pays the same, so it is printed too.
    let keep: Float32Array | undefined;
    const freshCopy = time(reps, () => { keep = src.slice(); });
    let sink = 0;
    const read = time(reps, () => {
      let acc = 0;
      for (let i = 0; i < src.length; i++) acc += src[i]!;
      sink += acc;
    });
    const xCpu = tf !== null && withCpu ? (await tf.setBackend('cpu'), tf.tensor4d(src, shape as [number, number, number, number])) : null;
    const cpuTimes = new Map<string, number>();
    if (tf !== null && xCpu !== null) {
      for (const c of CASES) {
        const t0 = performance.now();
        const y = c.tf(tf, xCpu);
        y.dataSync();
        cpuTimes.set(c.name, performance.now() - t0);
        y.dispose();
      }
      xCpu.dispose();
    }
    const wasmTimes = new Map<string, number>();
    if (tf !== null && wasmOk) {
      await tf.setBackend('wasm');
      const xw = tf.tensor4d(src, shape as [number, number, number, number]);
      for (const c of CASES) {
        wasmTimes.set(c.name, time(reps, () => {
          const y = c.tf(tf, xw);
          y.dataSync();
          y.dispose();
        }));
      }
      xw.dispose();
    }
    for (const c of CASES) {
      const ours = time(reps, () => { pool(x, c.spec); });
      const cpu = cpuTimes.get(c.name) ?? null, wasm = wasmTimes.get(c.name) ?? null;
      rows.push([`[${shape.join(',')}]`, c.name, fmt(ours), fmt(copy), ratio(copy, ours), fmt(freshCopy), ratio(freshCopy, ours), fmt(read), ratio(read, ours),
        fmt(cpu), ratio(cpu, ours), fmt(wasm), ratio(wasm, ours)]);
    }
    if (sink === 0.5 || keep?.length === 0) console.log('');
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  console.log(`\nload average ${loadavg()[0]!.toFixed(2)} at end`);
  console.log('\ntargets: 2x2 copy/ours >= 1.0; 3x3 copy/ours >= 0.33; 7x7 time <= 1.5x the 3x3 time; global read/ours >= 0.67');
  console.log('(fresh copy: a copy into a newly allocated array, which pays the page faults that a new output pays)');
}
