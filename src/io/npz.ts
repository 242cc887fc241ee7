/**
 * NumPy `.npz` archives: a ZIP of `.npy` members, stored (`numpy.savez`) or deflated
 * (`numpy.savez_compressed`). The ZIP directory is read here (it is a few fixed-layout records); the
 * DEFLATE streams are inflated by `fflate`.
 *
 * Contracts:
 * - ZIP64 extra fields (numpy writes them on every member) and ZIP64 end records are understood.
 * - Zip bombs: before inflating, the sum of the members' declared sizes must be within
 *   `maxInflatedBytes` (default {@link DEFAULT_NPZ_MAX_INFLATED_BYTES}, 1 GiB); while inflating, a member
 *   may not produce more than its declared size (inflation is streamed in 64 KiB input chunks and stops
 *   at the first byte over), so memory never exceeds the stated limit whatever the headers claim.
 * - Every member's CRC-32 is checked. Encrypted members and methods other than stored/deflate are refused.
 * - Map keys are member names without the `.npy` suffix, as `numpy.load(...)[key]` spells them;
 *   directory entries are skipped. Errors name the member and the byte offset.
 */
import { Inflate } from 'fflate';
import type { Tensor } from '../core/tensor';
import { NpyFormatError } from './errors';
import { readNpyWithHeader, type NpyHeader } from './npy';

/** Default cap on the total uncompressed size of an archive's members: 1 GiB. */
export const DEFAULT_NPZ_MAX_INFLATED_BYTES = 2 ** 30;

export interface NpzOptions {
  /** Cap on the sum of the members' uncompressed sizes (bytes). */
  maxInflatedBytes?: number;
}

/** One archive member as listed in the central directory. */
export interface NpzEntry {
  /** The key (`name` without `.npy`). */
  key: string;
  /** The member's file name in the archive. */
  fileName: string;
  method: 'stored' | 'deflate';
  compressedSize: number;
  uncompressedSize: number;
  /** Where the member's local header starts in the archive. */
  localHeaderOffset: number;
  crc32: number;
}

/** Reads every member of an `.npz` archive. Throws {@link NpyFormatError}. */
export function readNpz(bytes: Uint8Array, options: NpzOptions = {}): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [key, { tensor }] of readNpzWithHeaders(bytes, options)) out.set(key, tensor);
  return out;
}

/** Like {@link readNpz}, with each member's `.npy` header (stored dtype, byte order, complex flag). */
export function readNpzWithHeaders(bytes: Uint8Array, options: NpzOptions = {}): Map<string, { header: NpyHeader; tensor: Tensor }> {
  const limit = inflateLimit(options);
  const entries = listNpz(bytes);
  let total = 0;
  for (const e of entries) total += e.uncompressedSize;
  if (total > limit) {
    throw new NpyFormatError(`the archive's members would inflate to ${total} bytes, over the limit of ${limit} bytes: refusing (possible zip bomb; raise maxInflatedBytes to open it)`, 0);
  }
  const out = new Map<string, { header: NpyHeader; tensor: Tensor }>();
  for (const e of entries) {
    const member = memberBytes(bytes, e);
    try {
      out.set(e.key, readNpyWithHeader(member));
    } catch (err) {
      if (err instanceof NpyFormatError) {
        throw new NpyFormatError(`member '${e.fileName}': ${err.message}`, err.byteOffset, e.fileName);
      }
      throw err;
    }
  }
  return out;
}

/**
 * Reads one member (by key, i.e. name without `.npy`, or by full file name) without inflating the
 * others. Throws {@link NpyFormatError} if there is no such member.
 */
export function readNpzMember(bytes: Uint8Array, key: string, options: NpzOptions = {}): { header: NpyHeader; tensor: Tensor } {
  const limit = inflateLimit(options);
  const e = findNpzEntry(bytes, key);
  if (e === undefined) {
    const some = listNpzPage(bytes, 0, 20);
    const names = some.entries.map((x) => x.key).join(', ');
    const more = some.records > 20 ? `, … ${some.records} in all` : '';
    throw new NpyFormatError(`the archive has no member '${key}' (it has: ${names || 'none'}${more})`);
  }
  if (e.uncompressedSize > limit) {
    throw new NpyFormatError(`member '${e.fileName}' would inflate to ${e.uncompressedSize} bytes, over the limit of ${limit} bytes: refusing (possible zip bomb; raise maxInflatedBytes to open it)`, e.localHeaderOffset, e.fileName);
  }
  try {
    return readNpyWithHeader(memberBytes(bytes, e));
  } catch (err) {
    if (err instanceof NpyFormatError && err.member === undefined) {
      throw new NpyFormatError(`member '${e.fileName}': ${err.message}`, err.byteOffset, e.fileName);
    }
    throw err;
  }
}

