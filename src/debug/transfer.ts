// The host's half of moving a value out of a paused debuggee: reading the debuggee's reports (the probe: what the
// value is; each chunk: its bytes, length and CRC-32), planning the chunks under the adapter's string limits, and
// assembling a .npy file for the reader. Pure: no vscode; the evaluate requests are made by src/extension/debug.
import { crc32 } from '../io/npz';
import { wireFromName, wireFromNumpyStr, type WireDType } from './dtypes';

export type DebugLanguage = 'python' | 'javascript';

/** What a value is: a numpy array, a framework tensor, a nested list, a JS typed array, nested JS array or tfjs tensor. */
export type ValueKind = 'ndarray' | 'torch' | 'tf' | 'jax' | 'list' | 'typed' | 'array' | 'tfjs';

/** A value the debuggee can send: what it is, its shape, and its dtype as it crosses. */
export interface Probe {
  kind: ValueKind;
  /** The dtype as the debuggee reported it (`>f4`, `torch.bfloat16`, `Float32Array`...). */
  sourceDType: string;
  dtype: WireDType;
  /** bfloat16 and float8 are converted to float32 chunk by chunk in the debuggee. */
  castFloat32: boolean;
  shape: number[];
  elementCount: number;
  byteCount: number;
  /** The value's type name, or for torch its device ("cuda:0"). */
  detail: string;
}

/** Why a value cannot be inspected, said to the user as it is. */
export class DebugValueError extends Error {
  override name = 'DebugValueError';
}

const PYTHON_SUPPORTED = 'numpy arrays, torch tensors, TensorFlow tensors and variables, JAX arrays, and nested lists or tuples of numbers';
const JS_SUPPORTED = 'typed arrays (Float32Array, Int32Array...), { data, shape } objects holding one, nested arrays of numbers or booleans, and tfjs tensors';

export function supportedText(language: DebugLanguage): string {
  return language === 'python' ? PYTHON_SUPPORTED : JS_SUPPORTED;
}

/**
 * The string value of an evaluate result: debug adapters show strings as literals (`'abc'` in Python's repr,
 * `"abc"` or `'abc'` in JavaScript). Undoes the quoting and the usual escapes; text that is not a quoted string is
 * returned as it is (an adapter's error text, or a value that is not a string).
 */
export function unquote(result: string): string {
  const t = result.trim();
  const q = t.charAt(0);
  if (t.length < 2 || (q !== "'" && q !== '"' && q !== '`') || t.charAt(t.length - 1) !== q) return t;
  return t.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\\'"`nrt0])/g, (_, e: string) => {
    switch (e.charAt(0)) {
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case '0': return '\0';
      default: return e;
    }
  });
}

function parseShape(text: string): number[] | undefined {
  if (text === '') return [];
  const dims = text.split(',').map(Number);
  return dims.every((d) => Number.isSafeInteger(d) && d >= 0) ? dims : undefined;
}

/**
 * Reads the probe's report (`PL1;kind;dtype;shape;detail`, see python.ts and javascript.ts) for `expression`.
 * Throws a `DebugValueError` naming the expression and the reason when the value cannot be shown: an
 * evaluation error (the adapter's text), an unsupported type, a ragged list, a dtype the reader lacks.
 */
export function parseProbe(language: DebugLanguage, expression: string, result: string): Probe {
  const text = unquote(result);
  const fields = text.startsWith('PL1;') ? text.split(';') : undefined;
  if (!fields || fields.length < 5) {
    throw new DebugValueError(`'${expression}' could not be evaluated here: ${text.slice(0, 500) || 'the debugger returned nothing'}`);
  }
  const [, kind = '', dtypeText = '', shapeText = ''] = fields;
  const detail = fields.slice(4).join(';');
  const shape = parseShape(shapeText);
  if (kind === 'unsupported') {
    throw new DebugValueError(`'${expression}' is a ${detail || 'value'}, which Pooling Lens cannot show. It shows ${supportedText(language)}.`);
  }
  if (kind === 'badlist') {
    const why = detail === 'ragged'
      ? 'its rows do not all have the same length (or its nesting depth varies)'
      : `it holds ${detail} values, not numbers${language === 'javascript' ? ' or booleans' : ''}`;
    throw new DebugValueError(`'${expression}' is a nested ${language === 'python' ? 'list' : 'array'} that cannot be read as an array: ${why}.`);
  }
  const kinds: readonly string[] = ['ndarray', 'torch', 'tf', 'jax', 'list', 'typed', 'array', 'tfjs'];
  if (!kinds.includes(kind) || !shape) {
    throw new DebugValueError(`'${expression}': the debuggee's report could not be read (${text.slice(0, 200)})`);
  }
  const wired = kind === 'ndarray' ? wireFromNumpyStr(dtypeText) : wireFromName(dtypeText);
  if ('refused' in wired) throw new DebugValueError(`'${expression}' (${detail || kind}): ${wired.refused}.`);
  let elementCount = 1;
  for (const d of shape) elementCount *= d;
  if (!Number.isSafeInteger(elementCount * wired.itemSize)) {
    throw new DebugValueError(`'${expression}' has shape (${shape.join(', ')}): too many elements to fetch.`);
  }
  return {
    kind: kind as ValueKind,
    sourceDType: dtypeText,
    dtype: { descr: wired.descr, itemSize: wired.itemSize, name: wired.name },
    castFloat32: 'castFloat32' in wired && wired.castFloat32 === true,
    shape,
    elementCount,
    byteCount: elementCount * wired.itemSize,
    detail,
  };
}

