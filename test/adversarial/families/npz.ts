/**
 * Hostile `.npz` bytes: zip bombs, lying sizes and CRCs, ZIP64 lies, a million members, truncations,
 * encryption and unknown methods, hostile member names, mutations of valid archives.
 */
import { deflateSync, zipSync } from 'fflate';
import {
  findNpzEntry, listNpz, listNpzPage, readNpz, readNpzMember, readNpzWithHeaders, writeNpy, type NpzOptions,
} from '../../../src/io';
import type { Tensor } from '../../../src/core';
import type { Rng } from '../prng';
import {
  DTYPE_LIST, concat, latin1, mutateBytes, randomTensor, tensorProblem, valid, type Builder, type CaseBody, type FamilySpec,
} from '../common';
import { buildZip, crc32, deflatedZeros, manyMembersZip, type ZipMember, type ZipOptions } from '../zip';
import { dict, npyBytes } from './npy';

const MiB = 2 ** 20;

function mapProblem(m: unknown): string | undefined {
  if (!(m instanceof Map)) return 'not a Map';
  for (const [k, v] of m as Map<string, unknown>) {
    const t = (v as { tensor?: unknown }).tensor ?? v;
    const p = tensorProblem(t);
    if (p !== undefined) return `member '${k}': ${p}`;
  }
  return undefined;
}

const PAGE_ARGS: readonly number[] = [0, 1, 20, -1, NaN, Infinity, -Infinity, 1.5, 2 ** 53, 999_990];

/** One of the six entry points, with options. */
function readWith(bytes: Uint8Array, which: number, options?: NpzOptions, key?: string): CaseBody {
  switch (which % 6) {
    case 4: {
      const from = PAGE_ARGS[which % PAGE_ARGS.length] as number;
      const max = PAGE_ARGS[(which >> 1) % PAGE_ARGS.length] as number;
      return { run: () => listNpzPage(bytes, from, max) };
    }
    case 5: return { run: () => findNpzEntry(bytes, key ?? 'arr_0') };
    case 0: return { run: () => readNpz(bytes, options), check: mapProblem };
    case 1: return { run: () => readNpzWithHeaders(bytes, options), check: mapProblem };
    case 2: return {
      run: () => readNpzMember(bytes, key ?? listNpz(bytes)[0]?.key ?? 'arr_0', options),
      check: (r) => tensorProblem((r as { tensor: unknown }).tensor),
    };
    default: return { run: () => listNpz(bytes) };
  }
}

const readAll = (bytes: Uint8Array, options?: NpzOptions): CaseBody => readWith(bytes, 0, options);

function npy(t: Tensor): Uint8Array {
  return writeNpy(t);
}

