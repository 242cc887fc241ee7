/**
 * A tensor as text a person can paste: a NumPy literal (`np.array([...], dtype=np.float32)`) or JSON
 * (NaN and infinities become null there, since JSON has no spelling for them; the caller says so).
 */
import type { Tensor } from '../core/tensor';

/** Clipboard copies beyond this many elements are refused; saving as .npy has no such limit. */
export const COPY_LIMIT = 1_000_000;

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

export function toNumpyLiteral(t: Tensor): string {
  const isFloat = t.dtype.startsWith('float');
  const body = nest(t, (v) => numpyNumber(v, isFloat, t.dtype === 'bool'), 'np.array('.length);
  const zeroSize = t.shape.some((d) => d === 0);
  const reshape = zeroSize && t.shape.length > 1 ? `.reshape(${t.shape.join(', ')})` : '';
  return `np.array(${body}, dtype=${NUMPY_DTYPES[t.dtype]})${reshape}`;
}

export function toJson(t: Tensor): { text: string; nonFinite: number } {
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
