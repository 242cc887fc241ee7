/** Types and helpers shared by the adversarial case families. */
import type { DType, Tensor, TypedArray } from '../../src/core';
import { allocData, sizeOf } from '../../src/core/tensor';
import type { Rng } from './prng';

export type Family = 'npy' | 'npz' | 'literal' | 'locate' | 'pool' | 'window' | 'stats' | 'export' | 'hover' | 'selftest';

/** What a case does: call the real function once. */
export interface CaseBody {
  run(): unknown;
  /**
   * A documented RangeError this case may end with, e.g. `windowOf` asked for a cell outside the output. `when`
   * tells it apart from any other RangeError (V8's "Invalid array length" is never one); `label` names it in the
   * summary.
   */
  allowRangeError?: { label: string; when: (message: string) => boolean };
  /** The input is valid (numpy writes or reads it): a typed refusal is a failure too. */
  mustSucceed?: boolean;
  /** Checks a returned value; a string names what is wrong (the case then fails). */
  check?(result: unknown): string | undefined;
}

export interface Case extends CaseBody {
  /** `family#index:name`: rebuild it with `--only family#index` and the same `--seed`. */
  id: string;
  family: Family;
}

export type Builder = (r: Rng) => CaseBody;

/** `windowOf`/`explainValue` asked for a cell outside the output: their RangeError says so. */
export const OUTSIDE_THE_OUTPUT: NonNullable<CaseBody['allowRangeError']> = {
  label: 'windowOf: outside the output',
  when: (m) => /outside the output/.test(m),
};

/** The same builder, marked as a valid input that must give a result. */
export function valid(b: Builder): Builder {
  return (r) => ({ ...b(r), mustSucceed: true });
}

export interface FamilySpec {
  /** Hand-written hostile cases, run first (index 0..fixed.length-1). */
  fixed: ReadonlyArray<readonly [string, Builder]>;
  /** Random variants for every later index. */
  random(r: Rng): readonly [string, CaseBody];
}

export const DTYPE_LIST: readonly DType[] = [
  'bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32', 'float64',
];

/** Numbers that break naive arithmetic, for every numeric parameter. */
export const ABSURD_NUMBERS: readonly number[] = [
  0, -1, 1.5, NaN, Infinity, -Infinity, 1e9, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -0, 1e300, Number.MIN_VALUE,
];

/** Values of the wrong type or shape for a numeric parameter. */
export const ABSURD_VALUES: readonly unknown[] = [
  ...ABSURD_NUMBERS, '2', '', null, true, {}, [], [2, 2, 2, 2], [NaN], [2, 'x'], [1e9, 1e9], [2 ** 53, 1],
  [Infinity, Infinity, Infinity], new Array(1000).fill(2),
];


/** A tensor of random values (with NaN, infinities, -0 and extremes now and then for floats). */
export function randomTensor(r: Rng, dtype: DType, shape: readonly number[]): Tensor {
  const n = sizeOf(shape);
  const data = allocData(dtype, n);
  const special = [NaN, Infinity, -Infinity, -0, 65504, -65504, 3.4e38, 1e-45, 5e-324, 1.7976931348623157e308];
  const hostile = r.chance(0.3);
  if (n > 1 << 20) {
    // Large: a cheap pattern with a few specials, so building the case stays fast.
    const d = data as unknown as { [i: number]: number | bigint };
    const big = data instanceof BigInt64Array || data instanceof BigUint64Array;
    for (let i = 0; i < n; i++) d[i] = big ? BigInt((i * 7919) % 1009) : dtype === 'bool' ? i & 1 : ((i * 7919) % 1009) - 500;
    if (dtype.startsWith('float')) for (let k = 0; k < 16; k++) d[r.int(n)] = r.pick(special);
    return { dtype, shape: [...shape], data };
  }
  for (let i = 0; i < n; i++) {
    if (data instanceof BigInt64Array) {
      data[i] = hostile && r.chance(0.1) ? r.pick([-(2n ** 63n), 2n ** 63n - 1n, 0n]) : BigInt(r.range(-1000, 1000));
    } else if (data instanceof BigUint64Array) {
      data[i] = hostile && r.chance(0.1) ? r.pick([2n ** 64n - 1n, 0n]) : BigInt(r.int(1000));
    } else if (dtype === 'bool') {
      (data as Uint8Array)[i] = hostile && r.chance(0.1) ? r.int(256) : r.int(2);
    } else if (dtype.startsWith('float')) {
      (data as Float64Array)[i] = hostile && r.chance(0.1) ? r.pick(special) : (r.float() - 0.5) * 200;
    } else {
      (data as Int32Array)[i] = r.range(-200, 200);
    }
  }
  return { dtype, shape: [...shape], data };
}

