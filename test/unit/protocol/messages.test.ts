import { strict as assert } from 'node:assert';
import { parseSavedState, parseWebviewMessage, type PoolRequest } from '../../../src/protocol/messages';
import { fromWire, toWire } from '../../../src/protocol/wire';

const request: PoolRequest = {
  id: 'max', op: 'max', framework: 'keras', poolSize: [2, 2], strides: [2, 2], padding: 'valid', dilation: [1, 1],
  ceilMode: false, countIncludePad: true, divisorOverride: 0, outputSize: [1, 1], p: 2, dataFormat: 'channelsLast',
  keepdims: false, nan: 'propagate',
};

describe('protocol: validating what the webview sends', () => {
  it('accepts each well-formed message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'repool', requestId: 3, requests: [request] }), { type: 'repool', requestId: 3, requests: [request] });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', target: 'max', format: 'json' }), { type: 'copy', target: 'max', format: 'json' });
    assert.deepEqual(parseWebviewMessage({ type: 'save', target: 'input' }), { type: 'save', target: 'input' });
    assert.deepEqual(parseWebviewMessage({ type: 'pickMember', key: 'images' }), { type: 'pickMember', key: 'images' });
  });
  it('rejects non-objects and unknown types', () => {
    for (const m of [null, undefined, 5, 'ready', [], { type: 'eval' }, { kind: 'ready' }]) assert.equal(parseWebviewMessage(m), undefined);
  });
  it('rejects a repool with a bad request id, a non-array, an unknown op or absurd sizes', () => {
    assert.equal(parseWebviewMessage({ type: 'repool', requestId: 'x', requests: [request] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'repool', requestId: 1, requests: 5 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'repool', requestId: 1, requests: [{ ...request, op: 'eval' }] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'repool', requestId: 1, requests: [{ ...request, poolSize: [1e9, 2] }] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'repool', requestId: 1, requests: [{ ...request, poolSize: [2, 2, 2, 2] }] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'repool', requestId: 1, requests: Array.from({ length: 9 }, () => request) }), undefined);
  });
  it('rejects a copy in an unknown format and oversized text', () => {
    assert.equal(parseWebviewMessage({ type: 'copy', target: 'max', format: 'pickle' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'copyText', text: 'x'.repeat(20_000) }), undefined);
  });
});

describe('protocol: tensors on the wire', () => {
  it('sends exactly the tensor bytes of a view into a larger buffer', () => {
    const file = new Float32Array(10).map((_, i) => i);
    const view = file.subarray(2, 6);
    const wire = toWire({ dtype: 'float32', shape: [2, 2], data: view });
    assert.equal(wire.buffer.byteLength, 16);
    assert.deepEqual([...fromWire(wire).data], [2, 3, 4, 5]);
  });
  it('keeps int64 values beyond 2^53 exact', () => {
    const data = new BigInt64Array([2n ** 62n + 1n, -5n]);
    const back = fromWire(toWire({ dtype: 'int64', shape: [2], data }));
    assert.deepEqual([...back.data], [2n ** 62n + 1n, -5n]);
  });
});

describe('a saved state coming back after a reload is validated, never trusted', () => {
  it('keeps a file origin with a member, a literal origin, and valid requests', () => {
    assert.deepEqual(parseSavedState({ origin: { kind: 'file', uri: 'file:///w/a.npz', member: 'x', extra: 1 }, requests: [request] }),
      { origin: { kind: 'file', uri: 'file:///w/a.npz', member: 'x' }, requests: [request] });
    assert.deepEqual(parseSavedState({ origin: { kind: 'literal', uri: 'untitled:Untitled-1', text: '[1, 2]', offset: 4 } }),
      { origin: { kind: 'literal', uri: 'untitled:Untitled-1', text: '[1, 2]', offset: 4 } });
  });
  it('drops origins of unknown kinds, without a scheme, with bad offsets or member names, and bad requests', () => {
    const bad: unknown[] = [
      null, 'x', [], { origin: { kind: 'command', uri: 'command:workbench.action.quit' } },
      { origin: { kind: 'file', uri: '/no/scheme.npy' } }, { origin: { kind: 'file', uri: 42 } },
      { origin: { kind: 'file', uri: 'file:///a.npz', member: 7 } }, { origin: { kind: 'file', uri: 'file:///a.npz', member: 'm'.repeat(5000) } },
      { origin: { kind: 'literal', uri: 'file:///a.py', text: '[1]', offset: -1 } },
      { origin: { kind: 'literal', uri: 'file:///a.py', text: '[1]', offset: 1.5 } },
      { origin: { kind: 'literal', uri: 'file:///a.py', offset: 0 } },
    ];
    for (const v of bad) assert.equal(parseSavedState(v).origin, undefined, JSON.stringify(v));
    assert.equal(parseSavedState({ requests: [{ ...request, poolSize: [1e9] }] }).requests, undefined);
    assert.equal(parseSavedState({ requests: 'x' }).requests, undefined);
  });
  it('a memberPage request needs a non-negative integer', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'memberPage', from: 200 }), { type: 'memberPage', from: 200 });
    for (const from of [-1, 1.5, NaN, '3', 2 ** 60]) assert.equal(parseWebviewMessage({ type: 'memberPage', from }), undefined);
  });
});

describe('wire: tensors in shared memory', () => {
  it('a tensor on a SharedArrayBuffer crosses as an exact ArrayBuffer copy', () => {
    const sab = new SharedArrayBuffer(16);
    const data = new Float32Array(sab);
    data.set([1, 2, 3, 4]);
    const w = toWire({ dtype: 'float32', shape: [4], data });
    assert.ok(w.buffer instanceof ArrayBuffer && !(w.buffer instanceof SharedArrayBuffer));
    assert.equal(w.buffer.byteLength, 16);
    assert.deepEqual([...fromWire(w).data], [1, 2, 3, 4]);
  });
});

describe('tile, explain and select requests from the webview are validated', () => {
  const sel = { batch: 0, channel: 1, depth: 0 };
  it('accepts well-formed requests', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'tile', requestId: 3, view: 'input', sel, r0: 128, c0: 0, rows: 128, cols: 128 }),
      { type: 'tile', requestId: 3, view: 'input', sel, r0: 128, c0: 0, rows: 128, cols: 128 });
    assert.deepEqual(parseWebviewMessage({ type: 'explain', requestId: 4, view: 'max', outIndex: 17 }), { type: 'explain', requestId: 4, view: 'max', outIndex: 17 });
    assert.deepEqual(parseWebviewMessage({ type: 'select', sel }), { type: 'select', sel });
  });
  it('refuses oversized tiles, negative or fractional positions, bad selections and long view ids', () => {
    const tile = { type: 'tile', requestId: 1, view: 'input', sel, r0: 0, c0: 0, rows: 128, cols: 128 };
    const bad: unknown[] = [
      { ...tile, rows: 1024, cols: 1024 }, { ...tile, r0: -1 }, { ...tile, c0: 1.5 }, { ...tile, rows: NaN },
      { ...tile, sel: { batch: -1, channel: 0, depth: 0 } }, { ...tile, sel: null }, { ...tile, view: 'v'.repeat(101) },
      { type: 'explain', requestId: 1, view: 'max', outIndex: -1 }, { type: 'explain', requestId: 1, view: 'max', outIndex: 2 ** 60 },
      { type: 'select', sel: { batch: 0, channel: 0 } }, { type: 'select', sel: { batch: 0, channel: 0, depth: Infinity } },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });
});
