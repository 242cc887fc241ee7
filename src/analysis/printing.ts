/**
 * Values printed the way the libraries print them, so an inline hint shows exactly what `print(...)` would:
 *
 * - NumPy `str(array)` (numpy 2's `array2string`: precision 8, `maxprec` float mode, shortest unique digits of
 *   the array's own dtype, common padding, scientific notation when the non-zero magnitudes span more than
 *   1e3 or leave [1e-4, 1e8), line width 75 with numpy's wrapping).
 * - TensorFlow's `tf.Tensor(<numpy str>, shape=(2, 2), dtype=float32)` (a newline before a multi-line array).
 * - PyTorch's `tensor(...)` (`torch/_tensor_str.py`: precision 4, integer mode `6.`, scientific mode `1.0000e-05`,
 *   line width 80, elements per line from the widest element, `dtype=` when not float32/int64/bool).
 *
 * Contracts: rounding is the libraries' (round half to even on the exact binary value, as numpy's Dragon4 and
 * Python's `format` do; JavaScript's `toFixed` rounds ties up, so it is not used for the last digit). Arrays
 * this large are never summarised here: callers print only small results (`...` summaries start at 1,000
 * elements in both libraries).
 */
import type { DType, Tensor } from '../core';

/** The exact decimal expansion of a finite double's magnitude: `digits` with the decimal point after `point` digits. */
function exactDecimal(x: number): { digits: string; point: number } {
  x = Math.abs(x);
  if (x === 0) return { digits: '0', point: 1 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0), lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  if (e >= 0) {
    const digits = (mant << BigInt(e)).toString();
    return { digits, point: digits.length };
  }
  const digits = (mant * 5n ** BigInt(-e)).toString();
  return { digits, point: digits.length + e };
}

/** Rounds a digit string to its first `keep` digits, half to even; returns the digits and a carry (1 when it grew). */
function roundDigits(digits: string, keep: number): { digits: string; carry: number } {
  if (keep >= digits.length) return { digits: digits.padEnd(keep, '0'), carry: 0 };
  if (keep < 0) return { digits: '', carry: 0 };
  const head = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const first = rest.charCodeAt(0) - 48;
  let up: boolean;
  if (first > 5) up = true;
  else if (first < 5) up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = keep > 0 ? (head.charCodeAt(keep - 1) - 48) % 2 === 1 : false;
  if (!up) return { digits: head, carry: 0 };
  const bumped = (BigInt(head === '' ? '0' : head) + 1n).toString();
  if (head === '') return { digits: bumped, carry: 1 };
  const padded = bumped.padStart(keep, '0');
  return padded.length > keep ? { digits: padded, carry: 1 } : { digits: padded, carry: 0 };
}

/**
 * Whether `y` (a scaled value) may sit exactly half-way between two integers: only then can half-to-even and
 * JavaScript's round-half-up differ, and the exact expansion is needed. Elsewhere `toFixed`/`toExponential` are
 * correctly rounded already.
 */
function nearHalf(y: number): boolean {
  const frac = Math.abs(y - Math.trunc(y));
  return Math.abs(frac - 0.5) <= 1e-6 || !Number.isFinite(y) || Math.abs(y) >= 2 ** 52;
}

/** `x` with exactly `d` fractional digits, rounded half to even (Python's `'{:.{d}f}'`). */
export function toFixedEven(x: number, d: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
  if (Math.abs(x) < 1e21 && d <= 20 && !nearHalf(x * 10 ** d)) {
    const s = x.toFixed(d);
    return Object.is(x, -0) || (x < 0 && !s.startsWith('-')) ? `-${s}` : s;
  }
  const { digits, point } = exactDecimal(x);
  // Digits with the point at `point`: keep `point + d` of them.
  const padded = point < 0 ? '0'.repeat(-point) + digits : digits;
  const p = Math.max(point, 0);
  const r = roundDigits(padded, p + d);
  const all = r.digits.padStart(p + d, '0');
  const intLen = p + r.carry;
  let int = all.slice(0, intLen).replace(/^0+(?=\d)/, '') || '0';
  if (int === '') int = '0';
  const frac = all.slice(intLen, intLen + d);
  const neg = x < 0 || Object.is(x, -0);
  return `${neg ? '-' : ''}${int}${d > 0 ? `.${frac}` : ''}`;
}

