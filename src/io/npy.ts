/**
 * NumPy `.npy` files: read from bytes, write to bytes.
 *
 * Contracts:
 * - Versions 1.0, 2.0 and 3.0 (3.0: UTF-8 header); any header padding (numpy pads to 64 bytes, older
 *   writers to 16, some not at all); byte orders `<`, `>`, `|`, `=`; `fortran_order` True or False;
 *   `shape=()` (one element) and zero-size shapes.
 * - dtypes `b1 i1 i2 i4 i8 u1 u2 u4 u8 f2 f4 f8`. Complex `c8`/`c16` are read as their magnitude `|z|`
 *   (float32/float64) and {@link NpyHeader.complex} is true so the UI can say so; strings, objects,
 *   datetimes and structured dtypes are refused.
 * - Little-endian (or single-byte) C-order data whose offset in the underlying ArrayBuffer is a multiple
 *   of the item size is returned as a view on `bytes` (no copy: the tensor aliases the caller's buffer).
 *   Everything else (big-endian, unaligned, Fortran order, float16, complex, bool bytes other than 0/1)
 *   is converted once into a new buffer.
 * - Data shorter or longer than the shape needs is refused, as is a shape whose element count is not a
 *   safe integer. Nothing is allocated before the sizes have been checked against the input length.
 * - `writeNpy` writes exactly what `numpy.save` writes for the same array (same header text, padding
 *   and data bytes), so numpy loads it back bit-identically.
 */
import { sizeOf, type DType, type Tensor, type TypedArray } from '../core/tensor';
import { NpyFormatError } from './errors';
import { floatToHalf, halfToFloat } from './half';
import { StridedWalk, columnMajorStrides } from './strided';

export interface NpyHeader {
  /** Format version as written in the file: `'1.0'`, `'2.0'` or `'3.0'`. */
  version: '1.0' | '2.0' | '3.0';
  /** The dtype string from the header, e.g. `'<f4'`. */
  descr: string;
  /** `<` little, `>` big, `|` not applicable (one-byte types), `=` native (little on every JS host). */
  byteOrder: '<' | '>' | '|' | '=';
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the first data byte (header length included). */
  dataOffset: number;
  /** The tensor dtype the data is read as (complex: the magnitude's float dtype). */
  dtype: DType;
  /** numpy's name of the stored dtype, e.g. `float32`, `complex64`: what the panel shows. */
  storedDType: string;
  /** Bytes per stored element. */
  itemSize: number;
  /** Number of elements (1 for `shape=()`). */
  elementCount: number;
  /** `elementCount * itemSize`: the exact data length the file must have after the header. */
  dataBytes: number;
  /** True for `c8`/`c16`: the tensor holds `|z|`. */
  complex: boolean;
  /** A sentence for the UI when the tensor is not the stored values as they are (complex magnitude). */
  notice?: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Kind {
  dtype: DType;
  name: string;
  size: number;
  complex?: boolean;
}

const KINDS: Record<string, Kind> = {
  b1: { dtype: 'bool', name: 'bool', size: 1 },
  '?': { dtype: 'bool', name: 'bool', size: 1 },
  i1: { dtype: 'int8', name: 'int8', size: 1 },
  u1: { dtype: 'uint8', name: 'uint8', size: 1 },
  i2: { dtype: 'int16', name: 'int16', size: 2 },
  u2: { dtype: 'uint16', name: 'uint16', size: 2 },
  i4: { dtype: 'int32', name: 'int32', size: 4 },
  u4: { dtype: 'uint32', name: 'uint32', size: 4 },
  i8: { dtype: 'int64', name: 'int64', size: 8 },
  u8: { dtype: 'uint64', name: 'uint64', size: 8 },
  f2: { dtype: 'float16', name: 'float16', size: 2 },
  f4: { dtype: 'float32', name: 'float32', size: 4 },
  f8: { dtype: 'float64', name: 'float64', size: 8 },
  c8: { dtype: 'float32', name: 'complex64', size: 8, complex: true },
  c16: { dtype: 'float64', name: 'complex128', size: 16, complex: true },
};

const DESCR_OF: Record<DType, string> = {
  bool: '|b1', int8: '|i1', uint8: '|u1', int16: '<i2', uint16: '<u2', int32: '<i4', uint32: '<u4',
  int64: '<i8', uint64: '<u8', float16: '<f2', float32: '<f4', float64: '<f8',
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The preamble: magic, version, and where the header dict lies. */
function readPreamble(bytes: Uint8Array): { major: 1 | 2 | 3; headerStart: number; headerLen: number; dataOffset: number } {
  if (bytes.length < 10) {
    throw new NpyFormatError(`not a .npy file: it is ${bytes.length} bytes long, shorter than the 10-byte preamble`, 0);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw new NpyFormatError(`not a .npy file: byte ${i} should be 0x${(MAGIC[i] as number).toString(16)} of the magic "\\x93NUMPY", found 0x${(bytes[i] ?? 0).toString(16)}`, i);
    }
  }
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    throw new NpyFormatError(`unsupported .npy format version ${major}.${minor} (byte 6): this reader knows 1.0, 2.0 and 3.0`, 6);
  }
  let headerStart: number;
  let headerLen: number;
  if (major === 1) {
    headerStart = 10;
    headerLen = (bytes[8] as number) | ((bytes[9] as number) << 8);
  } else {
    if (bytes.length < 12) throw new NpyFormatError(`truncated .npy file: version ${major}.0 needs a 12-byte preamble, the file has ${bytes.length} bytes`, bytes.length);
    headerStart = 12;
    headerLen = ((bytes[8] as number) | ((bytes[9] as number) << 8) | ((bytes[10] as number) << 16)) + (bytes[11] as number) * 2 ** 24;
  }
  const dataOffset = headerStart + headerLen;
  if (dataOffset > bytes.length) {
    throw new NpyFormatError(`truncated .npy file: the header claims ${headerLen} bytes (to byte ${dataOffset}) but the file has only ${bytes.length} bytes`, 8);
  }
  return { major, headerStart, headerLen, dataOffset };
}