const small = (): Uint8Array => npy({ dtype: 'float32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) });

function zip(members: ZipMember[], opts?: ZipOptions): Uint8Array {
  return buildZip(members, opts);
}

/** An `.npy` header for `n` bytes of `|u1`, to put in front of a bomb's zeros. */
function u1Header(n: number): Uint8Array {
  return npyBytes(dict('|u1', 'False', `(${n},)`), new Uint8Array(0));
}

/** A member whose deflate data inflates to a `|u1` array of `n` zero bytes, declaring `declared` bytes. */
function bomb(name: string, n: number, declared?: number, zip64 = false): ZipMember {
  const h = u1Header(n);
  const d = deflatedZeros(h, n);
  const size = declared ?? d.size;
  return {
    name, method: 8, compressed: d.compressed, crc: d.crc, uncompressedSize: size,
    ...(zip64 ? { zip64: { usize: size, csize: d.compressed.length } } : {}),
  };
}

/** One deflated member of `data` and `count` central records all pointing at its one local header. */
function overlapping(data: Uint8Array, count: number): Uint8Array {
  const compressed = deflateSync(data);
  const crc = crc32(data);
  const members: ZipMember[] = [];
  for (let i = 0; i < count; i++) {
    members.push({
      name: `m${i}.npy`, method: 8, compressed, crc, uncompressedSize: data.length,
      ...(i > 0 ? { noLocal: true, localHeaderOffset: 0 } : {}),
    });
  }
  return buildZip(members);
}

const TINY_NPY = npyBytes("{'descr':'|u1','fortran_order':False,'shape':()}", new Uint8Array([7]), { pad: false });

const NAMES = [
  '../../etc/passwd.npy', '/abs.npy', 'C:\\x.npy', 'a\u0000b.npy', '[x](command:workbench.action.quit).npy',
  '[x](command:workbench.action.quit)', '$(zap).npy', '<img src=x onerror=alert(1)>.npy', '', '.npy', 'dir/', 'a\nb.npy',
  '\u202egpj.npy', '`code`.npy', '*bold*.npy', 'x'.repeat(65_535), '\u{1F600}.npy', '__proto__.npy', 'constructor',
];

const fixed: Array<readonly [string, Builder]> = [
  ['valid-stored', valid(() => readAll(zip([{ name: 'a.npy', data: small() }, { name: 'b.npy', data: small() }])))],
  ['valid-deflate-zip64', valid(() => readAll(zip([{ name: 'a.npy', data: small(), method: 8, zip64: true }], { zip64End: true })))],
  ['valid-fflate', valid(() => readAll(zipSync({ 'x.npy': small(), 'y.npy': [small(), { level: 9 }] })))],
  ['bomb-300MiB-honest', valid(() => readAll(zip([bomb('big.npy', 300 * MiB)])))],
  ['bomb-300MiB-honest-member', valid(() => readWith(zip([bomb('big.npy', 300 * MiB)]), 2))],
  ['bomb-300MiB-declared-4KiB', () => readAll(zip([bomb('big.npy', 300 * MiB, 4096)]))],
  ['bomb-300MiB-declared-4KiB-member', () => readWith(zip([bomb('big.npy', 300 * MiB, 4096)]), 2)],
  ['bomb-declared-2^31-zip64', () => readAll(zip([bomb('big.npy', 4 * MiB, 2 ** 31, true)]))],
  ['bomb-declared-2^40-zip64-member', () => readWith(zip([bomb('big.npy', 4 * MiB, 2 ** 40, true)]), 2)],
  ['bomb-limit-1e6', () => readAll(zip([bomb('big.npy', 64 * MiB)]), { maxInflatedBytes: 1e6 })],
  ['bomb-declared-1GiB-real-1KiB', () => readAll(zip([bomb('big.npy', 1024, 2 ** 30 - 1)]))],
  ['bomb-limit-Infinity-declared-2^40', () => readAll(zip([bomb('big.npy', 1024, 2 ** 40, true)]), { maxInflatedBytes: Infinity })],
  ['bomb-limit-NaN-declared-2^40', () => readAll(zip([bomb('big.npy', 1024, 2 ** 40, true)]), { maxInflatedBytes: NaN })],
  ['bomb-limit-Infinity-declared-4GiB-1', () => readAll(zip([bomb('big.npy', 1024, 2 ** 32 - 1)]), { maxInflatedBytes: Infinity })],
  ['bomb-limit-NaN-member-declared-2^40', () => readWith(zip([bomb('big.npy', 1024, 2 ** 40, true)]), 2, { maxInflatedBytes: NaN })],
  ['bomb-limit-negative', () => readAll(zip([{ name: 'a.npy', data: small() }]), { maxInflatedBytes: -1 })],
  ['bomb-limit-0', () => readAll(zip([{ name: 'a.npy', data: small() }]), { maxInflatedBytes: 0 })],
  ['bomb-overlap-250x1MiB', valid(() => readAll(overlapping(concat(u1Header(MiB), new Uint8Array(MiB)), 250)))],
  ['bomb-many-declared-900MiB', () => readAll(zip(Array.from({ length: 4 }, (_, i) => bomb(`m${i}.npy`, 1024, 900 * MiB))))],
  ['lie-csize-past-end', () => readAll(zip([{ name: 'a.npy', data: small(), compressedSize: 2 ** 31 }]))],
  ['lie-csize-short-deflate', () => { const d = small(); return readAll(zip([{ name: 'a.npy', data: d, method: 8, compressedSize: 5 }])); }],
  ['lie-stored-sizes-differ', () => readAll(zip([{ name: 'a.npy', data: small(), uncompressedSize: 10 }]))],
  ['lie-usize-bigger-deflate', () => readAll(zip([{ name: 'a.npy', data: small(), method: 8, uncompressedSize: 100_000 }]))],
  ['lie-usize-smaller-deflate', () => readAll(zip([{ name: 'a.npy', data: small(), method: 8, uncompressedSize: 10 }]))],
  ['lie-usize-0-deflate', () => readAll(zip([{ name: 'a.npy', data: small(), method: 8, uncompressedSize: 0 }]))],
  ['lie-lho-past-end', () => readAll(zip([{ name: 'a.npy', data: small(), localHeaderOffset: 2 ** 32 - 2 }]))],
  ['lie-lho-into-cd', () => readAll(zip([{ name: 'a.npy', data: small(), localHeaderOffset: 200 }]))],
  ['bad-crc-stored', () => readAll(zip([{ name: 'a.npy', data: small(), crc: 0xdeadbeef }]))],
  ['bad-crc-deflate', () => readAll(zip([{ name: 'a.npy', data: small(), method: 8, crc: 0 }]))],
  ['bad-crc-member', () => readWith(zip([{ name: 'a.npy', data: small(), crc: 1 }]), 2)],
  ['members-1M-list', valid(() => { const z = manyMembersZip(1_000_000, TINY_NPY); return { run: () => listNpz(z) }; })],
  ['members-1M-last-member', valid(() => { const z = manyMembersZip(1_000_000, TINY_NPY); return readWith(z, 2, undefined, 'm999999'); })],
  ['members-1M-missing-member', () => { const z = manyMembersZip(1_000_000, TINY_NPY); return readWith(z, 2, undefined, 'nope'); }],
  ['members-1M-page-end', valid(() => { const z = manyMembersZip(1_000_000, TINY_NPY); return { run: () => listNpzPage(z, 999_990, 100) }; })],
  ['members-1M-page-2^53', () => { const z = manyMembersZip(1_000_000, TINY_NPY); return { run: () => listNpzPage(z, 2 ** 53, 2 ** 53) }; }],
  ['members-1M-find-last', valid(() => { const z = manyMembersZip(1_000_000, TINY_NPY); return readWith(z, 5, undefined, 'm999999'); })],
  ['members-100k-read-all', valid(() => readAll(manyMembersZip(100_000, TINY_NPY)))],
  ['members-65535-no-zip64', valid(() => readAll(manyMembersZip(65_535, TINY_NPY)))],
  ['members-65535-no-zip64-list', valid(() => { const z = manyMembersZip(65_535, TINY_NPY); return { run: () => listNpz(z) }; })],
  ['zip64-extra-2^53+', () => readAll(zip([{ name: 'a.npy', data: small(), zip64: { usize: 2 ** 60 } }]))],
  ['zip64-extra-short', () => readAll(zip([{ name: 'a.npy', data: small(), zip64: {}, uncompressedSize: 0xffffffff }]))],
  ['zip64-extra-2^40', () => readAll(zip([{ name: 'a.npy', data: small(), zip64: { usize: 2 ** 40 } }]))],
  ['zip64-extra-lho-2^52', () => readAll(zip([{ name: 'a.npy', data: small(), zip64: { offset: 2 ** 52 } }]))],
  ['zip64-extra-csize-2^52', () => readAll(zip([{ name: 'a.npy', data: small(), zip64: { csize: 2 ** 52 } }]))],
  ['zip64-extra-size-overruns', () => readAll(zip([{ name: 'a.npy', data: small(), extra: new Uint8Array([1, 0, 0xff, 0xff, 1, 2]) }]))],
  ['zip64-end-count-2^53-1', () => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: { count: 2 ** 53 - 1 } }))],
  ['zip64-end-count-2^60', () => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: { count: 2 ** 60 } }))],
  ['zip64-end-cd-past-end', () => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: { cdOffset: 2 ** 50 } }))],
  ['zip64-end-cdsize-2^52', () => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: { cdSize: 2 ** 52 } }))],
  ['zip64-locator-past-end', () => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: { recordOffset: 2 ** 40 } }))],
  ['zip64-locator-2^64', () => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: { recordOffset: 2 ** 64 } }))],
  ['zip64-end-valid', valid(() => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: true })))],
  ['zip64-end-count-0', () => readAll(zip([{ name: 'a.npy', data: small() }], { zip64End: { count: 0 } }))],
  ['eocd-sentinel-no-locator', () => readAll(zip([{ name: 'a.npy', data: small() }], { eocdCdOffset: 0xffffffff }))],
  ['eocd-count-10-of-2', () => readAll(zip([{ name: 'a.npy', data: small() }, { name: 'b.npy', data: small() }], { eocdCount: 10 }))],
  ['eocd-count-0-of-2', () => readAll(zip([{ name: 'a.npy', data: small() }, { name: 'b.npy', data: small() }], { eocdCount: 0 }))],
  ['eocd-cd-offset-lie', () => readAll(zip([{ name: 'a.npy', data: small() }], { eocdCdOffset: 3 }))],
  ['eocd-cd-size-2^32-1', () => readAll(zip([{ name: 'a.npy', data: small() }], { eocdCdSize: 0xfffffffe }))],
  ['eocd-comment-64KiB-fake-eocd', () => {
    const fake = new Uint8Array(65_535);
    fake.set([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0], 65_535 - 22);
    return readAll(zip([{ name: 'a.npy', data: small() }], { comment: fake }));
  }],
  ['prefix-1MiB-junk', (r) => readAll(zip([{ name: 'a.npy', data: small() }], { prefix: r.bytes(MiB) }))],
  ['truncated-last-byte', () => { const z = zip([{ name: 'a.npy', data: small() }]); return readAll(z.subarray(0, z.length - 1)); }],
  ['truncated-no-eocd', () => { const z = zip([{ name: 'a.npy', data: small() }]); return readAll(z.subarray(0, z.length - 22)); }],
  ['truncated-half', () => { const z = zip([{ name: 'a.npy', data: small(), method: 8 }]); return readAll(z.subarray(0, z.length >> 1)); }],
  ['encrypted', () => readAll(zip([{ name: 'a.npy', data: small(), flags: 1 }]))],
  ['encrypted-strong', () => readAll(zip([{ name: 'a.npy', data: small(), flags: 0x41 }]))],
  ...[1, 6, 9, 12, 14, 93, 95, 98, 99, 65535].map((m) => [`method-${m}`, () => readAll(zip([{ name: 'a.npy', data: small(), method: m }]))] as const),
  ...NAMES.map((n, i) => [`name-${i}`, valid(() => readWith(zip([{ name: n, data: small() }, { name: 'ok.npy', data: small() }]), i === 8 ? 0 : i))] as const),
  ['name-invalid-utf8', valid(() => readAll(zip([{ name: new Uint8Array([0xff, 0xfe, 0x2e, 0x6e, 0x70, 0x79]), data: small() }])))],
  ['name-duplicates', valid(() => readAll(zip([{ name: 'a.npy', data: small() }, { name: 'a.npy', data: npy({ dtype: 'int8', shape: [1], data: new Int8Array(1) }) }])))],
  ['name-link-in-error', () => readAll(zip([{ name: '[x](command:workbench.action.quit).npy', data: latin1('not an npy') }]))],
  ['not-zip-empty', () => readAll(new Uint8Array(0))],
  ['not-zip-21-bytes', () => readAll(new Uint8Array(21))],
  ['not-zip-npy', () => readAll(small())],
  ['not-zip-random', (r) => readAll(r.bytes(4096))],
  ['not-zip-eocd-only', () => readAll(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]))],
  ['member-hostile-npy', () => readAll(zip([{ name: 'a.npy', data: npyBytes(dict('<f8', 'False', '(4503599627370496, 4503599627370496)'), new Uint8Array(8)) }]))],
  ['member-zero-size-huge', valid(() => readAll(zip([{ name: 'a.npy', data: npyBytes(dict('<f8', 'False', '(4503599627370496, 0)'), new Uint8Array(0)) }])))],
  ['member-deflate-garbage', (r) => readAll(zip([{ name: 'a.npy', method: 8, compressed: r.bytes(4096), uncompressedSize: 65536, crc: 0 }]))],
  ['member-deflate-empty', () => readAll(zip([{ name: 'a.npy', method: 8, compressed: new Uint8Array(0), uncompressedSize: 0, crc: 0 }]))],
];