/** `maxInflatedBytes`, or the default; NaN is refused (every comparison with it is false: it would mean no limit). */
function inflateLimit(options: NpzOptions): number {
  const limit = options.maxInflatedBytes ?? DEFAULT_NPZ_MAX_INFLATED_BYTES;
  if (typeof limit !== 'number' || Number.isNaN(limit)) {
    throw new NpyFormatError(`maxInflatedBytes must be a number of bytes, got ${String(limit)}`);
  }
  return limit;
}

const u16 = (b: Uint8Array, o: number): number => (b[o] as number) | ((b[o + 1] as number) << 8);
const u32 = (b: Uint8Array, o: number): number => (u16(b, o) + u16(b, o + 2) * 65536);
function u64(b: Uint8Array, o: number, what: string): number {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  if (hi >= 2 ** 21) throw new NpyFormatError(`${what} at byte ${o} is larger than 2^53`, o);
  return hi * 2 ** 32 + lo;
}

/** Where the central directory is and how many records it holds (from the end records, O(1)). */
interface DirectoryBounds {
  count: number;
  cdOffset: number;
}

function directoryBounds(bytes: Uint8Array): DirectoryBounds {
  const len = bytes.length;
  if (len < 22) throw new NpyFormatError(`not a .npz (ZIP) file: ${len} bytes is shorter than a ZIP end record`, 0);
  // End of central directory: the last 0x06054b50 within 64 KiB + 22 bytes of the end.
  let eocd = -1;
  for (let p = len - 22; p >= Math.max(0, len - 22 - 65535); p--) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && bytes[p + 2] === 0x05 && bytes[p + 3] === 0x06) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) {
    const zipStart = bytes[0] === 0x50 && bytes[1] === 0x4b;
    throw new NpyFormatError(zipStart
      ? 'truncated .npz file: the ZIP end-of-central-directory record is missing (the file was cut short)'
      : 'not a .npz file: no ZIP signature found (a .npz is a ZIP archive written by numpy.savez)', len);
  }
  let count = u16(bytes, eocd + 10);
  let cdSize = u32(bytes, eocd + 12);
  let cdOffset = u32(bytes, eocd + 16);
  const loc = eocd - 20;
  const hasLocator = loc >= 0 && u32(bytes, loc) === 0x07064b50;
  // Python's zipfile (so numpy.savez) writes ZIP64 end records only past 65,535 members: exactly 65,535 is
  // count 0xFFFF with no locator, and that count is the real one (Python's reader takes it so too).
  if (hasLocator || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (!hasLocator) throw new NpyFormatError('bad ZIP64 archive: the ZIP64 end locator is missing', Math.max(0, loc));
    const z = u64(bytes, loc + 8, 'ZIP64 end record offset');
    if (z + 56 > len || u32(bytes, z) !== 0x06064b50) throw new NpyFormatError(`bad ZIP64 archive: no ZIP64 end record at byte ${z}`, z);
    count = u64(bytes, z + 32, 'entry count');
    cdSize = u64(bytes, z + 40, 'central directory size');
    cdOffset = u64(bytes, z + 48, 'central directory offset');
  }
  if (cdOffset + cdSize > len) {
    throw new NpyFormatError(`truncated .npz file: the central directory (bytes ${cdOffset}..${cdOffset + cdSize}) lies beyond the end of the file (${len} bytes)`, cdOffset);
  }
  // Every record takes at least 46 bytes: a count the directory cannot hold is a lie, refused before any loop.
  if (count > cdSize / 46) {
    throw new NpyFormatError(`bad .npz file: the end record claims ${count} members but the central directory (${cdSize} bytes) holds at most ${Math.floor(cdSize / 46)}`, cdOffset);
  }
  return { count, cdOffset };
}

const utf8 = new TextDecoder('utf-8');

/**
 * The central directory record at `p` (number `i` of `count`): its entry (null for a directory, or when `decode`
 * is false: then only the record is checked and skipped) and where the next record starts.
 */
