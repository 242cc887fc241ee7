// Seeded fuzzing, bounded by count and time: mutated .npy/.npz files and mutated literals may only give
// a correct-looking tensor or the typed error. Any other exception, a hang or an allocation beyond the
// stated limits fails the test. Rerun a failure with the seed printed in its message.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ArrayParseError, NpyFormatError, findArrayLiteralAt, parseArrayLiteral, readNpy, readNpz,
} from '../../../src/io';
import { sizeOf, type Tensor } from '../../../src/core/tensor';

const GEN = join(__dirname, '../../fixtures/npy/gen');
const BUDGET_MS = 4000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutateBytes(src: Uint8Array, r: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(r() * n);
  let b = src.slice();
  const ops = 1 + int(3);
  for (let k = 0; k < ops; k++) {
    switch (int(6)) {
      case 0: b[int(b.length)] = int(256); break; // flip a byte anywhere
      case 1: b[int(Math.min(b.length, 140))] = int(256); break; // flip a header byte
      case 2: b = b.slice(0, int(b.length + 1)); break; // truncate
      case 3: { // insert bytes
        const at = int(b.length + 1);
        const ins = new Uint8Array(1 + int(8)).map(() => int(256));
        const nb = new Uint8Array(b.length + ins.length);
        nb.set(b.subarray(0, at));
        nb.set(ins, at);
        nb.set(b.subarray(at), at + ins.length);
        b = nb;
        break;
      }
      case 4: { // write a digit or a header character into the header
        const chars = "0123456789(),'<>|=fiubcUOV{}: TrueFalse";
        b[10 + int(Math.min(Math.max(b.length - 10, 1), 118))] = chars.charCodeAt(int(chars.length));
        break;
      }
      default: { // delete a range
        const at = int(b.length);
        const tail = b.subarray(Math.min(b.length, at + 1 + int(16)));
        const nb = new Uint8Array(at + tail.length);
        nb.set(b.subarray(0, at));
        nb.set(tail, at);
        b = nb;
      }
    }
  }
  return b;
}

function checkTensor(t: Tensor, inputBytes: number, what: string): void {
  assert.equal(t.data.length, sizeOf(t.shape), `${what}: data length matches shape`);
  // float16 decodes to float32 (2x); nothing else may grow beyond the input.
  assert.ok(t.data.byteLength <= 2 * inputBytes + 64, `${what}: ${t.data.byteLength} bytes from ${inputBytes}`);
}

describe('fuzz (seeded, bounded)', function () {
  this.timeout(30000);

  it('mutated .npy files give a tensor or NpyFormatError, nothing else', () => {
    const seeds = readdirSync(GEN).filter((n) => n.endsWith('.npy')).map((n) => new Uint8Array(readFileSync(join(GEN, n))));
    const r = rng(1);
    const t0 = Date.now();
    let runs = 0;
    let errors = 0;
    for (let i = 0; i < 6000 && Date.now() - t0 < BUDGET_MS; i++, runs++) {
      const bytes = mutateBytes(seeds[i % seeds.length] as Uint8Array, r);
      try {
        checkTensor(readNpy(bytes), bytes.length, `npy case ${i}`);
      } catch (e) {
        if (!(e instanceof NpyFormatError)) assert.fail(`npy case ${i}: ${String(e)}`);
        errors++;
      }
    }
    assert.ok(runs >= 1000, `only ${runs} cases ran`);
    assert.ok(errors > runs / 4, `${errors} errors of ${runs}: the mutations are too gentle`);
  });

  it('mutated .npz files give tensors or NpyFormatError, within the inflate limit', () => {
    const seeds = readdirSync(GEN).filter((n) => n.endsWith('.npz')).map((n) => new Uint8Array(readFileSync(join(GEN, n))));
    const r = rng(2);
    const t0 = Date.now();
    let runs = 0;
    const limit = 1 << 22;
    for (let i = 0; i < 3000 && Date.now() - t0 < BUDGET_MS; i++, runs++) {
      const bytes = mutateBytes(seeds[i % seeds.length] as Uint8Array, r);
      try {
        let total = 0;
        for (const [k, t] of readNpz(bytes, { maxInflatedBytes: limit })) {
          assert.equal(t.data.length, sizeOf(t.shape), `npz case ${i} ${k}`);
          total += t.data.byteLength;
        }
        assert.ok(total <= 2 * limit, `npz case ${i}: ${total} bytes`);
      } catch (e) {
        if (!(e instanceof NpyFormatError)) assert.fail(`npz case ${i}: ${String(e)}`);
      }
    }
    assert.ok(runs >= 500, `only ${runs} cases ran`);
  });

  it('random and mutated literals give a tensor or ArrayParseError; the locator never throws', () => {
    const corpus = [
      '[[1, 2], [3, 4]]', 'np.array([[1.5, -2], [3e-3, 1_000]], dtype=np.float32).reshape(1, 2, 2, 1)',
      "torch.tensor([[1., 2.]], dtype=torch.float64).T", 'tf.constant([1, 2, 3], shape=(3,))', 'np.arange(12).reshape((3, -1))',
      'new Float32Array([1, 2, 3])', 'Int8Array.of(1, -2)', "[np.nan, -np.inf, float('nan'), True]",
      'np.linspace(0, 1, 5).astype("float16")', 'np.eye(3, k=1)', '[(1, 2), (3, 4),]', '[\n  [1, 2],  # c\n  [3, 4],\n]',
      'const a = [[1, 2], // c\n [3, 4]];', '{"w": [0x1F, 0b11]}', 'np.full((2, 2), 7, dtype=np.uint8)',
    ];
    const tokens = ['[', ']', '(', ')', ',', '1', '-', '.', 'e', 'np.', 'nan', '.reshape(', 'dtype=', '"', "'", '#', '\n', '1e999',
      '0x', '_', 'True', '-1', '9999999999999999999999', 'np.zeros((', '100000', '/*', '//', '\\\n', 'j', ' ', ':', '{', '.T', 'new '];
    const r = rng(3);
    const int = (n: number): number => Math.floor(r() * n);
    const maxElements = 100000;
    const t0 = Date.now();
    let runs = 0;
    for (let i = 0; i < 20000 && Date.now() - t0 < BUDGET_MS; i++, runs++) {
      let text = corpus[i % corpus.length] as string;
      const ops = 1 + int(4);
      for (let k = 0; k < ops; k++) {
        const at = int(text.length + 1);
        const op = int(3);
        if (op === 0) text = text.slice(0, at) + (tokens[int(tokens.length)] as string) + text.slice(at);
        else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + int(4));
        else text = text.slice(0, at) + text.slice(int(text.length), int(text.length)) + text.slice(at);
      }
      try {
        const t = parseArrayLiteral(text, { maxElements });
        assert.equal(t.data.length, sizeOf(t.shape), `literal case ${i}: ${JSON.stringify(text)}`);
        assert.ok(t.data.length <= maxElements);
      } catch (e) {
        if (!(e instanceof ArrayParseError)) assert.fail(`literal case ${i}: ${JSON.stringify(text)}: ${String(e)}`);
        assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, `literal case ${i}: span inside the text`);
      }
      const loc = findArrayLiteralAt(text, int(text.length + 1));
      if (loc !== undefined) assert.ok(loc.start >= 0 && loc.start <= loc.end && loc.end <= text.length, `locate case ${i}`);
    }
    assert.ok(runs >= 2000, `only ${runs} cases ran`);
  });
});