/** Reads and checks the preamble and header dict; does not touch the data. */
export function readNpyHeader(bytes: Uint8Array): NpyHeader {
  const { major, headerStart, dataOffset } = readPreamble(bytes);
  const raw = bytes.subarray(headerStart, dataOffset);
  const text = major === 3 ? new TextDecoder('utf-8').decode(raw) : latin1(raw);
  const dict = parseHeaderDict(text, headerStart);

  const descrRaw = dict.descr;
  let byteOrder: NpyHeader['byteOrder'] = '|';
  let code = descrRaw;
  const first = descrRaw.charAt(0);
  if (first === '<' || first === '>' || first === '|' || first === '=') {
    byteOrder = first;
    code = descrRaw.slice(1);
  }
  const kind = Object.prototype.hasOwnProperty.call(KINDS, code) ? KINDS[code] : undefined;
  if (kind === undefined) throw new NpyFormatError(refusal(descrRaw), headerStart + Math.max(0, text.indexOf(descrRaw)));
  if (byteOrder === '|' && kind.size > 1 && !kind.complex) {
    // numpy never writes '|' for multi-byte types; read it as native (little) rather than refuse.
    byteOrder = '=';
  }
  const shape = dict.shape;
  const shapeAt = headerStart + Math.max(0, text.indexOf('shape'));
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (!Number.isSafeInteger(count)) {
      throw new NpyFormatError(`the shape (${shape.join(', ')}) has more elements than can be addressed (over 2^53)`, shapeAt);
    }
  }
  const dataBytes = count * kind.size;
  if (!Number.isSafeInteger(dataBytes)) {
    throw new NpyFormatError(`the shape (${shape.join(', ')}) needs more bytes than can be addressed`, shapeAt);
  }
  const header: NpyHeader = {
    version: `${major}.0` as NpyHeader['version'],
    descr: descrRaw,
    byteOrder,
    fortranOrder: dict.fortranOrder,
    shape,
    dataOffset,
    dtype: kind.dtype,
    storedDType: kind.name,
    itemSize: kind.size,
    elementCount: count,
    dataBytes,
    complex: kind.complex === true,
  };
  if (kind.complex) header.notice = `${kind.name} values are shown as their magnitude |z| (${kind.dtype}); pooling needs real values`;
  return header;
}

