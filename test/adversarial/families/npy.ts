/** Hostile `.npy` bytes: lying headers, every descr kind, truncations, huge headers, mutations of valid files. */
import { readNpy, readNpyHeader, readNpyWithHeader, writeNpy } from '../../../src/io';
import type { DType, Tensor } from '../../../src/core';
import type { Rng } from '../prng';
import {
  DTYPE_LIST, concat, latin1, mutateBytes, randomTensor, tensorProblem, valid, type Builder, type CaseBody, type FamilySpec,
} from '../common';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

interface NpyOpts {
  major?: number;
  minor?: number;
  /** Header length to claim instead of the real one. */
  headerLen?: number;
  utf8?: boolean;
  /** Pad the header to a multiple of 64 with spaces and a newline (numpy's layout). Default true. */
  pad?: boolean;
}

/** A `.npy` file with the given header text (the dict) and data bytes. */
export function npyBytes(header: string, data: Uint8Array, o: NpyOpts = {}): Uint8Array {
  const major = o.major ?? 1;
  const pre = major === 1 ? 10 : 12;
  let h = header;
  if (o.pad ?? true) {
    const total = pre + h.length + 1;
    h += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  }
  const hb = o.utf8 ? new TextEncoder().encode(h) : latin1(h);
  const len = o.headerLen ?? hb.length;
  const p = new Uint8Array(pre);
  p.set(MAGIC);
  p[6] = major;
  p[7] = o.minor ?? 0;
  if (pre === 10) {
    p[8] = len & 0xff;
    p[9] = (len >>> 8) & 0xff;
  } else new DataView(p.buffer).setUint32(8, len >>> 0, true);
  return concat(p, hb, data);
}

