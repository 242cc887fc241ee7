import assert from 'node:assert/strict';
import {
  chunkRanges, decodeBase64, DebugValueError, expressionRefusal, npyHeader, parseChunk, parseProbe, sliceSuggestion, unquote,
  wireFromName, wireFromNumpyStr,
} from '../../../src/debug';
import { readNpy } from '../../../src/io';
import { crc32 } from '../../../src/io/npz';

/** A chunk report as the debuggee writes it. */
function report(bytes: Uint8Array, crc = crc32(bytes)): string {
  return `'PL1:${crc.toString(16).padStart(8, '0')}:${bytes.length}:${Buffer.from(bytes).toString('base64')}'`;
}

describe('debug: reading evaluate results', () => {
  it('unquotes Python reprs and JavaScript strings, escapes included', () => {
    assert.equal(unquote("'PL1;x'"), 'PL1;x');
    assert.equal(unquote('"it\'s"'), "it's");
    assert.equal(unquote("'a\\'b\\\\c\\x41\\u00e9\\n'"), "a'b\\cAé\n");
    assert.equal(unquote('`tpl`'), 'tpl');
  });

  it('leaves text that is not a quoted string as it is (adapter error text)', () => {
    assert.equal(unquote("NameError: name 'y' is not defined"), "NameError: name 'y' is not defined");
    assert.equal(unquote("'"), "'");
  });
});

describe('debug: probe reports', () => {
  it('ndarray <f4 (2, 3): float32, 24 bytes', () => {
    const p = parseProbe('python', 'x', "'PL1;ndarray;<f4;2,3;numpy.ndarray'");
    assert.deepEqual([p.kind, p.dtype.descr, p.dtype.name, p.shape, p.elementCount, p.byteCount, p.castFloat32], ['ndarray', '<f4', 'float32', [2, 3], 6, 24, false]);
  });

  it('big-endian >i2 crosses as <i2; a 0-d value has shape () and one element', () => {
    const p = parseProbe('python', 'x', "'PL1;ndarray;>i2;;numpy.int16'");
    assert.deepEqual([p.dtype.descr, p.shape, p.elementCount, p.sourceDType], ['<i2', [], 1, '>i2']);
  });

  it('torch.bfloat16 on cuda:0 is read as float32, converted in the debuggee', () => {
    const p = parseProbe('python', 't', "'PL1;torch;torch.bfloat16;1,4,4,1;cuda:0'");
    assert.deepEqual([p.kind, p.dtype.descr, p.castFloat32, p.detail], ['torch', '<f4', true, 'cuda:0']);
  });

  it('every numpy code the reader accepts maps to a little-endian descr with its item size', () => {
    const cases: [string, string, number][] = [
      ['|b1', '|b1', 1], ['|i1', '|i1', 1], ['|u1', '|u1', 1], ['>i2', '<i2', 2], ['<u2', '<u2', 2], ['<i4', '<i4', 4], ['<u4', '<u4', 4],
      ['<i8', '<i8', 8], ['>u8', '<u8', 8], ['<f2', '<f2', 2], ['>f4', '<f4', 4], ['<f8', '<f8', 8], ['<c8', '<c8', 8], ['>c16', '<c16', 16],
    ];
    for (const [str, descr, size] of cases) assert.deepEqual(wireFromNumpyStr(str), { ...wireFromNumpyStr(descr), descr, itemSize: size }, str);
  });

  it('framework names: torch.int64, float16, uint8, bool, complex64', () => {
    const names = ['torch.int64', 'float16', 'uint8', 'bool', 'complex64'].map((n) => {
      const w = wireFromName(n);
      return 'refused' in w ? w.refused : w.descr;
    });
    assert.deepEqual(names, ['<i8', '<f2', '|u1', '|b1', '<c8']);
  });

  const refusals: [string, string, RegExp][] = [
    ['an adapter error', "NameError: name 'y' is not defined", /'x' could not be evaluated here: NameError: name 'y' is not defined/],
    ['an unsupported type', "'PL1;unsupported;;;builtins.str'", /'x' is a builtins\.str, which Pooling Lens cannot show\. It shows numpy arrays/],
    ['a ragged list', "'PL1;badlist;;2,1;ragged'", /nested list that cannot be read as an array: its rows do not all have the same length/],
    ['a list of strings', "'PL1;badlist;;2;builtins.str'", /it holds builtins\.str values, not numbers/],
    ['datetime64', "'PL1;ndarray;<M8[ns];3;numpy.ndarray'", /dtype '<M8\[ns\]' cannot be shown: it holds datetimes/],
    ['object arrays', "'PL1;ndarray;|O;3;numpy.ndarray'", /it holds Python objects/],
    ['strings', "'PL1;ndarray;<U5;3;numpy.ndarray'", /it holds strings/],
    ['float128', "'PL1;ndarray;<f16;3;numpy.ndarray'", /this float width is not supported/],
    ['a torch quantised dtype', "'PL1;torch;torch.qint8;3;cpu'", /dtype 'torch\.qint8' cannot be shown/],
    ['a bad shape', "'PL1;ndarray;<f4;2,x;numpy.ndarray'", /report could not be read/],
    ['an unknown kind', "'PL1;mystery;<f4;2;?'", /report could not be read/],
  ];
  for (const [what, result, message] of refusals) {
    it(`refuses ${what} with a DebugValueError naming it`, () => {
      assert.throws(() => parseProbe('python', 'x', result), (err: unknown) => err instanceof DebugValueError && message.test(err.message));
    });
  }

  it('says what JavaScript supports for an unsupported JS value', () => {
    assert.throws(() => parseProbe('javascript', 'o', "'PL1;unsupported;;;Map'"), /'o' is a Map.*typed arrays \(Float32Array/);
  });
});

describe('debug: chunks', () => {
  it('ranges: 10 float32 elements in chunks of 16 bytes are [0,4) [4,8) [8,10)', () => {
    assert.deepEqual(chunkRanges(10, 4, 16), [{ start: 0, end: 4 }, { start: 4, end: 8 }, { start: 8, end: 10 }]);
  });

  it('ranges: at least one element per chunk, none for an empty value', () => {
    assert.deepEqual(chunkRanges(2, 16, 8), [{ start: 0, end: 1 }, { start: 1, end: 2 }]);
    assert.deepEqual(chunkRanges(0, 4, 16), []);
  });

  it('base64 decodes as Buffer does for every length 0..20, and refuses damaged text', () => {
    for (let n = 0; n <= 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
      assert.deepEqual(decodeBase64(Buffer.from(bytes).toString('base64')), bytes, `length ${n}`);
    }
    assert.equal(decodeBase64('AB$D'), undefined);
    assert.equal(decodeBase64('ABC'), undefined);
    assert.equal(decodeBase64('A=BC'), undefined);
  });

  it('accepts a chunk whose length and CRC-32 match', () => {
    const bytes = Uint8Array.from([1, 2, 3, 250, 0, 7]);
    assert.deepEqual(parseChunk(report(bytes), 6, 'chunk 1'), bytes);
  });

  it('refuses a checksum mismatch, saying both checksums', () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    assert.throws(() => parseChunk(report(bytes, crc32(bytes) ^ 1), 3, 'chunk 2 of 5'), /chunk 2 of 5: checksum mismatch \(CRC-32 [0-9a-f]{8} in the debuggee, [0-9a-f]{8} here\)/);
  });

  it('refuses a chunk of the wrong length', () => {
    assert.throws(() => parseChunk(report(Uint8Array.from([1, 2, 3])), 4, 'c'), /expected 4 bytes, the debuggee sent 3 and 3 arrived/);
  });

  it('refuses a string the adapter shortened', () => {
    assert.throws(() => parseChunk("'PL1:00000000:3000:AAAA...'", 3000, 'c'), /not a chunk \(the debugger shortened the string\)/);
  });
});