function refusal(descr: string): string {
  const c = descr.replace(/^[<>|=]/, '').charAt(0);
  const why =
    c === 'U' || c === 'S' || c === 'a' ? 'it holds strings' :
    c === 'O' ? 'it holds Python objects (saved with allow_pickle)' :
    c === 'V' ? 'it holds raw void/structured records' :
    c === 'M' || c === 'm' ? 'it holds datetimes or timedeltas' :
    c === 'f' ? 'this float width is not supported (float16, float32 and float64 are)' :
    'this dtype is not a numeric tensor dtype';
  return `cannot read dtype '${descr}': ${why}. Save a numeric array (bool, int8..int64, uint8..uint64, float16/32/64) instead`;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

/**
 * Parses the header's Python dict literal: exactly the keys `descr` (a string), `fortran_order`
 * (True/False) and `shape` (a tuple of non-negative ints), in any order, padded with spaces/newline.
 */
function parseHeaderDict(text: string, base: number): { descr: string; fortranOrder: boolean; shape: number[] } {
  let p = 0;
  const n = text.length;
  const err = (msg: string, at: number): never => {
    throw new NpyFormatError(`bad .npy header at byte ${base + at}: ${msg}. The header must be a dict like {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`, base + at);
  };
  const ws = (): void => {
    while (p < n && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 10 || text.charCodeAt(p) === 13 || text.charCodeAt(p) === 9)) p++;
  };
  const str = (): string => {
    const q = text.charAt(p);
    if (q !== "'" && q !== '"') err(`expected a quoted string, found ${JSON.stringify(text.charAt(p))}`, p);
    const close = text.indexOf(q, p + 1);
    if (close < 0) err('unterminated string', p);
    const s = text.slice(p + 1, close);
    p = close + 1;
    return s;
  };
  const bool = (): boolean => {
    for (const [word, value] of [['True', true], ['False', false]] as const) {
      if (text.startsWith(word, p)) {
        p += word.length;
        return value;
      }
    }
    return err('fortran_order must be True or False', p);
  };
  /** A tuple of non-negative integers (Python 2's `3L` too), at most 64 of them. */
  const tuple = (): number[] => {
    if (text.charAt(p) !== '(') err('shape must be a tuple such as (3, 4)', p);
    p++;
    const out: number[] = [];
    for (;;) {
      ws();
      if (text.charAt(p) === ')') {
        p++;
        return out;
      }
      const start = p;
      let v = 0;
      while (p < n && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) {
        v = v * 10 + (text.charCodeAt(p) - 48);
        p++;
      }
      if (p === start) err(`a shape entry must be a non-negative integer, found ${JSON.stringify(text.charAt(p))}`, p);
      if (text.charAt(p) === 'L') p++; // Python 2 long
      if (!Number.isSafeInteger(v)) err('a shape entry is too large', start);
      out.push(v);
      if (out.length > 64) err('the shape has more than 64 dimensions', start);
      ws();
      if (text.charAt(p) === ',') p++;
      else if (text.charAt(p) !== ')') err(`expected ',' or ')' in the shape, found ${JSON.stringify(text.charAt(p))}`, p);
    }
  };
  ws();
  if (text.charAt(p) !== '{') err(`expected '{', found ${JSON.stringify(text.charAt(p))}`, p);
  p++;
  let descr: string | undefined;
  let fortran: boolean | undefined;
  let shape: number[] | undefined;
  for (;;) {
    ws();
    if (text.charAt(p) === '}') {
      p++;
      break;
    }
    if (p >= n) err("the dict is never closed with '}'", p);
    const keyAt = p;
    const key = str();
    ws();
    if (text.charAt(p) !== ':') err(`expected ':' after '${key}'`, p);
    p++;
    ws();
    if (key === 'descr') {
      if (text.charAt(p) === '[') {
        throw new NpyFormatError(`cannot read a structured dtype (descr is a list of fields at byte ${base + p}): save one numeric field as its own array`, base + p);
      }
      descr = str();
    } else if (key === 'fortran_order') {
      fortran = bool();
    } else if (key === 'shape') {
      shape = tuple();
    } else {
      err(`unexpected key '${key}' (only 'descr', 'fortran_order' and 'shape' are allowed)`, keyAt);
    }
    ws();
    if (text.charAt(p) === ',') p++;
    else if (text.charAt(p) !== '}') err(`expected ',' or '}' after the value of '${key}'`, p);
  }
  ws();
  if (p < n && text.charCodeAt(p) !== 0) err(`unexpected text after the dict: ${JSON.stringify(text.slice(p, p + 10))}`, p);
  if (descr === undefined) err("the key 'descr' is missing", 0);
  if (fortran === undefined) err("the key 'fortran_order' is missing", 0);
  if (shape === undefined) err("the key 'shape' is missing", 0);
  return { descr: descr as string, fortranOrder: fortran as boolean, shape: shape as number[] };
}