/** A tensor's data must hold exactly the elements its shape says, in the dtype's class. */
export function tensorProblem(t: unknown): string | undefined {
  if (typeof t !== 'object' || t === null) return `not a tensor: ${typeof t}`;
  const { dtype, shape, data } = t as Tensor;
  if (!DTYPE_LIST.includes(dtype)) return `unknown dtype ${String(dtype)}`;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) return `bad shape ${String(shape)}`;
  const n = sizeOf(shape);
  if (!ArrayBuffer.isView(data) || (data as TypedArray).length !== n) {
    return `data length ${ArrayBuffer.isView(data) ? (data as TypedArray).length : typeof data} does not match shape (${shape.join(', ')}) = ${n}`;
  }
  if ((data as TypedArray).constructor !== allocData(dtype, 0).constructor) return `dtype ${dtype} held in ${(data as TypedArray).constructor.name}`;
  return undefined;
}

/** Latin-1 bytes of a string (code units above 255 keep their low byte). */
export function latin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Random edits of a byte string: flips, truncation, insertions, duplicated runs. */
export function mutateBytes(r: Rng, src: Uint8Array, headerBytes = 128): Uint8Array {
  let b: Uint8Array = src.slice();
  const edits = 1 + r.int(4);
  for (let k = 0; k < edits; k++) {
    switch (r.int(7)) {
      case 0: if (b.length > 0) b[r.int(b.length)] = r.int(256); break;
      case 1: if (b.length > 0) b[r.int(Math.min(b.length, headerBytes))] = r.int(256); break;
      case 2: b = b.slice(0, r.int(b.length + 1)); break;
      case 3: {
        const at = r.int(b.length + 1);
        b = concat(b.subarray(0, at), r.bytes(1 + r.int(16)), b.subarray(at));
        break;
      }
      case 4: {
        const at = r.int(b.length + 1);
        b = concat(b.subarray(0, at), b.subarray(at + 1 + r.int(16)));
        break;
      }
      case 5: {
        const at = r.int(b.length + 1);
        const len = r.int(64);
        b = concat(b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len));
        break;
      }
      default: if (b.length > 0) { const i = r.int(b.length); b[i] = (b[i] as number) ^ (1 << r.int(8)); }
    }
  }
  return b;
}

/** Random edits of a string: characters that matter to the parsers. */
export function mutateText(r: Rng, src: string): string {
  const alphabet = '[](){},.:;-+eE0123456789 \n\t\'"#/*\\_xjnaiftrueNIFdtype=np.T';
  let s = src;
  const edits = 1 + r.int(4);
  for (let k = 0; k < edits; k++) {
    const at = r.int(s.length + 1);
    switch (r.int(5)) {
      case 0: s = s.slice(0, at) + alphabet.charAt(r.int(alphabet.length)) + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + r.int(4)); break;
      case 2: s = s.slice(0, at) + s.slice(at, at + r.int(32)) + s.slice(at); break;
      case 3: s = s.slice(0, at) + String.fromCharCode(r.int(0x10000)) + s.slice(at + 1); break;
      default: s = s.slice(0, at) + r.pick(['nan', 'inf', '-', 'e999', '1e-400', '2**64', ']', '[', '(', 'dtype=', '.reshape(-1,', '...']) + s.slice(at);
    }
  }
  return s;
}

/** A short description of a returned value, for the runner's log (never the value itself). */
export function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return `string(${v.length})`;
  if (typeof v !== 'object') return typeof v;
  if (v instanceof Map) return `Map(${v.size})`;
  if (Array.isArray(v)) return `Array(${v.length})`;
  const t = v as Partial<Tensor>;
  if (typeof t.dtype === 'string' && Array.isArray(t.shape)) return `${t.dtype} (${t.shape.join(', ')})`;
  return `{${Object.keys(v).slice(0, 4).join(', ')}}`;
}
