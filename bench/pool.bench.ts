// Pooling speed, one process, one run. Our pool() is timed four ways, each a whole call as a user makes it:
//   new      pool(x, spec): input in ordinary JS memory (streamed through the kernels' WebAssembly memory),
//            a newly allocated output (whose first touch costs page faults: ~2 µs per 4 KiB page on this VM);
//   out      pool(x, spec, { out }): the same into a reused output array (numpy's out=);
//   res      pool(r, spec) with r = residentTensor(x): the input already lives in WebAssembly memory (read in
//            place), a new output: the like-for-like setting of tfjs-wasm, whose tensor is uploaded untimed
//            and whose dataSync() returns a new array;
//   res+out  pool(r, spec, { out: o }) with o = residentArray(r, ...): input and output both in WebAssembly
//            memory, the output reused: the kernel alone at memory speed (tfjs-wasm's "kernel only" time is
//            measured the same way, and one memcpy is the yardstick for a hand-written kernel), and live
//            re-pooling of one input; the setting of the pooling targets printed at the end, whose baseline
//            copy also writes into warm, reused memory.
// Baselines: a Float32Array.prototype.set copy of the input into a warm array, a copy into a new array
// (slice), a plain read pass, and @tensorflow/tfjs on its cpu backend (1 run) and wasm backend (kernel plus
// dataSync()). Ratios > 1 mean we are faster.
// Env: POOL_BENCH_REPS (default 9), POOL_BENCH_TFJS_CPU=0 to skip the slow tfjs cpu backend.
// The 1-minute load average is printed before and after: on a shared 2-core machine, figures move with it.
// [1,2048,2048,1] is a plain matrix (one channel, the shape a selected 2-D array is read as).
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { type PoolSpec, type Tensor, planPool, pool, residentArray, residentTensor } from '../src/core';
import { wasmAvailable } from '../src/core/wasmKernels';
import { median, medianTime } from './timing';

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

/** One warm-up call, then the median of `reps` timed calls. */
function time(reps: number, fn: () => void): number {
  fn();
  return medianTime(reps, fn);
}

/**
 * The median over `reps` rounds of time(a) / time(b), a and b run back to back in each round (after one warm-up
 * of each): a ratio from neighbouring runs, which the machine's drift over a whole benchmark does not skew.
 */
function paired(reps: number, a: () => void, b: () => void): number {
  a();
  b();
  const rs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    a();
    const t1 = performance.now();
    b();
    rs.push((t1 - t0) / (performance.now() - t1));
  }
  return median(rs);
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

interface Row {
  shape: string; name: string; ours: { new: number; out: number; res: number; resOut: number };
  copy: number; fresh: number; read: number; cpu: number | null; wasm: number | null;
}

/** One line of the targets table: the figure, the goal and whether this run met it. */
interface Check { what: string; figure: number; goal: string; met: boolean }

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

