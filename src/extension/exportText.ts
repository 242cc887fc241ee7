/**
 * A tensor as text a person can paste: a NumPy literal (`np.array([...], dtype=np.float32)`) or JSON
 * (NaN and infinities become null there, since JSON has no spelling for them; the caller says so).
 */
import type { Tensor } from '../core/tensor';

/** Clipboard copies beyond this many elements are refused; saving as .npy has no such limit. */
export const COPY_LIMIT = 1_000_000;

/** Clipboard copies whose text would be longer than this many characters are refused (64 MiB of UTF-16). */
export const COPY_TEXT_LIMIT = 32 * 1024 * 1024;

/** Widest text of one value: `-1.2345678901234567e-308`, `-9223372036854775808`, `-np.inf`. */
const MAX_LEAF_CHARS = 24;

/**
 * An upper bound on the characters `toNumpyLiteral`/`toJson` would write for `shape`, computed from the shape
 * alone in O(rank): the values, plus every nested list's brackets and separators (with the indentation of the
 * NumPy layout). A zero-size shape still nests its empty lists: (2^52, 0) is 2^52 pairs of brackets, which is
 * why the element count alone cannot decide whether a copy is affordable.
 */
export function exportTextBound(shape: readonly number[]): number {
  let chars = 'np.array(, dtype=np.float64).reshape()'.length + shape.length * 22;
  let lists = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    const n = shape[axis] ?? 0;
    // Each list at this axis: two brackets, and n - 1 separators of at most ',\n\n' plus the indentation.
    chars += lists * (2 + Math.max(n - 1, 0) * (3 + 'np.array('.length + axis + 1));
    lists *= n;
  }
  chars += lists * MAX_LEAF_CHARS;
  return chars;
}

/**
 * Why `t` cannot be copied as text, or null when it can: more than {@link COPY_LIMIT} values, or text longer
 * than {@link COPY_TEXT_LIMIT} (by {@link exportTextBound}). Decided before any text is built.
 */
export function copyRefusal(t: Tensor, title: string): string | null {
  const values = t.data.length;
  if (values > COPY_LIMIT) {
    return `${title} has ${values.toLocaleString('en-US')} values, too many for the clipboard (limit ${COPY_LIMIT.toLocaleString('en-US')}). Use "Save .npy" instead.`;
  }
  const bound = exportTextBound(t.shape);
  if (bound > COPY_TEXT_LIMIT) {
    const shape = `(${t.shape.join(', ')})`;
    return `${title} ${shape} would be ${bound >= 1e15 ? bound.toExponential(1) : Math.round(bound).toLocaleString('en-US')} characters of text ` +
      `(${values === 0 ? 'no values, but every empty list of every axis is written out' : `${values.toLocaleString('en-US')} values`}), ` +
      `more than the clipboard limit of ${COPY_TEXT_LIMIT.toLocaleString('en-US')}. Use "Save .npy" instead.`;
  }
  return null;
}

function numpyNumber(v: number | bigint, isFloat: boolean, isBool: boolean): string {
  if (typeof v === 'bigint') return v.toString();
  if (isBool) return v ? 'True' : 'False';
  if (Number.isNaN(v)) return 'np.nan';
  if (v === Infinity) return 'np.inf';
  if (v === -Infinity) return '-np.inf';
  if (!isFloat) return String(v);
  if (Object.is(v, -0)) return '-0.';
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.`;
}

/** Nested brackets, one innermost row per line, continuation lines indented by `pad` so brackets align. */
function nest(t: Tensor, leaf: (v: number | bigint) => string, pad = 0): string {
  const { shape, data } = t;
  if (shape.length === 0) return leaf(data[0] ?? 0);
  const walk = (axis: number, offset: number, stride: number): string => {
    const n = shape[axis] ?? 0;
    const inner = stride / Math.max(n, 1);
    if (axis === shape.length - 1) {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(leaf(data[offset + i] ?? 0));
      return `[${parts.join(', ')}]`;
    }
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(walk(axis + 1, offset + i * inner, inner));
    const sep = (axis === shape.length - 2 ? ',\n' : ',\n\n') + ' '.repeat(pad + axis + 1);
    return `[${rows.join(sep)}]`;
  };
  const total = shape.reduce((a, b) => a * b, 1);
  return walk(0, 0, total);
}

const NUMPY_DTYPES: Record<Tensor['dtype'], string> = {
  bool: 'np.bool_', int8: 'np.int8', uint8: 'np.uint8', int16: 'np.int16', uint16: 'np.uint16', int32: 'np.int32',
  uint32: 'np.uint32', int64: 'np.int64', uint64: 'np.uint64', float16: 'np.float16', float32: 'np.float32', float64: 'np.float64',
};

/** The tensor as a NumPy literal. Throws a RangeError, before building anything, when `copyRefusal` refuses it. */
export function toNumpyLiteral(t: Tensor): string {
  guard(t);
  const isFloat = t.dtype.startsWith('float');
  const body = nest(t, (v) => numpyNumber(v, isFloat, t.dtype === 'bool'), 'np.array('.length);
  const zeroSize = t.shape.some((d) => d === 0);
  const reshape = zeroSize && t.shape.length > 1 ? `.reshape(${t.shape.join(', ')})` : '';
  return `np.array(${body}, dtype=${NUMPY_DTYPES[t.dtype]})${reshape}`;
}

/** The tensor as JSON. Throws a RangeError, before building anything, when `copyRefusal` refuses it. */
export function toJson(t: Tensor): { text: string; nonFinite: number } {
  guard(t);
  let nonFinite = 0;
  const text = nest(t, (v) => {
    if (typeof v === 'bigint') return v.toString();
    if (!Number.isFinite(v)) {
      nonFinite++;
      return 'null';
    }
    return t.dtype === 'bool' ? (v ? 'true' : 'false') : String(v);
  });
  return { text, nonFinite };
}

function guard(t: Tensor): void {
  const why = copyRefusal(t, 'the array');
  if (why !== null) throw new RangeError(why);
}
