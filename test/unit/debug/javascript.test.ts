// The JavaScript expressions evaluated for real, in a V8 context of their own (as js-debug evaluates them in the
// debuggee), read back through the same checks and the .npy reader the extension uses.
import assert from 'node:assert/strict';
import { createContext, runInContext, type Context } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { chunkRanges, jsChunk, jsProbe, npyHeader, parseChunk, parseProbe } from '../../../src/debug';
import { readNpy } from '../../../src/io';
import type { Tensor } from '../../../src/core/tensor';

/** A debuggee's globals. Buffer is Node's; `withoutBuffer` makes it a browser-like page (btoa path). */
function debuggee(values: Record<string, unknown>, withoutBuffer = false): Context {
  return createContext({ ...values, ...(withoutBuffer ? {} : { Buffer }), btoa });
}

/** What js-debug returns for a string in the repl: the string quoted. */
function evaluate(ctx: Context, expression: string): string {
  const v: unknown = runInContext(expression, ctx);
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Probe, fetch in chunks of `maxBytes`, assemble and read, checking the debuggee's globals never change. */
function fetchValue(ctx: Context, expression: string, maxBytes = 16): Tensor {
  const before = Object.getOwnPropertyNames(runInContext('globalThis', ctx) as object).sort();
  const probe = parseProbe('javascript', expression, evaluate(ctx, jsProbe(expression)));
  const header = npyHeader(probe.dtype.descr, probe.shape);
  const file = new Uint8Array(header.length + probe.byteCount);
  file.set(header);
  for (const r of chunkRanges(probe.elementCount, probe.dtype.itemSize, maxBytes)) {
    const bytes = parseChunk(evaluate(ctx, jsChunk(expression, probe, r.start, r.end)), (r.end - r.start) * probe.dtype.itemSize, 'chunk');
    file.set(bytes, header.length + r.start * probe.dtype.itemSize);
  }
  assert.deepEqual(Object.getOwnPropertyNames(runInContext('globalThis', ctx) as object).sort(), before, 'the debuggee gained or lost globals');
  return readNpy(file);
}

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);

describe('debug: JavaScript expressions in a real V8 context', () => {
  it('a Float32Array of 10 values crosses in 3 chunks, exactly', () => {
    const fm = Float32Array.from({ length: 10 }, (_, i) => i * 0.1 - 0.3);
    const t = fetchValue(debuggee({ fm }), 'fm');
    assert.deepEqual([t.dtype, t.shape, values(t)], ['float32', [10], Array.from(fm)]);
  });

  it('a subarray view (byteOffset 8) sends only its own elements', () => {
    const base = Int16Array.from([9, 9, 9, 9, 1, -2, 3]);
    const t = fetchValue(debuggee({ view: base.subarray(4) }), 'view');
    assert.deepEqual([t.dtype, values(t)], ['int16', [1, -2, 3]]);
  });

  it('every typed array class maps to its dtype', () => {
    const cases: [unknown, string][] = [
      [Int8Array.of(-1, 2), 'int8'], [Uint8Array.of(1, 255), 'uint8'], [Uint8ClampedArray.of(0, 7), 'uint8'], [Uint16Array.of(65535), 'uint16'],
      [Int32Array.of(-5), 'int32'], [Uint32Array.of(4e9), 'uint32'], [Float64Array.of(Math.PI), 'float64'], [BigInt64Array.of(-3n), 'int64'],
      [BigUint64Array.of(2n ** 63n), 'uint64'],
    ];
    for (const [a, dtype] of cases) {
      const t = fetchValue(debuggee({ a }), 'a', 8);
      assert.equal(t.dtype, dtype);
      assert.deepEqual(Array.from(t.data as ArrayLike<number | bigint>), Array.from(a as ArrayLike<number | bigint>), dtype);
    }
  });

  it('a { data, shape } object (a typed array holding a row-major feature map) crosses with its shape', () => {
    const fm = { data: Float32Array.from({ length: 12 }, (_, i) => i - 4), shape: [1, 3, 4, 1] };
    const t = fetchValue(debuggee({ fm }), 'fm');
    assert.deepEqual([t.dtype, t.shape, values(t)], ['float32', [1, 3, 4, 1], Array.from(fm.data)]);
    const wrong = debuggee({ fm: { data: Float32Array.of(1, 2, 3), shape: [2, 2] } });
    assert.throws(() => parseProbe('javascript', 'fm', evaluate(wrong, jsProbe('fm'))), /is a Object, which Pooling Lens cannot show/);
  });

  it('nested number arrays are float64 with their shape; booleans are bool', () => {
    const ctx = debuggee({ m: [[1, 2, 3], [4, 5.5, -6]], b: [[true, false], [false, true]] });
    const m = fetchValue(ctx, 'm');
    assert.deepEqual([m.dtype, m.shape, values(m)], ['float64', [2, 3], [1, 2, 3, 4, 5.5, -6]]);
    const b = fetchValue(ctx, 'b');
    assert.deepEqual([b.dtype, b.shape, values(b)], ['bool', [2, 2], [1, 0, 0, 1]]);
  });

  it('an expression with a trailing // comment, and a computed one, evaluate on their own lines', () => {
    const t = fetchValue(debuggee({ m: [[1, 2], [3, 4]] }), 'm.map((r) => r.map((x) => x * 10)) // tens');
    assert.deepEqual(values(t), [10, 20, 30, 40]);
  });

  it('without Buffer (a browser page) the chunks are encoded with btoa', () => {
    const t = fetchValue(debuggee({ fm: Float32Array.of(1, 2, 3, 4, 5) }, true), 'fm', 1 << 20);
    assert.deepEqual(values(t), [1, 2, 3, 4, 5]);
  });

  it('a tfjs tensor is read through dataSync(), and is not disposed or changed', () => {
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    const t = fetchValue(debuggee({ x }), 'x');
    assert.deepEqual([t.dtype, t.shape, values(t)], ['float32', [1, 4, 4, 1], Array.from({ length: 16 }, (_, i) => i)]);
    assert.equal(x.isDisposed, false);
    assert.deepEqual(Array.from(x.dataSync()), values(t));
    x.dispose();
  });

  const refused: [string, unknown, RegExp][] = [
    ['a ragged array', [[1, 2], [3]], /rows do not all have the same length/],
    ['leaves at different depths', [[1, 2], [3, [4]]], /rows do not all have the same length/],
    ['an array of strings', [['a', 'b']], /it holds string values, not numbers or booleans/],
    // eslint-disable-next-line no-sparse-arrays -- a sparse array is what is tested
    ['a hole', [1, , 3], /cannot be read as an array/],
    ['a Map', new Map(), /is a Map, which Pooling Lens cannot show/],
    ['a string', 'hello', /is a string, which Pooling Lens cannot show/],
    ['null', null, /is a null, which Pooling Lens cannot show/],
  ];
  for (const [what, value, message] of refused) {
    it(`refuses ${what}`, () => {
      const ctx = debuggee({ v: value });
      assert.throws(() => parseProbe('javascript', 'v', evaluate(ctx, jsProbe('v'))), message);
    });
  }
});
