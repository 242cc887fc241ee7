// JavaScript expressions that describe and serialise a value inside a paused debuggee (js-debug, Node or a
// browser), through `evaluate` only. Each is one arrow function called on the user's expression: its helpers are
// its own locals, nothing is assigned outside it, and tensors are only read (tfjs through `dataSync()`, which
// returns the tensor's values without changing it). The user's expression goes on lines of its own, so a
// trailing `//` comment in it cannot swallow the rest.
import type { Probe } from './transfer';

/** The typed array classes (by their toString tag, which holds across realms) and the numpy dtype each holds. */
const TYPED = "[['Float32Array','float32'],['Float64Array','float64'],['Int8Array','int8'],['Uint8Array','uint8'],['Uint8ClampedArray','uint8']," +
  "['Int16Array','int16'],['Uint16Array','uint16'],['Int32Array','int32'],['Uint32Array','uint32'],['BigInt64Array','int64'],['BigUint64Array','uint64'],['Float16Array','float16']]";

const NAME = "(x) => x === null ? 'null' : typeof x !== 'object' ? typeof x : (x.constructor && x.constructor.name) || 'object'";

/**
 * Evaluates to `PL1;<kind>;<dtype>;<shape>;<detail>`: kind `typed` (typed arrays, 1-D, or `{ data, shape }` objects
 * whose typed `data` holds the row-major elements of `shape`), `tfjs` (tfjs tensors: dtype
 * is theirs), `array` (nested arrays of numbers, float64, or of booleans, bool), `badlist`, or `unsupported`.
 */
export function jsProbe(expression: string): string {
  return `((v) => { const nm = ${NAME};
  const tag = Object.prototype.toString.call(v).slice(8, -1); const t = ${TYPED}.find((p) => p[0] === tag);
  if (t && ArrayBuffer.isView(v)) return 'PL1;typed;' + t[1] + ';' + v.length + ';' + nm(v);
  if (v && typeof v === 'object' && Array.isArray(v.shape) && ArrayBuffer.isView(v.data) && v.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    const dt = Object.prototype.toString.call(v.data).slice(8, -1); const u = ${TYPED}.find((p) => p[0] === dt);
    if (u && v.shape.reduce((a, b) => a * b, 1) === v.data.length) return 'PL1;typed;' + u[1] + ';' + v.shape.join(',') + ';{ data: ' + dt + ', shape }';
  }
  if (v && typeof v === 'object' && typeof v.dataSync === 'function' && Array.isArray(v.shape) && typeof v.dtype === 'string') return 'PL1;tfjs;' + v.dtype + ';' + v.shape.join(',') + ';' + nm(v);
  if (!Array.isArray(v)) return 'PL1;unsupported;;;' + nm(v);
  const s = []; for (let x = v; Array.isArray(x); x = x[0]) s.push(x.length);
  const fits = (x, d) => d < s.length ? Array.isArray(x) && x.length === s[d] && x.every((y) => fits(y, d + 1)) : !Array.isArray(x);
  const f = v.flat(Infinity); const n = s.reduce((a, b) => a * b, 1);
  if (!fits(v, 0) || f.length !== n) return 'PL1;badlist;;' + s.join(',') + ';ragged';
  const bad = f.find((z) => typeof z !== 'number' && typeof z !== 'boolean');
  if (bad !== undefined || f.length !== f.filter((z) => typeof z === 'number' || typeof z === 'boolean').length) return 'PL1;badlist;;' + s.join(',') + ';' + nm(bad);
  return 'PL1;array;' + (f.length > 0 && f.every((z) => typeof z === 'boolean') ? 'bool' : 'float64') + ';' + s.join(',') + ';' + nm(v);
})((
${expression}
))`;
}

/** A typed array of elements [start, end) of the value, in the probe's wire dtype. */
function chunkData(probe: Probe, start: number, end: number): string {
  switch (probe.kind) {
    case 'typed':
      return `(ArrayBuffer.isView(v) ? v : v.data).subarray(${start}, ${end})`;
    case 'tfjs':
      return `v.dataSync().subarray(${start}, ${end})`;
    case 'array':
      return probe.dtype.name === 'bool'
        ? `Uint8Array.from(v.flat(Infinity).slice(${start}, ${end}), (z) => z ? 1 : 0)`
        : `Float64Array.from(v.flat(Infinity).slice(${start}, ${end}), Number)`;
    default:
      throw new Error(`${probe.kind} values are not read by JavaScript expressions`);
  }
}

/**
 * Evaluates to `PL1:<crc32 hex>:<byte count>:<base64>` for elements [start, end) of the value: the typed array's
 * own bytes (little-endian on every platform a debugger runs on), CRC-32 computed here as zlib does.
 */
export function jsChunk(expression: string, probe: Probe, start: number, end: number): string {
  return `((v) => { const d = ${chunkData(probe, start, end)}; const u = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const t = []; for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; }
  let c = -1; for (let i = 0; i < u.length; i++) c = t[(c ^ u[i]) & 255] ^ (c >>> 8);
  let b = ''; if (typeof Buffer === 'function') b = Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
  else { let s = ''; for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode.apply(null, u.subarray(i, i + 8192)); b = btoa(s); }
  return 'PL1:' + ((c ^ -1) >>> 0).toString(16).padStart(8, '0') + ':' + u.length + ':' + b;
})((
${expression}
))`;
}