function readRecord(bytes: Uint8Array, p: number, i: number, count: number, decode: boolean): { entry: NpzEntry | null; next: number } {
  const len = bytes.length;
  if (p + 46 > len || u32(bytes, p) !== 0x02014b50) {
    throw new NpyFormatError(`bad .npz file: central directory entry ${i + 1} of ${count} is missing or corrupt at byte ${p}`, p);
  }
  const nlen = u16(bytes, p + 28);
  const elen = u16(bytes, p + 30);
  const clen = u16(bytes, p + 32);
  const nameEnd = p + 46 + nlen;
  if (nameEnd + elen + clen > len) throw new NpyFormatError(`bad .npz file: central directory entry ${i + 1} runs past the end of the file`, p);
  const next = nameEnd + elen + clen;
  if (!decode) return { entry: null, next };
  const flags = u16(bytes, p + 8);
  const methodCode = u16(bytes, p + 10);
  const crc32 = u32(bytes, p + 16) >>> 0;
  let csize = u32(bytes, p + 20);
  let usize = u32(bytes, p + 24);
  let lho = u32(bytes, p + 42);
  const fileName = utf8.decode(bytes.subarray(p + 46, nameEnd));
  // ZIP64 extra field (id 1): the 8-byte values replace the 0xFFFFFFFF ones, in this order.
  let x = nameEnd;
  const xEnd = nameEnd + elen;
  while (x + 4 <= xEnd) {
    const id = u16(bytes, x);
    const size = u16(bytes, x + 2);
    if (x + 4 + size > xEnd) break;
    if (id === 1) {
      let q = x + 4;
      const take = (): number => {
        if (q + 8 > x + 4 + size) throw new NpyFormatError(`bad ZIP64 extra field for member '${fileName}' at byte ${x}`, x, fileName);
        const v = u64(bytes, q, 'ZIP64 size');
        q += 8;
        return v;
      };
      if (usize === 0xffffffff) usize = take();
      if (csize === 0xffffffff) csize = take();
      if (lho === 0xffffffff) lho = take();
    }
    x += 4 + size;
  }
  if (fileName.endsWith('/')) return { entry: null, next };
  if (flags & 1) throw new NpyFormatError(`member '${fileName}' is encrypted: cannot read it`, next, fileName);
  if (methodCode !== 0 && methodCode !== 8) {
    throw new NpyFormatError(`member '${fileName}' uses ZIP compression method ${methodCode}; only stored (0) and deflate (8) are supported`, next, fileName);
  }
  const key = fileName.endsWith('.npy') ? fileName.slice(0, -4) : fileName;
  return { entry: { key, fileName, method: methodCode === 0 ? 'stored' : 'deflate', compressedSize: csize, uncompressedSize: usize, localHeaderOffset: lho, crc32 }, next };
}

/** Lists the members from the central directory, checking that every record lies inside the file. */
export function listNpz(bytes: Uint8Array): NpzEntry[] {
  const { count, cdOffset } = directoryBounds(bytes);
  const entries: NpzEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    const r = readRecord(bytes, p, i, count, true);
    if (r.entry !== null) entries.push(r.entry);
    p = r.next;
  }
  return entries;
}

/** A page of an archive's members, for pickers that must not list a million names at once. */
export interface NpzPage {
  /** Central directory records in the archive (directories included; at most a few differ from the members). */
  records: number;
  /** Index of the first record of this page. */
  from: number;
  entries: NpzEntry[];
}

/**
 * The members among records `from .. from + max - 1` of the central directory. Records before `from` are only
 * skipped (three length fields each, no names decoded), so any page costs O(from) cheap steps plus its own
 * entries: a 1,000,000-member archive pages in milliseconds where `listNpz` decodes every name.
 */
export function listNpzPage(bytes: Uint8Array, from: number, max: number): NpzPage {
  const { count, cdOffset } = directoryBounds(bytes);
  const start = Math.max(0, Math.min(Math.floor(from), count));
  const end = Math.min(count, start + Math.max(0, Math.floor(max)));
  const entries: NpzEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < end; i++) {
    const r = readRecord(bytes, p, i, count, i >= start);
    if (r.entry !== null) entries.push(r.entry);
    p = r.next;
  }
  return { records: count, from: start, entries };
}

/**
 * The member with key `key` (its name without `.npy`), else the one whose file name is `key`; undefined when
 * absent. Names are compared as bytes, so a lookup decodes one name, not every name before it.
 */