/** Reads a `.npy` file into a tensor (a view on `bytes` when possible; see the module comment). */
export function readNpy(bytes: Uint8Array): Tensor {
  return readNpyWithHeader(bytes).tensor;
}

/** Like {@link readNpy}, also returning the header (dtype as stored, byte order, version, complex flag). */
export function readNpyWithHeader(bytes: Uint8Array): { header: NpyHeader; tensor: Tensor } {
  const h = readNpyHeader(bytes);
  const avail = bytes.length - h.dataOffset;
  const shapeText = `(${h.shape.join(', ')}${h.shape.length === 1 ? ',' : ''})`;
  if (avail < h.dataBytes) {
    throw new NpyFormatError(`truncated .npy file: shape ${shapeText} of ${h.storedDType} needs ${h.dataBytes} data bytes after the header, the file has ${avail}`, bytes.length);
  }
  if (avail > h.dataBytes) {
    throw new NpyFormatError(`the .npy file has ${avail - h.dataBytes} bytes after the data that shape ${shapeText} of ${h.storedDType} accounts for (byte ${h.dataOffset + h.dataBytes}): the header and data disagree`, h.dataOffset + h.dataBytes);
  }
  const little = h.byteOrder !== '>' ;
  const n = h.elementCount;
  let data: TypedArray;
  if (h.complex) {
    const parts = numericView(bytes, h.dataOffset, 2 * n, h.itemSize / 2, little, h.itemSize === 8 ? 'float32' : 'float64');
    const out = h.itemSize === 8 ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.hypot(parts[2 * i] as number, parts[2 * i + 1] as number);
    data = out;
  } else if (h.dtype === 'float16') {
    const bits = numericView(bytes, h.dataOffset, n, 2, little, 'uint16') as Uint16Array;
    const table = halfTable();
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = table[bits[i] as number] as number;
    data = out;
  } else if (h.dtype === 'bool') {
    let u = bytes.subarray(h.dataOffset, h.dataOffset + n);
    let clean = true;
    for (let i = 0; i < n; i++) if ((u[i] as number) > 1) clean = false;
    if (!clean) u = u.map((x) => (x !== 0 ? 1 : 0));
    data = u;
  } else {
    data = numericView(bytes, h.dataOffset, n, h.itemSize, little, h.dtype);
  }
  if (h.fortranOrder && h.shape.length > 1) data = fortranToC(data, h.shape);
  return { header: h, tensor: { dtype: h.dtype, shape: h.shape.slice(), data } };
}

type NumericDType = Exclude<DType, 'bool' | 'float16'> | 'uint16';

function ctorOf(d: NumericDType): {
  new (b: ArrayBufferLike, off: number, len: number): TypedArray;
  new (len: number): TypedArray;
} {
  switch (d) {
    case 'int8': return Int8Array;
    case 'uint8': return Uint8Array;
    case 'int16': return Int16Array;
    case 'uint16': return Uint16Array;
    case 'int32': return Int32Array;
    case 'uint32': return Uint32Array;
    case 'int64': return BigInt64Array;
    case 'uint64': return BigUint64Array;
    case 'float32': return Float32Array;
    case 'float64': return Float64Array;
  }
}