/** A valid archive of 1-4 random members, stored or deflated, with or without ZIP64 records. */
function validMembers(r: Rng): ZipMember[] {
  const n = 1 + r.int(4);
  return Array.from({ length: n }, (_, i): ZipMember => {
    const shape = Array.from({ length: r.int(4) }, () => r.int(5));
    return {
      name: `arr_${i}.npy`, data: npy(randomTensor(r, r.pick(DTYPE_LIST), shape)), method: r.pick([0, 8]),
      ...(r.chance(0.3) ? { zip64: true } : {}),
    };
  });
}

function randomOptions(r: Rng): NpzOptions | undefined {
  if (r.chance(0.7)) return undefined;
  return { maxInflatedBytes: r.pick([0, -1, NaN, Infinity, 1, 100, 1e6, 2 ** 53, 2 ** 30]) };
}

function randomCase(r: Rng): readonly [string, CaseBody] {
  const members = validMembers(r);
  const zip64End = r.chance(0.3);
  if (r.chance(0.5)) {
    const z = buildZip(members, { zip64End });
    return ['mutated', readWith(mutateBytes(r, z, z.length), r.int(6), randomOptions(r))];
  }
  // Structural lies through the writer.
  const m = r.pick(members);
  switch (r.int(8)) {
    case 0: m.crc = r.u32(); break;
    case 1: m.compressedSize = r.pick([0, 1, r.u32(), 0xffffffff]); break;
    case 2: m.uncompressedSize = r.pick([0, 1, r.u32(), 0xffffffff, 2 ** 30]); break;
    case 3: m.localHeaderOffset = r.pick([0, 1, r.u32(), 0xffffffff]); break;
    case 4: m.flags = r.int(0x10000); break;
    case 5: m.method = r.int(0x10000); break;
    case 6: m.zip64 = { usize: r.pick([0, 2 ** 32, 2 ** 53, 2 ** 60]), csize: r.pick([0, 2 ** 32, 2 ** 53]) }; break;
    default: m.name = r.pick(NAMES);
  }
  const opts: ZipOptions = { zip64End };
  if (r.chance(0.2)) opts.eocdCount = r.int(0x10000);
  if (r.chance(0.1)) opts.eocdCdOffset = r.u32();
  return ['lie', readWith(buildZip(members, opts), r.int(6), randomOptions(r))];
}

export const npzFamily: FamilySpec = { fixed, random: randomCase };