/** Element ranges [start, end) of at most `maxBytes` bytes each (at least one element each), in order. */
export function chunkRanges(elementCount: number, itemSize: number, maxBytes: number): { start: number; end: number }[] {
  const per = Math.max(1, Math.floor(maxBytes / itemSize));
  const ranges: { start: number; end: number }[] = [];
  for (let start = 0; start < elementCount; start += per) ranges.push({ start, end: Math.min(elementCount, start + per) });
  return ranges;
}

/**
 * Base64 characters per chunk an adapter returns whole for an evaluate `context` (its string limits): debugpy cuts
 * strings above 2^16 characters in `watch` and `repl` but not in `clipboard`; js-debug cuts `repl` results at 10^5.
 */
export function chunkBytesFor(language: DebugLanguage, context: 'watch' | 'repl' | 'clipboard'): number {
  if (language === 'python') return context === 'clipboard' ? 3 << 20 : 48_000;
  return 72_000;
}

const B64 = (() => {
  const t = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
})();

/** Decodes standard base64 (with `=` padding); undefined if it holds anything else. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      const d = c === 61 && i + k >= text.length - pad ? 0 : c < 128 ? (B64[c] as number) : -1;
      if (d < 0) return undefined;
      v = (v << 6) | d;
    }
    if (o < out.length) out[o++] = (v >> 16) & 0xff;
    if (o < out.length) out[o++] = (v >> 8) & 0xff;
    if (o < out.length) out[o++] = v & 0xff;
  }
  return out;
}

/**
 * Reads one chunk's report (`PL1:<crc32 hex>:<length>:<base64>`) and checks it: the length the debuggee counted, the
 * length expected for the range, and the CRC-32 of the bytes against the debuggee's. Throws a `DebugValueError`
 * saying which check failed (a truncated string, an adapter that altered it, a value that changed).
 */
export function parseChunk(result: string, expectedBytes: number, where: string): Uint8Array {
  const text = unquote(result);
  const m = /^PL1:([0-9a-f]{8}):(\d+):([A-Za-z0-9+/=]*)$/.exec(text);
  if (!m) {
    const cut = /…|\.\.\.$/.test(text) ? ' (the debugger shortened the string)' : '';
    throw new DebugValueError(`${where}: the debugger's answer is not a chunk${cut}: ${text.slice(0, 200)}`);
  }
  const [, crcHex = '', lengthText = '', b64 = ''] = m;
  const bytes = decodeBase64(b64);
  if (!bytes) throw new DebugValueError(`${where}: the chunk's base64 text is damaged (${b64.length} characters)`);
  if (Number(lengthText) !== expectedBytes || bytes.length !== expectedBytes) {
    throw new DebugValueError(`${where}: expected ${expectedBytes} bytes, the debuggee sent ${lengthText} and ${bytes.length} arrived`);
  }
  const sent = parseInt(crcHex, 16);
  const got = crc32(bytes);
  if (sent !== got) {
    throw new DebugValueError(`${where}: checksum mismatch (CRC-32 ${crcHex} in the debuggee, ${got.toString(16).padStart(8, '0')} here)`);
  }
  return bytes;
}

/** A .npy version 1.0 header (magic, length, dict padded to a multiple of 64 bytes) for C-order data. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  dict += ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const out = new Uint8Array(10 + dict.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 0xff, dict.length >> 8]);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/**
 * A smaller expression to offer when a value is over the size limit: leading axes indexed at 0 until what is left
 * fits (Python: `x[0, 0]`; JavaScript typed arrays: `x.subarray(0, n)`). Undefined when nothing smaller helps.
 */
export function sliceSuggestion(language: DebugLanguage, expression: string, probe: Probe, maxBytes: number): string | undefined {
  if (language === 'javascript') {
    if (probe.kind !== 'typed' && probe.kind !== 'array') return undefined;
    if (probe.kind === 'typed') return `(${expression}).subarray(0, ${Math.max(1, Math.floor(maxBytes / probe.dtype.itemSize))})`;
    const rowBytes = probe.byteCount / Math.max(1, probe.shape[0] ?? 1);
    return `(${expression}).slice(0, ${Math.max(1, Math.floor(maxBytes / Math.max(1, rowBytes)))})`;
  }
  let bytes = probe.byteCount;
  let k = 0;
  while (bytes > maxBytes && k < probe.shape.length - 1) {
    bytes /= Math.max(1, probe.shape[k] as number);
    k++;
  }
  if (k === 0) return undefined;
  const simple = /^[A-Za-z_][\w.]*$/.test(expression.trim());
  return `${simple ? expression.trim() : `(${expression})`}[${Array(k).fill('0').join(', ')}]`;
}

/**
 * Refuses expressions that could change the debuggee when evaluated inside the serialising expression: an
 * assignment expression (`:=`, Python) or assignment operators and `++`/`--`/`delete` (JavaScript). Returns the
 * reason, or undefined when the expression is fine. (Calls are the user's own choice and are allowed.)
 */
export function expressionRefusal(language: DebugLanguage, expression: string): string | undefined {
  if (expression.trim() === '') return 'the expression is empty';
  if (language === 'python' && /:=/.test(expression)) return "it contains an assignment (':='), which would change the program's variables";
  if (language === 'javascript' && /(^|[^=!<>])=(?!=)|\+\+|--|\bdelete\b|[-+*/%&|^]=|<<=|>>=/.test(expression.replace(/=>/g, ''))) {
    return "it contains an assignment ('=', '+=', '++', 'delete'...), which would change the program's variables";
  }
  return undefined;
}
