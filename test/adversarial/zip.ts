/**
 * A ZIP writer for hostile `.npz` cases: every field it writes can be made to lie (sizes, CRC, offsets,
 * counts, flags, method, ZIP64 records), and members may hand over already compressed bytes (zip bombs).
 * Written for the suite from the ZIP application note (APPNOTE 6.3): local headers, central directory,
 * ZIP64 end record and locator, end of central directory.
 */
import * as zlib from 'node:zlib';
import { deflateSync } from 'fflate';

let TABLE: Uint32Array | undefined;

/** CRC-32 as ZIP uses it; pass the previous value to continue over another chunk. */
export function crc32(data: Uint8Array, previous = 0): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data, previous) >>> 0;
  if (TABLE === undefined) {
    TABLE = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (c & 1 ? 0xedb88320 : 0);
      TABLE[i] = c >>> 0;
    }
  }
  const t = TABLE;
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = ((t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8)) >>> 0;
  return ~c >>> 0;
}

/** A growable little-endian byte writer. */
export class Bytes {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.view.setUint16(this.length, v & 0xffff, true);
    this.length += 2;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this;
  }

  /** Little-endian 64-bit of a non-negative number (exact up to 2^53; larger values wrap their top bits). */
  u64(v: number): this {
    return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32) % 2 ** 32);
  }

  raw(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** ASCII text, one byte per UTF-16 code unit (callers pass ASCII only). */
  ascii(s: string): this {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.length++] = s.charCodeAt(i);
    return this;
  }

  /** The bytes written: a view on the buffer (no copy). */
  done(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export interface ZipMember {
  /** File name (UTF-8 encoded) or raw name bytes. */
  name: string | Uint8Array;
  /** Uncompressed content; sizes and CRC are computed from it unless overridden. */
  data?: Uint8Array;
  /** 0 stored (default), 8 deflate; anything else is written as given. */
  method?: number;
  /** The bytes written after the local header (default: `data`, or its deflation for method 8). */
  compressed?: Uint8Array;
  crc?: number;
  /** Declared sizes (both headers). */
  compressedSize?: number;
  uncompressedSize?: number;
  flags?: number;
  /**
   * Write 0xFFFFFFFF in the 32-bit fields and the true (or given) values in a ZIP64 extra field of the
   * central record. `true`: all three; an object: the given values (a missing key is not written).
   */
  zip64?: boolean | { usize?: number; csize?: number; offset?: number };
  /** Raw extra field of the central record (after any ZIP64 one). */
  extra?: Uint8Array;
  /** Central directory: the local header offset to claim instead of the real one. */
  localHeaderOffset?: number;
  /** Do not write a local record (the central record points wherever `localHeaderOffset` says). */
  noLocal?: boolean;
}

export interface ZipOptions {
  /** Write a ZIP64 end record and locator; the object's fields override what they claim. */
  zip64End?: boolean | { count?: number; cdSize?: number; cdOffset?: number; recordOffset?: number };
  /** EOCD fields to claim instead of the real ones. */
  eocdCount?: number;
  eocdCdSize?: number;
  eocdCdOffset?: number;
  comment?: Uint8Array;
  /** Bytes before the first local header (self-extracting stubs, junk). */
  prefix?: Uint8Array;
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** A name's bytes, or the string itself when it is ASCII (written without encoding, for speed). */
function nameBytes(n: string | Uint8Array): Uint8Array | string {
  if (typeof n !== 'string') return n;
  for (let i = 0; i < n.length; i++) if (n.charCodeAt(i) > 127) return utf8.encode(n);
  return n;
}

function putName(out: Bytes, name: Uint8Array | string): Bytes {
  return typeof name === 'string' ? out.ascii(name) : out.raw(name);
}

/** Builds the archive. Sizes of 2^32 and beyond are only expressible through `zip64`. */
export function buildZip(members: readonly ZipMember[], opts: ZipOptions = {}): Uint8Array {
  const out = new Bytes(1 << 20);
  if (opts.prefix) out.raw(opts.prefix);
  interface Written { m: ZipMember; name: Uint8Array | string; crc: number; csize: number; usize: number; method: number; offset: number }
  const written: Written[] = [];
  for (const m of members) {
    const method = m.method ?? 0;
    const name = nameBytes(m.name);
    const data = m.data ?? new Uint8Array(0);
    const body = m.compressed ?? (method === 8 ? deflateSync(data) : data);
    const crc = m.crc ?? crc32(data);
    const csize = m.compressedSize ?? body.length;
    const usize = m.uncompressedSize ?? data.length;
    const offset = out.length;
    if (!m.noLocal) {
      const big = m.zip64 !== undefined && m.zip64 !== false;
      out.u32(0x04034b50).u16(big ? 45 : 20).u16(m.flags ?? 0).u16(method).u16(0).u16(0x21)
        .u32(crc).u32(big ? 0xffffffff : csize % 2 ** 32).u32(big ? 0xffffffff : usize % 2 ** 32)
        .u16(name.length).u16(0);
      putName(out, name).raw(body);
    }
    written.push({ m, name, crc, csize, usize, method, offset });
  }
  const cdOffset = out.length;
  for (const w of written) {
    const { m } = w;
    const lho = m.localHeaderOffset ?? w.offset;
    let usize32 = w.usize, csize32 = w.csize, lho32 = lho;
    let ex: Uint8Array = EMPTY;
    if ((m.zip64 !== undefined && m.zip64 !== false) || m.extra) {
      const extra = new Bytes(64);
      if (m.zip64 !== undefined && m.zip64 !== false) {
        const z = m.zip64 === true ? { usize: w.usize, csize: w.csize, offset: lho } : m.zip64;
        const parts: number[] = [];
        if (z.usize !== undefined) { usize32 = 0xffffffff; parts.push(z.usize); }
        if (z.csize !== undefined) { csize32 = 0xffffffff; parts.push(z.csize); }
        if (z.offset !== undefined) { lho32 = 0xffffffff; parts.push(z.offset); }
        extra.u16(1).u16(parts.length * 8);
        for (const v of parts) extra.u64(v);
      }
      if (m.extra) extra.raw(m.extra);
      ex = extra.done();
    }
    out.u32(0x02014b50).u16(45).u16(45).u16(m.flags ?? 0).u16(w.method).u16(0).u16(0x21)
      .u32(w.crc).u32(csize32 % 2 ** 32).u32(usize32 % 2 ** 32).u16(w.name.length).u16(ex.length).u16(0)
      .u16(0).u16(0).u32(0).u32(lho32 % 2 ** 32);
    putName(out, w.name).raw(ex);
  }
  const cdSize = out.length - cdOffset;
  const count = written.length;
  if (opts.zip64End) {
    const z = opts.zip64End === true ? {} : opts.zip64End;
    const recordAt = out.length;
    out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0)
      .u64(z.count ?? count).u64(z.count ?? count).u64(z.cdSize ?? cdSize).u64(z.cdOffset ?? cdOffset);
    out.u32(0x07064b50).u32(0).u64(z.recordOffset ?? recordAt).u32(1);
  }
  const zip64 = opts.zip64End !== undefined && opts.zip64End !== false;
  const comment = opts.comment ?? new Uint8Array(0);
  const eCount = opts.eocdCount ?? (zip64 ? 0xffff : Math.min(count, 0xffff));
  out.u32(0x06054b50).u16(0).u16(0).u16(eCount).u16(eCount)
    .u32(opts.eocdCdSize ?? (zip64 ? 0xffffffff : cdSize)).u32(opts.eocdCdOffset ?? (zip64 ? 0xffffffff : cdOffset))
    .u16(comment.length).raw(comment);
  return out.done();
}

/** Writes bits least significant first, as DEFLATE packs them. */
class BitWriter {
  private readonly out = new Bytes(1 << 16);
  private acc = 0;
  private n = 0;

  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.acc |= ((value >>> i) & 1) << this.n;
      if (++this.n === 8) {
        this.out.u8(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }

  /** A Huffman code: its bits go most significant first. */
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.bits((value >>> i) & 1, 1);
  }

  done(): Uint8Array {
    if (this.n > 0) this.out.u8(this.acc);
    return this.out.done();
  }
}

/** A literal byte in DEFLATE's fixed Huffman code (RFC 1951, 3.2.6). */
function fixedLiteral(w: BitWriter, v: number): void {
  if (v < 144) w.code(0x30 + v, 8);
  else w.code(0x190 + v - 144, 9);
}

/**
 * A raw DEFLATE stream of `prefix` followed by `zeros` zero bytes, in one fixed-Huffman block of
 * (length 258, distance 1) copies: about 13 bits per 258 output bytes, built in milliseconds without ever
 * holding the zeros. Returns the CRC-32 and size of the inflated content.
 */
export function deflatedZeros(prefix: Uint8Array, zeros: number): { compressed: Uint8Array; crc: number; size: number } {
  const w = new BitWriter();
  w.bits(1, 1); // BFINAL
  w.bits(1, 2); // BTYPE = 01, fixed Huffman
  for (const b of prefix) fixedLiteral(w, b);
  let left = zeros;
  if (left > 0) {
    fixedLiteral(w, 0);
    left--;
  }
  while (left >= 258) {
    w.code(0xc5, 8); // length code 285 = 258 bytes, no extra bits
    w.code(0, 5); // distance code 0 = distance 1
    left -= 258;
  }
  for (; left > 0; left--) fixedLiteral(w, 0);
  w.code(0, 7); // end of block (256)
  let crc = crc32(prefix);
  const block = new Uint8Array(1 << 20);
  for (let done = 0; done < zeros; done += block.length) {
    const n = Math.min(block.length, zeros - done);
    crc = crc32(n === block.length ? block : block.subarray(0, n), crc);
  }
  return { compressed: w.done(), crc, size: prefix.length + zeros };
}

/**
 * `count` stored members named `m<i>.npy`, each holding `data`, with a ZIP64 end record when needed:
 * written straight into one buffer of the exact size (1,000,000 members in well under a second).
 */
export function manyMembersZip(count: number, data: Uint8Array, crc = crc32(data)): Uint8Array {
  let names = 0;
  for (let i = 0; i < count; i++) names += 5 + String(i).length;
  const zip64 = count > 0xffff; // as Python's zipfile: exactly 65535 members get no ZIP64 record
  const size = count * (30 + 46 + data.length) + 2 * names + (zip64 ? 56 + 20 : 0) + 22;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let p = 0;
  const offsets = new Float64Array(count);
  const name = (i: number): void => {
    out[p++] = 0x6d; // m
    const digits = String(i);
    for (let k = 0; k < digits.length; k++) out[p++] = digits.charCodeAt(k);
    out[p++] = 0x2e; out[p++] = 0x6e; out[p++] = 0x70; out[p++] = 0x79; // .npy
  };
  for (let i = 0; i < count; i++) {
    offsets[i] = p;
    v.setUint32(p, 0x04034b50, true); v.setUint16(p + 4, 20, true); v.setUint32(p + 14, crc, true);
    v.setUint32(p + 18, data.length, true); v.setUint32(p + 22, data.length, true);
    v.setUint16(p + 26, 5 + String(i).length, true);
    p += 30;
    name(i);
    out.set(data, p);
    p += data.length;
  }
  const cd = p;
  for (let i = 0; i < count; i++) {
    v.setUint32(p, 0x02014b50, true); v.setUint16(p + 4, 20, true); v.setUint16(p + 6, 20, true);
    v.setUint32(p + 16, crc, true); v.setUint32(p + 20, data.length, true); v.setUint32(p + 24, data.length, true);
    v.setUint16(p + 28, 5 + String(i).length, true); v.setUint32(p + 42, offsets[i] as number, true);
    p += 46;
    name(i);
  }
  const cdSize = p - cd;
  if (zip64) {
    const rec = p;
    v.setUint32(p, 0x06064b50, true); v.setBigUint64(p + 4, 44n, true); v.setUint16(p + 12, 45, true); v.setUint16(p + 14, 45, true);
    v.setBigUint64(p + 24, BigInt(count), true); v.setBigUint64(p + 32, BigInt(count), true);
    v.setBigUint64(p + 40, BigInt(cdSize), true); v.setBigUint64(p + 48, BigInt(cd), true);
    p += 56;
    v.setUint32(p, 0x07064b50, true); v.setBigUint64(p + 8, BigInt(rec), true); v.setUint32(p + 16, 1, true);
    p += 20;
  }
  v.setUint32(p, 0x06054b50, true);
  v.setUint16(p + 8, zip64 ? 0xffff : count, true); v.setUint16(p + 10, zip64 ? 0xffff : count, true);
  v.setUint32(p + 12, zip64 ? 0xffffffff : cdSize, true); v.setUint32(p + 16, zip64 ? 0xffffffff : cd, true);
  return out;
}