export async function run(): Promise<void> {
  const reps = Number(process.env.POOL_BENCH_REPS ?? 9);
  const withCpu = process.env.POOL_BENCH_TFJS_CPU !== '0';
  const { tf, wasmOk, why } = await loadTf();
  console.log(`our WebAssembly kernels: ${wasmAvailable() ? 'loaded' : 'unavailable (TypeScript path)'}; ` +
    `tfjs: ${tf === null ? why : `${tf.version.tfjs}, wasm backend ${wasmOk ? 'loaded' : `unavailable: ${why}`}`}`);
  console.log(`median of ${reps} runs (tfjs cpu: 1 run); load average ${loadavg()[0]!.toFixed(2)} at start\n`);
  const results: Row[] = [];
  // Paired target ratios, per "shape op" ("[1,512,512,64] max"): see paired().
  const pairs = new Map<string, { r2: number; r3: number; r73: number; rg: number }>();
  for (const shape of [[1, 512, 512, 64], [8, 224, 224, 64], [1, 2048, 2048, 1]]) {
    const x = randomInput(shape);
    // Room for the eight cases' output arrays (address space until written).
    const xr = residentTensor(x, { outputBytes: 5 * x.data.byteLength });
    if (xr === null) throw new Error('residentTensor() returned null: WebAssembly is unavailable here');
    const src = x.data as Float32Array;
    const dst = new Float32Array(src.length);
    const copy = time(reps, () => dst.set(src));
    let keep: Float32Array | undefined;
    const fresh = time(reps, () => { keep = src.slice(); });
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
    const rOuts = new Map<string, Float32Array | Float64Array>();
    for (const c of CASES) {
      const out = new Float32Array(planPool(shape, c.spec).outputLength);
      const rOut = residentArray(xr, 'float32', out.length);
      if (rOut === null) throw new Error('residentArray() returned null: the output reserve is too small');
      rOuts.set(c.name, rOut);
      const ours = {
        new: time(reps, () => { pool(x, c.spec); }),
        out: time(reps, () => { pool(x, c.spec, { out }); }),
        res: time(reps, () => { pool(xr, c.spec); }),
        resOut: time(reps, () => { pool(xr, c.spec, { out: rOut }); }),
      };
      results.push({ shape: `[${shape.join(',')}]`, name: c.name, ours, copy, fresh, read, cpu: cpuTimes.get(c.name) ?? null, wasm: wasmTimes.get(c.name) ?? null });
    }
    if (shape[3] === 64) {
      const run = (name: string) => {
        const c = CASES.find((cc) => cc.name === name)!, o = rOuts.get(name)!;
        return () => { pool(xr, c.spec, { out: o }); };
      };
      const copyRun = () => dst.set(src);
      const readRun = () => {
        let acc = 0;
        for (let i = 0; i < src.length; i++) acc += src[i]!;
        sink += acc;
      };
      for (const op of ['max', 'avg']) {
        pairs.set(`[${shape.join(',')}] ${op}`, {
          r2: paired(reps, copyRun, run(`2x2 s2 ${op}`)),
          r3: paired(reps, copyRun, run(`3x3 s1 same ${op}`)),
          r73: paired(reps, run(`7x7 s1 same ${op}`), run(`3x3 s1 same ${op}`)),
          rg: paired(reps, readRun, run(`global ${op}`)),
        });
      }
    }
    if (sink === 0.5 || keep?.length === 0) console.log('');
  }

  console.log('Times (ms):');
  const t: string[][] = [['input', 'case', 'new', 'out', 'res', 'res+out', 'copy', 'fresh copy', 'read', 'tfjs-cpu', 'tfjs-wasm']];
  for (const r of results) {
    t.push([r.shape, r.name, fmt(r.ours.new), fmt(r.ours.out), fmt(r.ours.res), fmt(r.ours.resOut), fmt(r.copy), fmt(r.fresh),
      fmt(r.read), fmt(r.cpu), fmt(r.wasm)]);
  }
  table(t);

  console.log('\nRatios (their time / ours; > 1: we are faster):');
  const q: string[][] = [['input', 'case', 'copy/res+out', 'copy/out', 'fresh/new', 'read/res+out', 'cpu/new', 'wasm/res', 'wasm/new']];
  for (const r of results) {
    q.push([r.shape, r.name, ratio(r.copy, r.ours.resOut), ratio(r.copy, r.ours.out), ratio(r.fresh, r.ours.new),
      ratio(r.read, r.ours.resOut), ratio(r.cpu, r.ours.new), ratio(r.wasm, r.ours.res), ratio(r.wasm, r.ours.new)]);
  }
  table(q);

  // The pooling targets, on [1,512,512,64] and [8,224,224,64] float32: 2x2 at least as fast as one copy of the
  // input, 3x3 at most 3x that copy, 7x7 at most 1.5x the 3x3 time, global at most 1.5x a plain read pass,
  // all measured on res+out (memory speed: nothing but the pooling itself between the input and a warm
  // output); and faster than tfjs-wasm like for like (res) on every case of those shapes.
  const checks: Check[] = [];
  for (const shape of ['[1,512,512,64]', '[8,224,224,64]']) {
    for (const op of ['max', 'avg']) {
      const p = pairs.get(`${shape} ${op}`)!;
      checks.push({ what: `${shape} 2x2 ${op}: copy / ours`, figure: p.r2, goal: '>= 1.0', met: p.r2 >= 1 });
      checks.push({ what: `${shape} 3x3 ${op}: copy / ours`, figure: p.r3, goal: '>= 0.33', met: p.r3 >= 1 / 3 });
      checks.push({ what: `${shape} 7x7 ${op}: 7x7 time / 3x3 time`, figure: p.r73, goal: '<= 1.5', met: p.r73 <= 1.5 });
      checks.push({ what: `${shape} global ${op}: read pass / ours`, figure: p.rg, goal: '>= 0.67', met: p.rg >= 2 / 3 });
    }
  }
  const wasmCases = results.filter((r) => r.wasm !== null && r.shape !== '[1,2048,2048,1]');
  const beaten = wasmCases.filter((r) => r.wasm! > r.ours.res).length;
  console.log('\nPooling targets, ours = res+out, each ratio the median of back-to-back pairs (ours and its baseline):');
  const c: string[][] = [['target', '', 'figure', 'goal', 'met']];
  for (const ch of checks) c.push([ch.what, '', ch.figure.toFixed(2), ch.goal, ch.met ? 'yes' : 'NO']);
  if (wasmCases.length > 0) {
    c.push([`tfjs-wasm time / ours (res) > 1 on every case of the two shapes`, '', `${beaten}/${wasmCases.length}`, 'all', beaten === wasmCases.length ? 'yes' : 'NO']);
  }
  table(c);
  const met = checks.filter((ch) => ch.met).length + (wasmCases.length > 0 && beaten === wasmCases.length ? 1 : 0);
  console.log(`\n${met} of ${checks.length + (wasmCases.length > 0 ? 1 : 0)} targets met in this run; load average ${loadavg()[0]!.toFixed(2)} at end`);
}