export function findNpzEntry(bytes: Uint8Array, key: string): NpzEntry | undefined {
  const { count, cdOffset } = directoryBounds(bytes);
  const enc = new TextEncoder();
  const asKey = enc.encode(`${key}.npy`);
  const asName = enc.encode(key);
  let p = cdOffset;
  let byName: NpzEntry | undefined;
  for (let i = 0; i < count; i++) {
    const nlen = p + 30 <= bytes.length ? u16(bytes, p + 28) : -1;
    const hit = (target: Uint8Array): boolean => {
      if (nlen !== target.length || p + 46 + nlen > bytes.length) return false;
      for (let j = 0; j < nlen; j++) if (bytes[p + 46 + j] !== target[j]) return false;
      return true;
    };
    const r = readRecord(bytes, p, i, count, hit(asKey) || hit(asName));
    if (r.entry !== null) {
      if (r.entry.key === key) return r.entry;
      if (byName === undefined && r.entry.fileName === key) byName = r.entry;
    }
    p = r.next;
  }
  return byName;
}

/** The member's uncompressed bytes: a subarray for stored members, a bounded inflation for deflated ones. */
function memberBytes(bytes: Uint8Array, e: NpzEntry): Uint8Array {
  const len = bytes.length;
  const h = e.localHeaderOffset;
  if (h + 30 > len || u32(bytes, h) !== 0x04034b50) {
    throw new NpyFormatError(`member '${e.fileName}': no local file header at byte ${h} (truncated or corrupt archive)`, h, e.fileName);
  }
  const start = h + 30 + u16(bytes, h + 26) + u16(bytes, h + 28);
  const end = start + e.compressedSize;
  if (end > len) {
    throw new NpyFormatError(`truncated .npz file: member '${e.fileName}' needs bytes ${start}..${end}, the file has ${len}`, len, e.fileName);
  }
  const comp = bytes.subarray(start, end);
  let data: Uint8Array;
  if (e.method === 'stored') {
    if (e.compressedSize !== e.uncompressedSize) {
      throw new NpyFormatError(`member '${e.fileName}' is stored but its sizes differ (${e.compressedSize} vs ${e.uncompressedSize})`, h, e.fileName);
    }
    data = comp;
  } else {
    data = inflateBounded(comp, e.uncompressedSize, e.fileName, start);
  }
  if (crc32(data) !== e.crc32) {
    throw new NpyFormatError(`member '${e.fileName}' is corrupt: its CRC-32 does not match (data at byte ${start})`, start, e.fileName);
  }
  return data;
}

/** Inflates `comp` into exactly `size` bytes, refusing at the first byte beyond `size`. */
function inflateBounded(comp: Uint8Array, size: number, name: string, at: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = new Uint8Array(size);
  } catch {
    // Past the engine's typed array limit, or more memory than the process can get (only with a raised limit).
    throw new NpyFormatError(`member '${name}' declares ${size} bytes, more than this process can allocate: refusing`, at, name);
  }
  let filled = 0;
  let done = false;
  const inf = new Inflate((chunk: Uint8Array, final: boolean) => {
    if (filled + chunk.length > size) {
      throw new NpyFormatError(`member '${name}' inflates to more than its declared ${size} bytes: refusing (corrupt archive or zip bomb)`, at, name);
    }
    out.set(chunk, filled);
    filled += chunk.length;
    if (final) done = true;
  });
  const CHUNK = 65536;
  try {
    if (comp.length === 0) inf.push(new Uint8Array(0), true);
    for (let i = 0; i < comp.length; i += CHUNK) inf.push(comp.subarray(i, i + CHUNK), i + CHUNK >= comp.length);
  } catch (err) {
    if (err instanceof NpyFormatError) throw err;
    throw new NpyFormatError(`member '${name}' has corrupt deflate data (${err instanceof Error ? err.message : String(err)})`, at, name);
  }
  if (!done || filled !== size) {
    throw new NpyFormatError(`member '${name}' inflates to ${filled} bytes but declares ${size}: truncated or corrupt archive`, at, name);
  }
  return out;
}

let CRC_TABLE: Int32Array | undefined;
/** CRC-32 (ISO-HDLC, as ZIP uses), unsigned. */
export function crc32(data: Uint8Array): number {
  if (CRC_TABLE === undefined) {
    CRC_TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c;
    }
  }
  const t = CRC_TABLE;
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = (t[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
