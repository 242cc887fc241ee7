// runPool: inline below the threshold, a worker above it; the host's event loop keeps ticking; abort cancels.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoolSpecError, type Tensor, pool } from '../../../src/core';
import { runPool, runReadNpzMember } from '../../../src/extension/poolRunner';
import { NpyFormatError, writeNpy } from '../../../src/io';
import { zipSync } from 'fflate';
import { withEventLoopGap } from '../../shared/eventLoop';
import { nodeThreads } from '../../../src/extension/platform/nodeThreads';
import { bundleWorker } from './workerBundle';

describe('runPool', function () {
  this.timeout(60000);
  let dir = '';
  let threads = nodeThreads('');
  let remove = (): void => undefined;

  before(async () => {
    ({ dir, threads, remove } = await bundleWorker());
  });
  after(() => remove());

  function big(n: number): Tensor {
    const data = new Float32Array(n);
    let s = 1;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[i] = (s >>> 8) / 65536;
    }
    return { dtype: 'float32', shape: [1, 2048, n / 2048 / 4, 4], data };
  }

  it('x=[3,3] below the threshold runs inline and equals pool()', async () => {
    const x: Tensor = { dtype: 'float32', shape: [3, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) };
    const r = await runPool(x, { op: 'max', poolSize: 2, strides: 1 }, { threads });
    assert.equal(r.ranIn, 'inline');
    assert.deepEqual(Array.from(r.output.data as Float32Array), [5, 6, 8, 9]);
  });

  it('16M elements run in a worker: this thread stays mostly idle (event-loop utilization < 0.5) and its timer keeps firing; input given back', async () => {
    const x = big(1 << 24);
    const first = x.data[12345];
    const { result: r, maxGapMs, utilization } = await withEventLoopGap(10, () => runPool(x, { op: 'avg', poolSize: 3, strides: 1, padding: 'same' }, { threads }));
    assert.equal(r.ranIn, 'worker');
    assert.deepEqual(r.output.shape, [1, 2048, 2048, 4]);
    assert.equal(r.input.data.length, 1 << 24);
    assert.equal(r.input.data[12345], first);
    // Corner cell, channel 0: the 2x2 in-bounds cells of its window, padding not counted.
    const d = r.input.data as Float32Array, row = 2048 * 4;
    assert.equal(r.output.data[0], Math.fround((d[0]! + d[4]! + d[row]! + d[row + 4]!) / 4));
    // Pooled on this thread, the run would keep the loop busy throughout (utilization near 1) and stall the timer
    // for the whole pooling. Utilization does not depend on how loaded the machine is; the gap bound is loose
    // because a machine short of cores pauses any thread now and then.
    assert.ok(utilization < 0.5, `the event loop was busy ${(utilization * 100).toFixed(0)} % of the run`);
    assert.ok(maxGapMs < 250, `event loop stalled for ${maxGapMs.toFixed(1)} ms`);
  });

  it('max in a worker gives argmax, equal to the inline result', async () => {
    const x = big(1 << 21);
    const copy: Tensor = { ...x, data: x.data.slice() as Float32Array };
    const r = await runPool(x, { op: 'max', poolSize: 2 }, { threads, threshold: 1000 });
    const want = pool(copy, { op: 'max', poolSize: 2 }, { backend: 'ts' });
    assert.equal(r.ranIn, 'worker');
    assert.deepEqual(r.output.data, want.output.data);
    assert.deepEqual(r.argmax, want.argmax);
  });

  it('abort terminates the worker and rejects with AbortError', async () => {
    const x = big(1 << 24);
    const ac = new AbortController();
    const t0 = performance.now();
    const p = runPool(x, { op: 'max', poolSize: 7, strides: 1, padding: 'same' }, { threads, signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    await assert.rejects(p, (e: Error) => e.name === 'AbortError');
    assert.ok(performance.now() - t0 < 1000, 'cancellation took too long');
  });

  it('an already-aborted signal rejects at once', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(runPool(big(1 << 12), { op: 'max', poolSize: 2 }, { threads, signal: ac.signal }), { name: 'AbortError' });
  });

  it('a PoolSpecError in the worker arrives as a PoolSpecError', async () => {
    await assert.rejects(runPool(big(1 << 16), { op: 'max', poolSize: 0 }, { threads, threshold: 10 }),
      (e: unknown) => e instanceof PoolSpecError && /poolSize = 0/.test(e.message));
  });

  it('a worker crash becomes a rejected promise with a clear message', async () => {
    const crash = join(dir, 'crash.js');
    writeFileSync(crash, "throw new Error('boom');\n");
    await assert.rejects(runPool(big(1 << 16), { op: 'max', poolSize: 2 }, { threads: nodeThreads(crash), threshold: 10 }),
      /pooling worker crashed: boom/);
  });

  describe('routing follows the plan\'s cost, not the input\'s size', () => {
    it('a 64x64 input with an adaptive 30000x30000 output is refused before anything runs', async () => {
      const x: Tensor = { dtype: 'float32', shape: [64, 64], data: new Float32Array(64 * 64) };
      const t0 = performance.now();
      await assert.rejects(runPool(x, { op: 'adaptiveAvg', outputSize: [30000, 30000] }, { threads }),
        (e: unknown) => e instanceof PoolSpecError && /2\^28/.test(e.message));
      assert.ok(performance.now() - t0 < 200, 'refused at once');
    });

    it('pool 128, stride 1 on 2^19 samples (small input, much work) runs on a worker, equal to pool()', async () => {
      const n = 1 << 19;
      const data = new Float32Array(n).map((_, i) => Math.sin(i * 0.37) * 100);
      const x: Tensor = { dtype: 'float32', shape: [n], data };
      const spec = { op: 'avg' as const, poolSize: 128, strides: 1 };
      const want = pool({ ...x, data: data.slice() }, spec);
      const r = await runPool(x, spec, { threads });
      assert.equal(r.ranIn, 'worker');
      assert.deepEqual(r.output.data, want.output.data);
    });

    it('x=[8,8] 2x2 stays inline (cheap plans never pay for a thread)', async () => {
      const x: Tensor = { dtype: 'float32', shape: [8, 8], data: new Float32Array(64) };
      assert.equal((await runPool(x, { op: 'max', poolSize: 2 }, { threads })).ranIn, 'inline');
    });

    it('a worker that runs past timeoutMs is stopped and the promise rejects saying so', async () => {
      const t0 = performance.now();
      await assert.rejects(
        runPool(big(1 << 24), { op: 'max', poolSize: 7, strides: 1, padding: 'same' }, { threads, timeoutMs: 50 }),
        /took longer than 0 s and was stopped/,
      );
      assert.ok(performance.now() - t0 < 2000);
    });
  });

  describe('reading .npz members on a worker', () => {
    it('a Buffer archive (as workspace.fs gives) stays intact: the worker gets a copy, not the pooled memory', async () => {
      const npy = writeNpy({ dtype: 'float32', shape: [256, 256], data: new Float32Array(65536).map((_, i) => i) });
      const archive = Buffer.from(zipSync({ 'big.npy': npy }, { level: 6 }));
      const before = archive.length;
      const r = await runReadNpzMember(archive, 'big.npy', { threads });
      assert.equal(archive.length, before, 'the caller still has its bytes');
      assert.deepEqual(r.tensor.shape, [256, 256]);
      assert.equal(r.tensor.data[65535], 65535);
    });
    it('a corrupt member arrives as an NpyFormatError naming it', async () => {
      const archive = zipSync({ 'x.npy': new Uint8Array(200) }, { level: 0 });
      await assert.rejects(runReadNpzMember(archive, 'x.npy', { threads }), (e: unknown) => e instanceof NpyFormatError && /member 'x\.npy'/.test(e.message));
    });
    it('a Buffer-backed uint8 input pooled on a worker without transfer keeps the caller\'s bytes', async () => {
      const bytes = Buffer.alloc(1 << 21, 7);
      const x: Tensor = { dtype: 'uint8', shape: [1 << 21], data: bytes.subarray(0, 1 << 21) };
      const r = await runPool(x, { op: 'max', poolSize: 2 }, { threads, threshold: 10, transfer: false });
      assert.equal(r.ranIn, 'worker');
      assert.equal(bytes.length, 1 << 21);
      assert.equal(x.data.length, 1 << 21);
    });
  });
});
