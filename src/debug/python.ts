// Python expressions that describe and serialise a value inside a paused debuggee, through the debug adapter's
// `evaluate` only. Each is one expression: helpers are lambda parameters, modules are read from sys.modules (a
// framework that is not imported cannot hold the value, so nothing is imported but `sys` and `binascii`, which
// every CPython has loaded), and nothing is assigned in the user's namespace. The user's expression goes on lines
// of its own, so a trailing comment in it cannot swallow the rest.
import type { Probe } from './transfer';

/** numpy, torch, tensorflow and jax as the debuggee has them (None when not imported), and two formatters. */
const MODULES = "m.get('numpy'), m.get('torch'), m.get('tensorflow'), m.get('jax')";
const NAME = "lambda x: '%s.%s' % (type(x).__module__, type(x).__qualname__)";
const SHAPE = "lambda s: ','.join(str(int(d)) for d in s)";

const IS_SEQ = 'isinstance(x, (list, tuple))';
/** The shape of a nested list as its first elements say. */
const DIMS = `(lambda d: d(d, v))(lambda d, x: ((len(x),) + (d(d, x[0]) if len(x) else ())) if ${IS_SEQ} else ())`;
/** The leaves of a nested list in row-major order. */
const FLAT = `(lambda g: g(g, v))(lambda g, x: [z for y in x for z in g(g, y)] if ${IS_SEQ} else [x])`;
/** True when every element has exactly the shape `s` (no ragged rows, no leaves at the wrong depth). */
const FITS = `(lambda o: o(o, v, s))(lambda o, x, s: (${IS_SEQ} and len(x) == s[0] and all(o(o, y, s[1:]) for y in x)) if s else not ${IS_SEQ})`;
const REAL = "(hasattr(z, '__float__') and not isinstance(z, complex))";
/** A nested list's report: its dtype as numpy would choose it (bool, int64, else float64), or why it cannot. */
const LIST_PROBE =
  `(lambda s, f: 'PL1;badlist;;%s;ragged' % sh(s) if not ${FITS} else ` +
  `'PL1;list;%s;%s;%s' % ('bool' if f and all(type(z) is bool for z in f) else 'int64' if all(isinstance(z, int) and -2**63 <= z < 2**63 for z in f) else 'float64', sh(s), nm(v)) ` +
  `if all(${REAL} for z in f) else 'PL1;badlist;;%s;%s' % (sh(s), next(nm(z) for z in f if not ${REAL})))(${DIMS}, ${FLAT})`;

/** Binds the user's value to `v` and sys.modules to `m` for `body`. */
function wrap(body: string, expression: string): string {
  return `(lambda v, m: ${body})((\n${expression}\n), __import__('sys').modules)`;
}

/**
 * Evaluates to `PL1;<kind>;<dtype>;<shape>;<detail>`: kind `ndarray` (numpy arrays and scalars; dtype is
 * `dtype.str`), `torch` (dtype `torch.float32`, detail the device), `tf`, `jax` (dtype names), `list` (nested
 * lists and tuples of numbers), `badlist` (detail says why), or `unsupported` (detail is the type's name).
 */
export function pythonProbe(expression: string): string {
  const body =
    `(lambda np, T, tf, jx, nm, sh: ` +
    `'PL1;ndarray;%s;%s;%s' % (np.asarray(v).dtype.str, sh(np.asarray(v).shape), nm(v)) if np is not None and isinstance(v, (np.ndarray, np.generic)) else ` +
    `'PL1;torch;%s;%s;%s' % (v.dtype, sh(v.shape), v.device) if T is not None and isinstance(v, T.Tensor) else ` +
    `'PL1;tf;%s;%s;%s' % (v.dtype.name, sh(v.shape), nm(v)) if tf is not None and isinstance(v, (getattr(tf, 'Tensor', ()), getattr(tf, 'Variable', ()))) else ` +
    `'PL1;jax;%s;%s;%s' % (v.dtype, sh(v.shape), nm(v)) if jx is not None and isinstance(v, getattr(jx, 'Array', ())) else ` +
    `${LIST_PROBE} if isinstance(v, (list, tuple)) else ` +
    `'PL1;unsupported;;;%s' % nm(v))(${MODULES}, ${NAME}, ${SHAPE})`;
  return wrap(body, expression);
}

/** The bytes of elements [start, end) of the value, row-major, in the probe's wire dtype: a Python `bytes` expression. */
function chunkBytes(probe: Probe, start: number, end: number): string {
  const descr = `'${probe.dtype.descr}'`;
  switch (probe.kind) {
    case 'ndarray':
    case 'jax':
      // flat[a:b] copies just those elements in C order, whatever the array's strides; astype makes them little-endian.
      return `m['numpy'].asarray(v).flat[${start}:${end}].astype(${descr}).tobytes()`;
    case 'torch':
      // detach() and the slice are views; cpu() copies the slice only (a CPU tensor is not copied, and never written).
      return `m['numpy'].asarray(v.detach().reshape(-1)[${start}:${end}].cpu()${probe.castFloat32 ? '.float()' : ''}.resolve_conj().resolve_neg().numpy()).astype(${descr}).tobytes()`;
    case 'tf':
      return `(lambda tf: ${probe.castFloat32 ? 'tf.cast(' : '('}tf.reshape(v, [-1])[${start}:${end}]${probe.castFloat32 ? ', tf.float32)' : ')'}.numpy().astype(${descr}).tobytes())(m['tensorflow'])`;
    case 'list': {
      const code = probe.dtype.name === 'bool' ? '?' : probe.dtype.name === 'int64' ? 'q' : 'd';
      return `__import__('struct').pack('<${end - start}${code}', *${FLAT}[${start}:${end}])`;
    }
    default:
      throw new Error(`${probe.kind} values are not read by Python expressions`);
  }
}

/** Evaluates to `PL1:<crc32 hex>:<byte count>:<base64>` for elements [start, end) of the value. */
export function pythonChunk(expression: string, probe: Probe, start: number, end: number): string {
  const body = `(lambda bn, bs: 'PL1:%08x:%d:%s' % (bn.crc32(bs) & 0xffffffff, len(bs), bn.b2a_base64(bs, newline=False).decode('ascii')))(__import__('binascii'), ${chunkBytes(probe, start, end)})`;
  return wrap(body, expression);
}