/** A typed view of `n` items at `offset`: zero-copy when aligned and in host order, else one copy. */
function numericView(bytes: Uint8Array, offset: number, n: number, size: number, little: boolean, dtype: NumericDType): TypedArray {
  const C = ctorOf(dtype);
  const abs = bytes.byteOffset + offset;
  const native = size === 1 || little === HOST_LITTLE_ENDIAN;
  if (native && abs % size === 0) return new C(bytes.buffer, abs, n);
  const copy = bytes.slice(offset, offset + n * size);
  if (!native) {
    for (let i = 0; i < copy.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = copy[a] as number;
        copy[a] = copy[b] as number;
        copy[b] = t;
      }
    }
  }
  return new C(copy.buffer, 0, n);
}

let HALF_TABLE: Float32Array | undefined;
function halfTable(): Float32Array {
  if (HALF_TABLE === undefined) {
    HALF_TABLE = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) HALF_TABLE[i] = halfToFloat(i);
  }
  return HALF_TABLE;
}

/** Reorders column-major data of `shape` into row-major (one pass, rank-generic). */
function fortranToC(src: TypedArray, shape: number[]): TypedArray {
  const n = src.length;
  const out = new (src.constructor as new (n: number) => TypedArray)(n);
  const walk = new StridedWalk(shape, columnMajorStrides(shape));
  const s = src as unknown as ArrayLike<number>;
  const o = out as unknown as { [i: number]: number };
  for (let i = 0; i < n; i++) {
    o[i] = s[walk.offset] as number;
    walk.next();
  }
  return out;
}

/**
 * Writes a tensor as a `.npy` file, byte-identical to `numpy.save` of the same array (version 1.0
 * header padded to 64 bytes with numpy's growth-axis spaces; little-endian C-order data; float16 encoded
 * from the Float32Array values). Throws {@link NpyFormatError} if `data` does not match `shape`.
 */
export function writeNpy(t: Tensor): Uint8Array {
  const n = sizeOf(t.shape);
  if (t.data.length !== n) {
    throw new NpyFormatError(`cannot write: shape (${t.shape.join(', ')}) has ${n} elements but the data has ${t.data.length}`);
  }
  const shapeRepr = t.shape.length === 0 ? '()' : t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${DESCR_OF[t.dtype]}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  if (t.shape.length > 0) header += ' '.repeat(Math.max(0, 21 - String(t.shape[0]).length));
  let version = 1;
  let prefix = 10;
  let total = prefix + header.length + 1;
  let pad = 64 - (total % 64);
  if (header.length + 1 + pad > 0xffff) {
    version = 2;
    prefix = 12;
    total = prefix + header.length + 1;
    pad = 64 - (total % 64);
  }
  header += ' '.repeat(pad) + '\n';
  const hlen = header.length;
  const itemSize = t.dtype === 'float16' ? 2 : t.data.BYTES_PER_ELEMENT;
  const out = new Uint8Array(prefix + hlen + n * itemSize);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  if (version === 1) {
    out[8] = hlen & 0xff;
    out[9] = hlen >> 8;
  } else new DataView(out.buffer).setUint32(8, hlen, true);
  for (let i = 0; i < hlen; i++) out[prefix + i] = header.charCodeAt(i);
  const body = out.subarray(prefix + hlen);
  if (t.dtype === 'float16') {
    const dv = new DataView(out.buffer, prefix + hlen);
    const src = t.data as Float32Array;
    for (let i = 0; i < n; i++) dv.setUint16(2 * i, floatToHalf(src[i] as number), true);
  } else if (t.dtype === 'bool') {
    const src = t.data as Uint8Array;
    for (let i = 0; i < n; i++) body[i] = src[i] !== 0 ? 1 : 0;
  } else {
    body.set(new Uint8Array(t.data.buffer, t.data.byteOffset, n * itemSize));
    if (!HOST_LITTLE_ENDIAN && itemSize > 1) {
      for (let i = 0; i < body.length; i += itemSize) body.subarray(i, i + itemSize).reverse();
    }
  }
  return out;
}