describe('debug: assembling the .npy', () => {
  it('a header for (2, 3) <f4 plus the chunks reads back as the values', () => {
    const values = Float32Array.from([1, -2, 3.5, NaN, 0, 6]);
    const header = npyHeader('<f4', [2, 3]);
    assert.equal(header.length % 64, 0);
    const file = new Uint8Array(header.length + 24);
    file.set(header);
    file.set(new Uint8Array(values.buffer), header.length);
    const t = readNpy(file);
    assert.deepEqual([t.dtype, t.shape, Array.from(t.data as Float32Array)], ['float32', [2, 3], Array.from(values)]);
  });

  it('shapes () and (5,) and |b1', () => {
    assert.deepEqual(readNpy(Uint8Array.from([...npyHeader('<f8', []), ...new Uint8Array(Float64Array.of(2.5).buffer)])).shape, []);
    const t = readNpy(Uint8Array.from([...npyHeader('|b1', [5]), 1, 0, 1, 1, 0]));
    assert.deepEqual([t.dtype, t.shape, Array.from(t.data as Uint8Array)], ['bool', [5], [1, 0, 1, 1, 0]]);
  });
});

describe('debug: size limit and expressions', () => {
  const big = parseProbe('python', 'fm', "'PL1;ndarray;<f4;8,64,512,512;numpy.ndarray'");

  it('a (8, 64, 512, 512) float32 over 64 MiB suggests fm[0]; over 1 MiB fm[0, 0]', () => {
    assert.equal(sliceSuggestion('python', 'fm', big, 64 << 20), 'fm[0]');
    assert.equal(sliceSuggestion('python', 'fm', big, 1 << 20), 'fm[0, 0]');
    assert.equal(sliceSuggestion('python', 'a + b', big, 1 << 20), '(a + b)[0, 0]');
  });

  it('JavaScript: a typed array gets subarray, nested arrays slice rows', () => {
    const typed = parseProbe('javascript', 'fm', "'PL1;typed;float32;1000000;Float32Array'");
    assert.equal(sliceSuggestion('javascript', 'fm', typed, 4000), '(fm).subarray(0, 1000)');
    const rows = parseProbe('javascript', 'm', "'PL1;array;float64;100,10;Array'");
    assert.equal(sliceSuggestion('javascript', 'm', rows, 800), '(m).slice(0, 10)');
  });

  it('refuses assignments that would change the program, allows comparisons, calls and arrows', () => {
    assert.match(expressionRefusal('python', '(y := x)') ?? '', /assignment/);
    assert.equal(expressionRefusal('python', 'x[x == 1]'), undefined);
    assert.equal(expressionRefusal('python', 'f(a, b=2)'), undefined);
    for (const e of ['a = b', 'a += 1', 'i++', '--i', 'delete o.x', 'a >>= 1']) assert.match(expressionRefusal('javascript', e) ?? '', /assignment/, e);
    for (const e of ['a === b', 'a !== b', 'a <= b', 'xs.map((v) => v * 2)', 'a >= b']) assert.equal(expressionRefusal('javascript', e), undefined, e);
    assert.match(expressionRefusal('python', '  ') ?? '', /empty/);
  });
});