/** `x` as `d.dddde+XX` with `p` digits after the point, half to even (Python's `'{:.{p}e}'`). */
export function toExponentialEven(x: number, p: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return `${neg ? '-' : ''}0${p > 0 ? `.${'0'.repeat(p)}` : ''}e+00`;
  const e10 = Math.floor(Math.log10(Math.abs(x)));
  if (p <= 20 && !nearHalf(Math.abs(x) / 10 ** (e10 - p)) && !nearHalf(Math.abs(x) / 10 ** (e10 + 1 - p))) {
    // Correctly rounded already; Python writes at least two exponent digits.
    return x.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  const { digits, point } = exactDecimal(x);
  const lead = digits.search(/[1-9]/);
  const sig = digits.slice(lead);
  let exp = point - lead - 1;
  let r = roundDigits(sig, p + 1);
  if (r.carry) {
    exp += 1;
    r = { digits: r.digits.slice(0, p + 1), carry: 0 };
  }
  const m = r.digits;
  const es = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
  return `${neg ? '-' : ''}${m[0]}${p > 0 ? `.${m.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${es}`;
}

/** The shortest decimal digits that read back as `x` in its dtype: { digits without leading zeros, exponent of the first }. */
function shortest(x: number, dtype: DType): { sig: string; exp: number } {
  let s: string;
  if (dtype === 'float32' || dtype === 'float16') {
    const f = dtype === 'float16' ? (v: number) => v : Math.fround;
    s = x.toExponential();
    for (let p = 1; p <= 17; p++) {
      const t = x.toExponential(p - 1);
      if (f(Number(t)) === x || (dtype === 'float16' && roundsToHalf(Number(t), x))) {
        s = t;
        break;
      }
    }
  } else {
    s = x.toExponential();
  }
  const [mant, e] = s.replace(/^-/, '').split('e') as [string, string];
  return { sig: mant.replace('.', '').replace(/0+$/, '') || '0', exp: Number(e) };
}

/** Whether `v` rounds to the float16 value `x` (both held as doubles). */
function roundsToHalf(v: number, x: number): boolean {
  const ulp = Math.pow(2, Math.floor(Math.log2(Math.abs(x) || 1)) - 10);
  return Math.abs(v - x) < ulp / 2 || (Math.abs(v - x) === ulp / 2);
}

/** numpy's Dragon4 positional, unique digits, at most `precision` fractional digits, trimmed: `[int, frac]`. */
function positionalUnique(x: number, dtype: DType, precision: number): [string, string] {
  const neg = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return [`${neg}0`, ''];
  const { sig, exp } = shortest(x, dtype);
  const fracDigits = Math.max(0, sig.length - exp - 1);
  if (fracDigits <= precision) {
    let int: string, frac: string;
    if (exp >= 0) {
      int = sig.slice(0, exp + 1).padEnd(exp + 1, '0');
      frac = sig.slice(exp + 1);
    } else {
      int = '0';
      frac = '0'.repeat(-exp - 1) + sig;
    }
    return [neg + int, frac];
  }
  const fixed = toFixedEven(x, precision);
  const [int, frac = ''] = fixed.split('.') as [string, string?];
  return [int, frac.replace(/0+$/, '')];
}

/** numpy's Dragon4 scientific, unique digits, at most `precision` after the point: `[int, frac, exp]`. */
function scientificUnique(x: number, dtype: DType, precision: number): [string, string, number] {
  const neg = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return [`${neg}0`, '', 0];
  const { sig, exp } = shortest(x, dtype);
  if (sig.length - 1 <= precision) return [neg + sig[0], sig.slice(1), exp];
  const [m, e] = toExponentialEven(x, precision).replace(/^-/, '').split('e') as [string, string];
  const [i, f = ''] = m.split('.') as [string, string?];
  return [neg + i, f.replace(/0+$/, ''), Number(e)];
}

function isFloat(dtype: DType): boolean {
  return dtype === 'float16' || dtype === 'float32' || dtype === 'float64';
}

function valuesOf(t: Tensor): (number | bigint)[] {
  return Array.from(t.data as ArrayLike<number | bigint>);
}

// ---------------------------------------------------------------------------------------------------- numpy

/** numpy's element formatter for the whole array (FloatingFormat / IntegerFormat / BoolFormat). */
function numpyFormatter(t: Tensor): (v: number | bigint) => string {
  const values = valuesOf(t);
  if (t.dtype === 'bool') {
    const w = values.some((v) => !v) ? 5 : 4;
    return (v) => (v ? 'True' : 'False').padStart(w);
  }
  if (!isFloat(t.dtype)) {
    const w = Math.max(...values.map((v) => String(v).length));
    return (v) => String(v).padStart(w);
  }
  const xs = values as number[];
  const finite = xs.filter((v) => Number.isFinite(v));
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let expFormat = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero), min = Math.min(...nonZero);
    expFormat = max >= 1e8 || min < 1e-4 || max / min > 1000;
  }
  let padLeft = 0, padRight = 0;
  const precision = 8;
  let fmt: (v: number) => string;
  if (finite.length === 0) {
    fmt = () => '';
  } else if (expFormat) {
    const parts = finite.map((v) => scientificUnique(v, t.dtype, precision));
    const expSize = Math.max(2, ...parts.map((p) => String(Math.abs(p[2])).length));
    const prec = Math.max(...parts.map((p) => p[1].length));
    padLeft = Math.max(...parts.map((p) => p[0].length));
    padRight = expSize + 2 + prec;
    fmt = (v) => {
      const [i, f, e] = scientificUnique(v, t.dtype, prec);
      return `${i.padStart(padLeft)}.${f.padEnd(prec, '0')}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(expSize, '0')}`;
    };
  } else {
    const memo = new Map<number, [string, string]>();
    const parts = finite.map((v) => {
      const p = positionalUnique(v, t.dtype, precision);
      memo.set(v, p);
      return p;
    });
    padLeft = Math.max(...parts.map((p) => p[0].length));
    padRight = Math.max(...parts.map((p) => p[1].length));
    fmt = (v) => {
      const [i, f] = memo.get(v) ?? positionalUnique(v, t.dtype, precision);
      return `${i.padStart(padLeft)}.${f.padEnd(padRight)}`;
    };
  }
  if (finite.length !== xs.length) {
    const negInf = xs.some((v) => v === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + negInf - (padRight + 1));
  }
  return (v) => {
    const x = v as number;
    if (!Number.isFinite(x)) {
      const s = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
      return s.padStart(padLeft + padRight + 1);
    }
    return fmt(x);
  };
}

/** numpy's str of a 0-d value: the scalar's own str (`16.0`, `3`, `True`). */
function numpyScalar(v: number | bigint, dtype: DType): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (!isFloat(dtype)) return String(v);
  const x = v as number;
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [i, f, e] = scientificUnique(x, dtype, 17);
    return `${i}${f ? `.${f}` : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const [i, f] = positionalUnique(x, dtype, 17);
  return `${i}.${f || '0'}`;
}

/** numpy's `str(array)` (array2string with the default print options). */
export function numpyStr(t: Tensor): string {
  const values = valuesOf(t);
  if (t.shape.length === 0) return numpyScalar(values[0]!, t.dtype);
  if (values.length === 0) return '[]';
  const format = numpyFormatter(t);
  const lineWidth = 75;
  const separator = ' ';
  const strides: number[] = [];
  let acc = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= t.shape[i]!;
  }
  const extendLine = (s: string, line: string, word: string, width: number, prefix: string): [string, string] => {
    let wrap = line.length + word.length > width;
    if (line.length <= prefix.length) wrap = false;
    if (wrap) {
      s += `${line.trimEnd()}\n`;
      line = prefix;
    }
    return [s, line + word];
  };
  const recurse = (axis: number, offset: number, hanging: string, width: number): string => {
    if (axis === t.shape.length) return format(values[offset]!);
    const nextHanging = `${hanging} `;
    const nextWidth = width - 1;
    const n = t.shape[axis]!;
    const left = t.shape.length - axis;
    let s = '';
    if (left === 1) {
      const elemWidth = width - 1;
      let line = hanging;
      for (let i = 0; i < n - 1; i++) {
        [s, line] = extendLine(s, line, recurse(axis + 1, offset + i * strides[axis]!, nextHanging, nextWidth), elemWidth, hanging);
        line += separator;
      }
      [s, line] = extendLine(s, line, recurse(axis + 1, offset + (n - 1) * strides[axis]!, nextHanging, nextWidth), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = `${separator.trimEnd()}${'\n'.repeat(left - 1)}`;
      for (let i = 0; i < n - 1; i++) s += hanging + recurse(axis + 1, offset + i * strides[axis]!, nextHanging, nextWidth) + lineSep;
      s += hanging + recurse(axis + 1, offset + (n - 1) * strides[axis]!, nextHanging, nextWidth);
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, 0, ' ', lineWidth);
}

/** TensorFlow's `str(tensor)`: `tf.Tensor([[ 6.  8.] [14. 16.]], shape=(2, 2), dtype=float32)` (with newlines). */
export function tfStr(t: Tensor): string {
  let text = numpyStr(t);
  if (text.includes('\n')) text = `\n${text}`;
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  const dtype = t.dtype === 'float16' ? 'float16' : t.dtype;
  return `tf.Tensor(${text}, shape=${shape}, dtype=${dtype})`;
}

// ---------------------------------------------------------------------------------------------------- torch

const TORCH_DTYPE: Record<DType, string> = {
  bool: 'torch.bool', int8: 'torch.int8', uint8: 'torch.uint8', int16: 'torch.int16', uint16: 'torch.uint16',
  int32: 'torch.int32', uint32: 'torch.uint32', int64: 'torch.int64', uint64: 'torch.uint64',
  float16: 'torch.float16', float32: 'torch.float32', float64: 'torch.float64',
};

/** PyTorch's `_Formatter`: one width and mode for the whole tensor. */
function torchFormatter(t: Tensor): { width: number; format: (v: number | bigint) => string } {
  const values = valuesOf(t);
  const precision = 4;
  if (!isFloat(t.dtype)) {
    const str = (v: number | bigint): string => (t.dtype === 'bool' ? (v ? 'True' : 'False') : String(v));
    const width = Math.max(1, ...values.map((v) => str(v).length));
    return { width, format: (v) => str(v).padStart(width) };
  }
  const xs = values as number[];
  const nz = xs.filter((v) => Number.isFinite(v) && v !== 0);
  let intMode = true, sciMode = false, width = 1;
  if (nz.length > 0) {
    const abs = nz.map(Math.abs);
    const min = Math.min(...abs), max = Math.max(...abs);
    intMode = nz.every((v) => v === Math.ceil(v));
    sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
    for (const v of nz) {
      const s = sciMode ? toExponentialEven(v, precision) : intMode ? `${toFixedEven(v, 0)}.` : toFixedEven(v, precision);
      width = Math.max(width, s.length);
    }
  }
  const format = (v: number | bigint): string => {
    const x = v as number;
    let s: string;
    if (sciMode) s = toExponentialEven(x, precision);
    else if (intMode) s = Number.isFinite(x) ? `${toFixedEven(x, 0)}.` : toFixedEven(x, 0);
    else s = toFixedEven(x, precision);
    return s.padStart(width);
  };
  return { width, format };
}

/** PyTorch's `str(tensor)` for a plain CPU tensor without autograd. */
export function torchStr(t: Tensor): string {
  const values = valuesOf(t);
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const defaultDtype = t.dtype === 'float32' || t.dtype === 'int64' || t.dtype === 'bool';
  let body: string;
  if (values.length === 0) {
    if (t.shape.length !== 1) suffixes.push(`size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`);
    if (t.dtype !== 'float32') suffixes.push(`dtype=${TORCH_DTYPE[t.dtype]}`);
    body = '[]';
  } else {
    if (!defaultDtype) suffixes.push(`dtype=${TORCH_DTYPE[t.dtype]}`);
    const f = torchFormatter(t);
    const strides: number[] = [];
    let acc = 1;
    for (let i = t.shape.length - 1; i >= 0; i--) {
      strides[i] = acc;
      acc *= t.shape[i]!;
    }
    const rec = (axis: number, offset: number, ind: number): string => {
      const dim = t.shape.length - axis;
      if (dim === 0) return f.format(values[offset]!);
      const n = t.shape[axis]!;
      if (dim === 1) {
        const perLine = Math.max(1, Math.floor((80 - ind) / (f.width + 2)));
        const data = Array.from({ length: n }, (_, i) => f.format(values[offset + i * strides[axis]!]!));
        const lines: string[] = [];
        for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
        return `[${lines.join(`,\n${' '.repeat(ind + 1)}`)}]`;
      }
      const slices = Array.from({ length: n }, (_, i) => rec(axis + 1, offset + i * strides[axis]!, ind + 1));
      return `[${slices.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(ind + 1)}`)}]`;
    };
    body = rec(0, 0, indent);
  }
  let out = prefix + body;
  let lastLineLength = out.length - out.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLineLength + s.length + 2 > 80) {
      out += `,\n${' '.repeat(indent)}${s}`;
      lastLineLength = indent + s.length;
    } else {
      out += `, ${s}`;
      lastLineLength += s.length + 2;
    }
  }
  return `${out})`;
}

/** A printed value on one line, for an inlay hint: newlines (and the indentation after them) become one space. */
export function oneLine(printed: string): string {
  return printed.replace(/\(\n/g, '(').replace(/\n+ */g, ' ');
}