export function dict(descr: string, fortran: string, shape: string): string {
  return `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
}

/** Every way to call the reader: the header alone, the tensor, or both. */
function readAll(bytes: Uint8Array, which: number): CaseBody {
  switch (which % 3) {
    case 0: return { run: () => readNpy(bytes), check: tensorProblem };
    case 1: return { run: () => readNpyWithHeader(bytes), check: (r) => tensorProblem((r as { tensor: unknown }).tensor) };
    default: return { run: () => readNpyHeader(bytes) };
  }
}

const read = (bytes: Uint8Array): CaseBody => readAll(bytes, 0);

const itemSizes: Record<string, number> = {
  b1: 1, '?': 1, i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8, f2: 2, f4: 4, f8: 8, c8: 8, c16: 16,
};

/** The data length a descr would need for `n` elements (24 bytes a element for unknown kinds). */
function dataFor(descr: string, n: number, r?: Rng): Uint8Array {
  const size = itemSizes[descr.replace(/^[<>|=]/, '')] ?? 8;
  const b = new Uint8Array(size * n);
  if (r) for (let i = 0; i < b.length; i++) b[i] = r.int(256);
  return b;
}

const DESCRS = [
  '<U10', '|S5', '|O', 'O', '|V8', '<M8[ns]', '<m8[s]', '<f16', '<f3', '>f8', '|b1', '<c16', '<c8', '>c8', '>c16',
  '=f4', '|f8', 'f4', '?', '<i8', '>u8', '>i2', '|u1', '<b1', '', '\u00e9', '<f4\u0000', '<f4 ', '|i8', '>b1',
  '=c16', '<u2', '>f2', '|c8', 'float32', '<f4<f4', '>', '<', '|', '=',
];

const SHAPES_THAT_LIE = [
  '(4503599627370496, 4503599627370496)', '(9007199254740993,)', '(99999999999999999999999999,)', '(-1,)', '(1.5,)',
  '(3e2,)', '(0x10,)', '(1, -0)', "('a',)", '(,)', '(None,)', '(True,)', '[2, 2]', '(2 2)', '((2,),)', '(2,,)',
  '(2L, 3L)', '(\t2 ,\n3 )', '(', '2', '()', '(0,)*5', `(${'1, '.repeat(65)})`, `(${'1, '.repeat(64)})`,
  '(2**53,)', '(9007199254740991,)', '(3037000500, 3037000500)', '(4294967296, 4294967296, 0)',
];

function zeroSizeHuge(shape: string): Builder {
  return () => read(npyBytes(dict('<f8', 'False', shape), new Uint8Array(0)));
}

function fortran(descr: string, shape: number[], fill?: (b: Uint8Array) => void): Builder {
  return (r) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = dataFor(descr, n, n < 1e6 ? r : undefined);
    fill?.(data);
    const s = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
    return read(npyBytes(dict(descr, 'True', s), data));
  };
}

/** A valid file of a random dtype and shape, as numpy writes it. */
function validNpy(r: Rng): Uint8Array {
  const dtype: DType = r.pick(DTYPE_LIST);
  const rank = r.int(5);
  const shape = Array.from({ length: rank }, () => r.int(6));
  return writeNpy(randomTensor(r, dtype, shape));
}

const fixed: Array<readonly [string, Builder]> = [
  ['shape-2^52x2^52', () => read(npyBytes(dict('<f8', 'False', '(4503599627370496, 4503599627370496)'), new Uint8Array(8)))],
  ['shape-2^52x0', valid(zeroSizeHuge('(4503599627370496, 0)'))],
  ['shape-0x2^52', valid(zeroSizeHuge('(0, 4503599627370496)'))],
  ['shape-2^52x0x2^52', zeroSizeHuge('(4503599627370496, 0, 4503599627370496)')],
  ['shape-2^26x2^26x0', valid(zeroSizeHuge('(67108864, 67108864, 0)'))],
  ['shape-0-then-64-dims', zeroSizeHuge(`(0, ${'9007199254740991, '.repeat(63)})`)],
  ['shape-2^53-1-u1-no-data', () => read(npyBytes(dict('|u1', 'False', '(9007199254740991,)'), new Uint8Array(16)))],
  ['shape-2^50-c16', () => read(npyBytes(dict('<c16', 'False', '(1125899906842624,)'), new Uint8Array(16)))],
  ['shape-2^31-f4-tiny-data', () => read(npyBytes(dict('<f4', 'False', '(2147483648,)'), new Uint8Array(4)))],
  ...SHAPES_THAT_LIE.map((s, i) => [`shape-lie-${i}`, (r: Rng) => readAll(npyBytes(dict('<f4', 'False', s), dataFor('f4', 4, r)), i)] as const),
  ...DESCRS.map((d, i) => [`descr-${i}-${JSON.stringify(d)}`, (r: Rng) => readAll(npyBytes(dict(d, 'False', '(3,)'), dataFor(d, 3, r)), i)] as const),
  ['descr-structured', () => read(npyBytes("{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }", new Uint8Array(16)))],
  ['descr-100k-chars', () => read(npyBytes(dict('<' + 'f'.repeat(100_000), 'False', '(1,)'), new Uint8Array(4)))],
  ['descr-unterminated', () => read(npyBytes("{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)))],
  ['key-duplicate', () => read(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'shape': (2,), }", new Uint8Array(8)))],
  ['key-extra', () => read(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1, }", new Uint8Array(4)))],
  ['key-missing', () => read(npyBytes("{'descr': '<f4', 'shape': (1,), }", new Uint8Array(4)))],
  ['dict-empty', () => read(npyBytes('{}', new Uint8Array(0)))],
  ['dict-open', () => read(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", new Uint8Array(4), { pad: false }))],
  ['dict-nested', () => read(npyBytes("{'descr': {'descr': '<f4'}, 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)))],
  ['fortran-1', () => read(npyBytes("{'descr': '<f4', 'fortran_order': 1, 'shape': (1,), }", new Uint8Array(4)))],
  ['fortran-Truex', () => read(npyBytes("{'descr': '<f4', 'fortran_order': Truex, 'shape': (1,), }", new Uint8Array(4)))],
  ['header-len-0', () => read(npyBytes('', new Uint8Array(8), { pad: false }))],
  ['header-nul-first', () => read(npyBytes("\u0000{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)))],
  ['header-double-quotes', valid(() => read(npyBytes('{"descr": "<f4", "fortran_order": False, "shape": (1,)}', new Uint8Array(4))))],
  ['truncated-data-1', (r) => { const b = validNpy(r); return read(b.subarray(0, Math.max(0, b.length - 1))); }],
  ['extra-data-1', (r) => read(concat(validNpy(r), new Uint8Array([7])))],
  ['truncated-half', () => { const b = writeNpy({ dtype: 'float64', shape: [1000], data: new Float64Array(1000) }); return read(b.subarray(0, b.length >> 1)); }],
  ['header-len-past-end-v1', () => read(npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { headerLen: 0xffff }))],
  ['header-len-past-end-v2', () => read(npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { major: 2, headerLen: 0xffffffff }))],
  ['header-len-past-end-v3', () => read(npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { major: 3, headerLen: 2 ** 31 }))],
  ['header-v2-16MiB-spaces', valid(() => read(npyBytes(dict('<f4', 'False', '(2,)') + ' '.repeat(16 * 2 ** 20), new Uint8Array(8), { major: 2 })))],
  ['header-v3-16MiB-shape', () => read(npyBytes(dict('<f4', 'False', `(${'1, '.repeat(5_000_000)})`), new Uint8Array(4), { major: 3 }))],
  ['header-v1-64KiB', valid(() => read(npyBytes(dict('<f4', 'False', '(2,)') + ' '.repeat(65_400), new Uint8Array(8), { pad: false })))],
  ['header-v3-utf8-descr', () => read(npyBytes(dict('<f4\u{1F600}', 'False', '(1,)'), new Uint8Array(4), { major: 3, utf8: true }))],
  ['header-v3-invalid-utf8', () => {
    const good = npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { major: 3 });
    good[14] = 0xff;
    good[15] = 0xfe;
    return read(good);
  }],
  ['header-v1-latin1-high', () => read(npyBytes(dict('<f4\u00ff\u0080', 'False', '(1,)'), new Uint8Array(4)))],
  ['header-v2-bom', () => read(npyBytes('\ufeff' + dict('<f4', 'False', '(1,)'), new Uint8Array(4), { major: 2, utf8: true }))],
  ['version-1.1', () => read(npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { minor: 1 }))],
  ['version-0.0', () => read(npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { major: 0 }))],
  ['version-4.0', () => read(npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { major: 4 }))],
  ['version-255.255', () => read(npyBytes(dict('<f4', 'False', '(1,)'), new Uint8Array(4), { major: 255, minor: 255 }))],
  ['version-2-11-bytes', () => read(new Uint8Array([...MAGIC, 2, 0, 0, 0, 0]))],
  ['empty', () => read(new Uint8Array(0))],
  ['9-bytes', () => read(new Uint8Array([...MAGIC, 1, 0, 0]))],
  ['magic-NUMPZ', () => { const b = writeNpy({ dtype: 'uint8', shape: [1], data: new Uint8Array(1) }); b[5] = 0x5a; return read(b); }],
  ['random-1KiB', (r) => read(r.bytes(1024))],
  ['fortran-3x1x4x1x2-f4', valid(fortran('<f4', [3, 1, 4, 1, 2]))],
  ['fortran-0x5', valid(fortran('<f4', [0, 5]))],
  ['fortran-5x0', valid(fortran('<f8', [5, 0]))],
  ['fortran-1', valid(fortran('<i8', [1]))],
  ['fortran-scalar', valid(fortran('<f4', []))],
  ['fortran-7x3-f2', valid(fortran('<f2', [7, 3]))],
  ['fortran-7x3-c8', valid(fortran('<c8', [7, 3]))],
  ['fortran-7x3-be-i2', valid(fortran('>i2', [7, 3]))],
  ['fortran-7x3-b1-values-2', valid(fortran('|b1', [7, 3], (b) => b.fill(2)))],
  ['fortran-7x3-be-f8', valid(fortran('>f8', [7, 3]))],
  ['fortran-64-dims-of-1', valid(fortran('<f4', new Array(64).fill(1)))],
  ['fortran-24-dims-of-2', valid(fortran('|u1', new Array(24).fill(2)))],
  ['fortran-4096x4096-f4', valid(fortran('<f4', [4096, 4096]))],
  ['big-c16-2^23', valid(() => read(npyBytes(dict('<c16', 'False', '(8388608,)'), new Uint8Array(16 * 2 ** 23))))],
  ['big-f2-2^25', valid(() => read(npyBytes(dict('<f2', 'False', '(33554432,)'), new Uint8Array(2 * 2 ** 25))))],
  ['big-b1-values-2-2^26', valid(() => read(npyBytes(dict('|b1', 'False', '(67108864,)'), new Uint8Array(2 ** 26).fill(2))))],
  ['big-be-i8-2^22', valid(() => read(npyBytes(dict('>i8', 'False', '(4194304,)'), new Uint8Array(8 * 2 ** 22))))],
  ['unaligned-f8', valid((r) => {
    const b = writeNpy(randomTensor(r, 'float64', [5, 3]));
    const host = new Uint8Array(b.length + 3);
    host.set(b, 3);
    return read(host.subarray(3));
  })],
  ['shared-buffer', valid((r) => {
    const b = writeNpy(randomTensor(r, 'int32', [4, 4]));
    const host = new Uint8Array(new SharedArrayBuffer(b.length));
    host.set(b);
    return read(host);
  })],
];

/** `writeNpy` then `readNpy`: the same shape and dtype back, or a typed refusal. */
function roundTrip(t: Tensor): CaseBody {
  return {
    run: () => readNpy(writeNpy(t)),
    check: (x) => {
      const p = tensorProblem(x);
      if (p !== undefined) return p;
      const back = x as Tensor;
      return back.dtype === t.dtype && back.shape.join() === t.shape.join() ? undefined : `wrote ${t.dtype} (${t.shape}) and read ${back.dtype} (${back.shape})`;
    },
  };
}

const WRITE_SHAPES: ReadonlyArray<readonly [string, number[], number]> = [
  ['2^52x0', [4503599627370496, 0], 0], ['0x2^52', [0, 4503599627370496], 0], ['64-ones', new Array<number>(64).fill(1), 1],
  ['64-dims-0-first', [0, ...new Array<number>(63).fill(2 ** 40)], 0], ['NaN', [NaN], 0], ['neg', [-1], 0], ['1.5', [1.5], 1],
  ['lie-4-holds-2', [4], 2], ['scalar', [], 1], ['scalar-empty', [], 0], ['2^53', [2 ** 53], 0], ['65-ones', new Array<number>(65).fill(1), 1],
];

for (const [name, shape, n] of WRITE_SHAPES) {
  for (const dtype of ['float16', 'bool', 'int64', 'float64'] as const) {
    fixed.push([`write-${name}-${dtype}`, (r) => roundTrip({ ...randomTensor(r, dtype, [n]), shape })]);
  }
}
fixed.push(['write-dtype-lie', () => roundTrip({ dtype: 'complex64' as DType, shape: [2], data: new Float32Array(2) })]);
fixed.push(['write-data-class-lie', () => roundTrip({ dtype: 'float64', shape: [2], data: new Float32Array(2) })]);

function randomCase(r: Rng): readonly [string, CaseBody] {
  const src = validNpy(r);
  const kind = r.int(4);
  if (kind === 0) return ['mutated', readAll(mutateBytes(r, src), r.int(3))];
  if (kind === 1) {
    // Replace the header's shape or descr with a hostile one, keep the data.
    const text = new TextDecoder('latin1').decode(src.subarray(10, 10 + ((src[8] as number) | ((src[9] as number) << 8))));
    const shape = r.pick(SHAPES_THAT_LIE);
    const descr = r.pick(DESCRS);
    const forder = r.pick(['True', 'False']);
    const h = text.replace(/'shape': \([^)]*\)/, `'shape': ${shape}`).replace(/'descr': '[^']*'/, `'descr': '${descr}'`)
      .replace(/False/, forder).trimEnd();
    const dataStart = 10 + ((src[8] as number) | ((src[9] as number) << 8));
    return ['header-swap', readAll(npyBytes(h, src.subarray(dataStart), { major: r.pick([1, 2, 3]) }), r.int(3))];
  }
  if (kind === 2) {
    // Header length bytes set to random values.
    const b = src.slice();
    b[8] = r.int(256);
    b[9] = r.int(256);
    if (r.chance(0.3)) b[6] = r.pick([1, 2, 3, r.int(256)]);
    return ['header-len', readAll(b, r.int(3))];
  }
  // A hostile shape with exactly the data it claims, when that is small.
  const dims = Array.from({ length: 1 + r.int(4) }, () => r.pick([0, 1, 2, 3, 2 ** 31, 2 ** 52, 2 ** 53 - 1]));
  const n = dims.reduce((a, b) => a * b, 1);
  const descr = r.pick(['<f4', '>f8', '|b1', '<c16', '<f2', '>i8', '|u1']);
  const data = Number.isSafeInteger(n) && n <= 64 ? dataFor(descr, n, r) : r.bytes(r.int(64));
  return ['hostile-shape', readAll(npyBytes(dict(descr, r.pick(['True', 'False']), `(${dims.join(', ')},)`), data, { major: r.pick([1, 2, 3]) }), r.int(3))];
}

export const npyFamily: FamilySpec = { fixed, random: randomCase };
