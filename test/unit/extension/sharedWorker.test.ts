// SharedPoolWorker: one worker per panel, the input shared once, requests in order, cancellation that does not
// lose the input.
import assert from 'node:assert/strict';
import { PoolSpecError, type Tensor, pool } from '../../../src/core';
import { SharedPoolWorker } from '../../../src/extension/sharedWorker';
import { lodPlane } from '../../../src/view/lod';
import { nodeThreads } from '../../../src/extension/platform/nodeThreads';
import { bundleWorker } from './workerBundle';

describe('SharedPoolWorker', function () {
  this.timeout(60_000);
  let threads = nodeThreads('');
  let remove = (): void => undefined;
  before(async () => {
    ({ threads, remove } = await bundleWorker());
  });
  after(() => remove());

  function image(n: number): Tensor {
    const data = new Float32Array(n * n);
    for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * 100;
    return { dtype: 'float32', shape: [n, n], data };
  }

  it('x=[2048,2048]: the input becomes one shared copy; max and avg on the worker equal pool()', async () => {
    const x = image(2048);
    const w = new SharedPoolWorker(x, threads);
    try {
      assert.ok(w.input.data.buffer instanceof SharedArrayBuffer);
      assert.deepEqual(w.input.data, x.data);
      for (const spec of [{ op: 'max' as const, poolSize: 3, strides: 1 }, { op: 'avg' as const, poolSize: 2 }]) {
        const r = await w.pool(spec);
        assert.equal(r.ranIn, 'worker');
        const want = pool(x, spec);
        assert.deepEqual(r.output.data, want.output.data);
        if (spec.op === 'max') assert.deepEqual(r.argmax, want.argmax);
      }
      // Without argmax when asked so.
      assert.equal((await w.pool({ op: 'max', poolSize: 4 }, { argmax: false })).argmax, undefined);
    } finally {
      w.dispose();
    }
  });

  it('without shared memory (the browser): one lane, the worker gets a copy, the panel keeps its own input', async () => {
    const x = image(1024);
    const w = new SharedPoolWorker(x, { ...threads, sharedMemory: false });
    try {
      assert.equal(w.input, x);
      assert.ok(!(w.input.data.buffer instanceof SharedArrayBuffer));
      const specs = [{ op: 'max' as const, poolSize: 3, strides: 1 }, { op: 'avg' as const, poolSize: 2 }];
      const results = await Promise.all(specs.map((spec) => w.pool(spec)));
      assert.equal(w.workers, 1);
      specs.forEach((spec, i) => assert.deepEqual(results[i]!.output.data, pool(x, spec).output.data, JSON.stringify(spec)));
      // The copy was transferred, not the panel's data: it is still whole.
      assert.equal(x.data.length, 1024 * 1024);
      const layout = { shape: [1, 1024, 1024, 1], spatialRank: 2 as const, channelsLast: true };
      const sel = { batch: 0, channel: 0, depth: 0 };
      const lod = await w.lod({ layout, sel, reduction: 'max' });
      assert.deepEqual(new Uint16Array(lod.codes), new Uint16Array(lodPlane(x, layout, sel, 'max').codes));
    } finally {
      w.dispose();
    }
  });

  it('an input already in shared memory (a file read into it, data after a 128-byte header) is used as it is, not copied', async () => {
    const x = image(1024);
    const file = new SharedArrayBuffer(128 + x.data.byteLength);
    const data = new Float32Array(file, 128, x.data.length);
    data.set(x.data as Float32Array);
    const w = new SharedPoolWorker({ dtype: 'float32', shape: [1024, 1024], data }, threads);
    try {
      assert.equal(w.input.data, data);
      // The worker reads the same memory at the same offset: what the panel writes there, it pools.
      data[0] = 1e6;
      const r = await w.pool({ op: 'max', poolSize: 2 });
      assert.equal(r.ranIn, 'worker');
      assert.equal(r.output.data[0], 1e6);
      assert.deepEqual(r.output.data, pool({ dtype: 'float32', shape: [1024, 1024], data }, { op: 'max', poolSize: 2 }).output.data);
    } finally {
      w.dispose();
    }
  });

  it('requests run in order; a cancelled one rejects with AbortError and the next still sees the input', async () => {
    const x = image(2048);
    const w = new SharedPoolWorker(x, threads);
    try {
      const ac = new AbortController();
      const slow = w.pool({ op: 'max', poolSize: 7, strides: 1, padding: 'same' }, { signal: ac.signal });
      const next = w.pool({ op: 'avg', poolSize: 4 });
      setTimeout(() => ac.abort(), 20);
      await assert.rejects(slow, { name: 'AbortError' });
      const r = await next;
      assert.deepEqual(r.output.data, pool(x, { op: 'avg', poolSize: 4 }).output.data);
    } finally {
      w.dispose();
    }
  });

  it('requests made together go to two workers (one per lane), each answer equal to pool(); one at a time keeps to one', async () => {
    const x = image(1024);
    const one = new SharedPoolWorker(x, threads, undefined, 2);
    try {
      await one.pool({ op: 'max', poolSize: 3, strides: 1 });
      await one.pool({ op: 'avg', poolSize: 2 });
      assert.equal(one.workers, 1);
    } finally {
      one.dispose();
    }
    const w = new SharedPoolWorker(x, threads, undefined, 2);
    try {
      const specs = [{ op: 'max' as const, poolSize: 3, strides: 1 }, { op: 'avg' as const, poolSize: 2 }, { op: 'max' as const, poolSize: 5 }];
      const results = await Promise.all(specs.map((spec) => w.pool(spec)));
      assert.equal(w.workers, 2);
      specs.forEach((spec, i) => assert.deepEqual(results[i]!.output.data, pool(x, spec).output.data, JSON.stringify(spec)));
      // Cancelling a request stops its own lane only: the other lane's request still answers.
      const ac = new AbortController();
      const cancelled = w.pool({ op: 'max', poolSize: 7, strides: 1, padding: 'same' }, { signal: ac.signal });
      const other = w.pool({ op: 'avg', poolSize: 4 });
      ac.abort();
      await assert.rejects(cancelled, { name: 'AbortError' });
      assert.deepEqual((await other).output.data, pool(x, { op: 'avg', poolSize: 4 }).output.data);
    } finally {
      w.dispose();
    }
  });

  it('cheap plans run inline; invalid specs are refused before the worker', async () => {
    const w = new SharedPoolWorker(image(64), threads);
    try {
      assert.equal((await w.pool({ op: 'max', poolSize: 2 })).ranIn, 'inline');
      await assert.rejects(w.pool({ op: 'max', poolSize: 0 }), PoolSpecError);
    } finally {
      w.dispose();
    }
  });

  it('after dispose, a queued request fails with a message', async () => {
    const w = new SharedPoolWorker(image(2048), threads);
    w.dispose();
    await assert.rejects(w.pool({ op: 'max', poolSize: 3, strides: 1 }), /the panel was closed/);
  });

  it('builds overviews where the data is: of the input, and of a pooled output', async () => {
    const x = image(2048);
    const w = new SharedPoolWorker(x, threads);
    try {
      const layout = { shape: [1, 2048, 2048, 1], spatialRank: 2 as const, channelsLast: true };
      const sel = { batch: 0, channel: 0, depth: 0 };
      const lod = await w.lod({ layout, sel, reduction: 'mean' });
      assert.deepEqual(new Uint16Array(lod.codes), new Uint16Array(lodPlane(x, layout, sel, 'mean').codes));
      const outLayout = { shape: [1, 1024, 1024, 1], spatialRank: 2 as const, channelsLast: true };
      const r = await w.pool({ op: 'max', poolSize: 2 }, { argmax: false, lod: { layout: outLayout, sel, reduction: 'max' } });
      assert.ok(r.lod);
      assert.deepEqual(new Uint16Array(r.lod.codes), new Uint16Array(lodPlane(r.output, outLayout, sel, 'max').codes));
    } finally {
      w.dispose();
    }
  });
});
