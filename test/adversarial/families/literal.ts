/**
 * Hostile literal text: deep nesting, ragged lists, millions of commas, generators that would allocate
 * terabytes, absurd reshapes and dtypes, odd unicode, unterminated strings, every nan/inf spelling; and
 * `findArrayLiteralAt` at random offsets of hostile text.
 */
import {
  estimateElementCount, findArrayLiteralAt, lineColumn, parseArrayLiteral, parseArrayLiteralInfo, type LiteralParseOptions,
  type LocateOptions,
} from '../../../src/io';
import type { Rng } from '../prng';
import { mutateText, tensorProblem, type Builder, type CaseBody, type FamilySpec } from '../common';

/** Literal texts that each attack one thing. */
const BASE_LITERALS: ReadonlyArray<readonly [string, () => string]> = [
  ['nest-[-1e5', () => '['.repeat(100_000)],
  ['nest-[-1e6-closed', () => '['.repeat(1_000_000) + '1' + ']'.repeat(1_000_000)],
  ['nest-(-1e6', () => '('.repeat(1_000_000) + '1' + ')'.repeat(1_000_000)],
  ['nest-json-1e5', () => '{"a":'.repeat(100_000) + '[1]' + '}'.repeat(100_000)],
  ['nest-np.array(-1e5', () => 'np.array('.repeat(100_000) + '[1]' + ')'.repeat(100_000)],
  ['nest-unary-1e6', () => '[' + '-'.repeat(1_000_000) + '1]'],
  ['nest-[(-alternating-1e5', () => '[('.repeat(50_000) + '1' + ')]'.repeat(50_000)],
  ['nest-65-deep', () => '['.repeat(65) + '1' + ']'.repeat(65)],
  ['nest-64-deep', () => '['.repeat(64) + '1' + ']'.repeat(64)],
  ['rows-1e6-of-1', () => '[' + '[1],'.repeat(1_000_000) + ']'],
  ['ragged-1', () => '[[1, 2], [3]]'],
  ['ragged-2', () => '[[1], [[2]]]'],
  ['ragged-3', () => '[1, [2]]'],
  ['ragged-4', () => '[[[1, 2]], [[3], [4]]]'],
  ['ragged-5', () => '[[], [1]]'],
  ['empty-rows', () => '[[], []]'],
  ['list-times', () => '[[]] * 5'],
  ['commas-1e7-numbers', () => '[' + '1,'.repeat(10_000_000) + '1]'],
  ['commas-1e7-bare', () => '[' + ','.repeat(10_000_000) + ']'],
  ['elements-2^24+1', () => '[' + '0,'.repeat(2 ** 24) + '0]'],
  ['gen-zeros-1e9-float', () => 'np.zeros((1e9,))'],
  ['gen-zeros-10**9', () => 'np.zeros(10**9)'],
  ['gen-zeros-tuple-10**9', () => 'np.zeros((10**9,))'],
  ['gen-arange-2**60', () => 'np.arange(2**60)'],
  ['gen-arange-1e308', () => 'np.arange(1e308)'],
  ['gen-arange-step-1e-300', () => 'np.arange(0, 1, 1e-300)'],
  ['gen-arange-step-0', () => 'np.arange(0, 10, 0)'],
  ['gen-arange-neg', () => 'np.arange(-1)'],
  ['gen-arange-nan', () => 'np.arange(np.nan)'],
  ['gen-arange-inf', () => 'np.arange(0, np.inf)'],
  ['gen-full-1e5x1e5', () => 'np.full((100000, 100000), 1)'],
  ['gen-ones-2**31-sq', () => 'np.ones((2**31, 2**31))'],
  ['gen-eye-1e6', () => 'np.eye(10**6)'],
  ['gen-eye-neg', () => 'np.eye(-1)'],
  ['gen-linspace-1e12', () => 'np.linspace(0, 1, 10**12)'],
  ['gen-linspace-neg', () => 'np.linspace(0, 1, -5)'],
  ['gen-linspace-nan', () => 'np.linspace(0, 1, np.nan)'],
  ['gen-zeros-0x2**62', () => 'np.zeros((0, 2**62))'],
  ['gen-zeros-2**62x0', () => 'np.zeros((2**62, 0))'],
  ['gen-zeros-2^52x0', () => 'np.zeros((4503599627370496, 0))'],
  ['gen-zeros-0x2^52', () => 'np.zeros((0, 4503599627370496))'],
  ['gen-zeros-70-dims', () => `np.zeros((${'2, '.repeat(70)}))`],
  ['gen-zeros-64-dims-of-1', () => `np.zeros((${'1, '.repeat(64)}))`],
  ['gen-zeros-2**21', () => 'np.zeros(2**21)'],
  ['gen-torch-zeros-1e10', () => 'torch.zeros(10**10)'],
  ['gen-tf-zeros-1e9', () => 'tf.zeros([1e9])'],
  ['gen-torch-arange-2**63', () => 'torch.arange(2**63)'],
  ['gen-full-1e400', () => 'np.full((3,), 1e400)'],
  ['gen-full-2**64-int64', () => 'np.full((3,), 2**64, dtype=np.int64)'],
  ['gen-pow-tower', () => 'np.zeros(2**2**2**2**2)'],
  ['gen-pow-1e6', () => `np.zeros(${'2**'.repeat(100_000)}2)`],
  ['reshape-(-1,-1)', () => 'np.arange(6).reshape(-1, -1)'],
  ['reshape-(0,-1)', () => 'np.arange(6).reshape(0, -1)'],
  ['reshape-empty-(-1,0)', () => 'np.zeros((0,)).reshape(-1, 0)'],
  ['reshape-empty-(2**62,0)', () => 'np.zeros(0).reshape(2**62, 0)'],
  ['reshape-100-ones', () => `np.arange(24).reshape(${'1, '.repeat(100)}-1)`],
  ['reshape-2**53-sq', () => 'np.arange(6).reshape(2**53, 2**53)'],
  ['reshape-3.5', () => 'np.arange(6).reshape(3.5, 2)'],
  ['reshape-nan', () => 'np.arange(6).reshape(np.nan)'],
  ['reshape-chain-1e5', () => '[1]' + '.reshape(1)'.repeat(100_000)],
  ['T-chain-1e5', () => '[[1, 2]]' + '.T'.repeat(100_000)],
  ['astype-chain-1e4', () => '[1]' + '.astype(np.float32)'.repeat(10_000)],
  ['flatten-chain-1e5', () => '[1]' + '.flatten()'.repeat(100_000)],
  ['transpose-bad-axes', () => 'np.zeros((2, 3)).transpose(5, -7)'],
  ['squeeze-axis-99', () => 'np.zeros((1, 3)).squeeze(99)'],
  ['dtype-U10', () => "np.array([1], dtype='<U10')"],
  ['dtype-complex512', () => "np.array([1], dtype='complex512')"],
  ['dtype-float128', () => 'np.array([1], dtype=np.float128)'],
  ['dtype-1e5-chars', () => `np.array([1], dtype='${'f'.repeat(100_000)}')`],
  ['dtype-object', () => 'np.array([1], dtype=object)'],
  ['dtype-structured', () => "np.array([1], dtype=np.dtype([('a', 'f4')]))"],
  ['dtype-None', () => 'np.array([1], dtype=None)'],
  ['dtype-1', () => 'np.array([1], dtype=1)'],
  ['dtype-twice', () => "np.array([1], dtype='float32', dtype='int8')"],
  ['dtype-unterminated', () => 'np.array([1], dtype='],
  ['dtype-proto', () => "np.array([1], dtype='__proto__')"],
  ['dtype-constructor', () => 'np.array([1], dtype=np.constructor)'],
  ['int8-300', () => 'np.array([300], dtype=np.int8)'],
  ['uint8-neg', () => 'np.array([-1], dtype=np.uint8)'],
  ['int-2**64', () => 'np.array([2**64])'],
  ['int-neg-2**63-1', () => 'np.array([-2**63-1])'],
  ['int-10**400', () => 'np.array([10**400])'],
  ['float-1e-400', () => 'np.array([1e-400])'],
  ['ident-1e6-assign', () => 'x'.repeat(1_000_000) + ' = [1]'],
  ['ident-1e6-element', () => '[' + 'a'.repeat(1_000_000) + ']'],
  ['ident-1e6-namespace', () => 'np.' + 'a'.repeat(1_000_000) + '([1])'],
  ['unicode-fullwidth', () => '[\uff11, \uff12]'],
  ['unicode-line-sep', () => '[1,\u2028 2]'],
  ['unicode-lone-surrogate', () => '[\ud800]'],
  ['unicode-bom', () => '\ufeff[1, 2]\ufeff'],
  ['unicode-rtl', () => '\u202e[1, 2]'],
  ['unicode-emoji-name', () => '\u{1F642} = [1]'],
  ['unicode-minus', () => '[\u22121]'],
  ['unicode-arabic-decimal', () => '[1\u066b5]'],
  ['unicode-nbsp', () => '[1,\u00a02]'],
  ['unterminated-single', () => "[1, 'abc"],
  ['unterminated-double', () => '[1, "abc'],
  ['unterminated-triple', () => '[1, """abc'],
  ['unterminated-block-comment', () => '[1, /* comment'],
  ['python-comment', () => '[1, # comment\n 2]'],
  ['js-line-comment', () => '[1, // c'],
  ['escape-at-end', () => "['\\"],
  ['abbreviated', () => '[1 2 3 ... 7 8 9]'],
  ['numpy-print', () => '[[1 2]\n [3 4]]'],
  ['numpy-repr', () => 'array([[1., 2.],\n       [3., 4.]], dtype=float32)'],
  ['tf-repr-huge-shape', () => '<tf.Tensor: shape=(4503599627370496, 0), dtype=float32, numpy=array([], shape=(4503599627370496, 0), dtype=float32)>'],
  ['tf-tensor-repr', () => 'tf.Tensor([1 2], shape=(2,), dtype=int32)'],
  ['tf-tensor-nest-1e4', () => 'tf.Tensor('.repeat(10_000)],
  ['torch-repr', () => 'tensor([1., 2.])'],
  ['typed-1e9', () => 'new Float32Array(1e9)'],
  ['typed-neg', () => 'new Float32Array(-1)'],
  ['typed-2**53', () => 'new Float64Array(2**53)'],
  ['typed-subarray', () => 'new Uint8Array([1, 2]).subarray(5)'],
  ['array-1e9-fill', () => 'Array(1e9).fill(0)'],
  ['array-from-length', () => 'Array.from({length: 1e9})'],
  ['new-array-1e9', () => 'new Array(1e9)'],
  ['empty', () => ''],
  ['space', () => ' '],
  ['brackets-empty', () => '[]'],
  ['brackets-nested-empty', () => '[[]]'],
  ['paren-empty', () => '()'],
  ['paren-comma', () => '(,)'],
  ['list-comma', () => '[,]'],
  ['np-array-empty', () => 'np.array([])'],
  ['np-array-no-args', () => 'np.array()'],
  ['np-array-open', () => 'np.array('],
  ['np-array-unclosed', () => 'np.array([1]'],
  ['close-only', () => ']'],
  ['close-open', () => ']['],
  ['mismatched', () => '[)'],
  ['json-proto', () => '{"__proto__": [[1, 2], [3, 4]]}'],
  ['json-command-link-key', () => '{"[x](command:workbench.action.quit)": [[1, 2], [3, 4]]}'],
  ['assign-command-link', () => '`[x](command:workbench.action.quit)` = [[1, 2], [3, 4]]'],
];

/** Literals numpy (or the named library) reads: with default options they must parse. */
const VALID_LITERALS: ReadonlySet<string> = new Set([
  'nest-64-deep', 'rows-1e6-of-1', 'empty-rows', 'commas-1e7-numbers', 'gen-zeros-64-dims-of-1', 'gen-zeros-2**21=expanded',
  'numpy-print', 'numpy-repr', 'tf-tensor-repr', 'torch-repr', 'brackets-empty', 'brackets-nested-empty', 'np-array-empty',
  'python-comment',
]);

/** `a**b` written out as its integer (the reader takes numbers, not arithmetic), so generators see the size. */
function expandPowers(text: string): string {
  return text.replace(/(\d+)\*\*(\d+)/g, (_, a: string, b: string) => (BigInt(a) ** BigInt(b)).toString());
}

/**
 * The hostile literals, and each short one that uses `**` once more with the powers written out: the `**` form
 * tests the refusal of arithmetic, the expanded one the generators' size checks. Shared with the hover family.
 */
export const HOSTILE_LITERALS: ReadonlyArray<readonly [string, () => string]> = BASE_LITERALS.flatMap(([name, text]) => {
  const t = text();
  return t.length < 1000 && t.includes('**') ? [[name, text] as const, [`${name}=expanded`, () => expandPowers(t)] as const] : [[name, text] as const];
});

const SPELLINGS = [
  'nan', 'NaN', 'NAN', 'np.nan', 'np.NaN', 'np.NAN', 'float("nan")', "float('-inf')", '-np.inf', 'np.inf', 'inf', '-inf',
  'Infinity', '-Infinity', 'math.inf', 'math.nan', 'torch.inf', 'torch.nan', '1e999', '-1e999', 'np.PINF', 'np.NINF',
  'np.infty', 'Number.NaN', 'Number.POSITIVE_INFINITY', '+inf', '--1', '-+1', '+-nan', '0x7fffffffffffffffff',
  '0b' + '1'.repeat(1000), '1_000_000', '1__0', '0o17', '017', '.5e-400', '5.', '.', 'e5', '1e', '1e+', '0x', '1j',
  '1+2j', 'True', 'true', 'None', 'null', 'undefined', '...', 'Ellipsis', '9'.repeat(400), '0.' + '0'.repeat(400) + '1',
  '1e-324', '2**1024', '-(2**63)', '~1', 'not 1', '1 if 1 else 2', 'x', '__proto__', 'constructor', 'toString',
];

const LANGUAGES: ReadonlyArray<string | undefined> = [
  undefined, 'python', 'javascript', 'typescript', 'json', 'jsonc', 'javascriptreact', 'plaintext', '', '__proto__',
  'constructor', 'x'.repeat(10_000),
];

const MAX_ELEMENTS: ReadonlyArray<number | undefined> = [undefined, 0, -1, NaN, Infinity, 1e12, 2 ** 53, 1.5, 100];

function parseOptions(r: Rng): LiteralParseOptions {
  const o: LiteralParseOptions = {};
  const m = r.pick(MAX_ELEMENTS);
  if (m !== undefined) o.maxElements = m;
  const l = r.pick(LANGUAGES);
  if (l !== undefined) o.language = l;
  return o;
}

function parse(text: string, options: LiteralParseOptions = {}, info = false): CaseBody {
  return info
    ? { run: () => parseArrayLiteralInfo(text, options), check: (x) => tensorProblem((x as { tensor: unknown }).tensor) }
    : { run: () => parseArrayLiteral(text, options), check: tensorProblem };
}

function estimate(text: string): CaseBody {
  return {
    run: () => estimateElementCount(text),
    check: (n) => (typeof n === 'number' && n >= 0 && Number.isSafeInteger(n) ? undefined : `estimate ${String(n)}`),
  };
}

/** Random nested lists of random tokens, wrapped in random constructors. */
function randomLiteral(r: Rng): string {
  const tokens = ['0', '1', '-2', '3.5', '1e3', 'nan', 'inf', 'True', 'None', "'s'", '1j', 'np.nan', '2**70', 'x', ''];
  const leaf = (): string => (r.chance(0.8) ? String(r.range(-50, 50)) : r.pick([...tokens, r.pick(SPELLINGS)]));
  const build = (depth: number): string => {
    if (depth === 0 || r.chance(0.15)) return leaf();
    const n = r.int(6);
    const [open, close] = r.pick([['[', ']'], ['(', ')'], ['[', ')']]);
    return open + Array.from({ length: n }, () => build(depth - 1)).join(r.pick([', ', ',', ' ', ',\n ', ';'])) + (r.chance(0.2) ? ',' : '') + close;
  };
  const body = build(1 + r.int(5));
  const wrap = r.pick([
    (b: string) => b, (b: string) => `np.array(${b})`, (b: string) => `np.array(${b}, dtype=np.${r.pick(['int8', 'uint8', 'float16', 'bool_', 'int64', 'uint64', 'float32'])})`,
    (b: string) => `torch.tensor(${b})`, (b: string) => `tf.constant(${b})`, (b: string) => `x = ${b}`, (b: string) => `const x = ${b} as const;`,
    (b: string) => `new Int8Array(${b})`, (b: string) => `np.array(${b}).reshape(${r.pick(['-1', '-1, 1', '2, -1', '0', '1, 1, -1'])})`,
    (b: string) => `${b}.T`, (b: string) => `np.array(${b}).astype('${r.pick(['f2', 'i1', 'u8', 'c8', 'U3', 'b'])}')`,
  ]);
  let text = wrap(body);
  if (r.chance(0.5)) text = mutateText(r, text);
  return text;
}

const literalFixed: Array<readonly [string, Builder]> = [
  ...HOSTILE_LITERALS.map(([name, text], i) => [name, (r: Rng): CaseBody => (VALID_LITERALS.has(name)
    ? { ...parse(text(), {}, i % 2 === 0), mustSucceed: true }
    : parse(text(), i % 3 === 0 ? {} : parseOptions(r), i % 2 === 0))] as const),
  ...HOSTILE_LITERALS.map(([name, text]) => [`estimate:${name}`, () => estimate(text())] as const),
  ...SPELLINGS.map((s, i) => [`spelling-${i}`, (r: Rng) => parse(r.pick([`[${s}]`, `np.array([1, ${s}])`, `[1, ${s}, 2]`, `torch.tensor([${s}])`, `[${s}] // js`]), parseOptions(r))] as const),
  ['options-maxElements-NaN-commas', () => parse('[' + '1,'.repeat(100_000) + '1]', { maxElements: NaN })],
  ['options-maxElements-Infinity-zeros-1e9', () => parse('np.zeros(10**9)', { maxElements: Infinity })],
  ['options-maxElements-2^53-full', () => parse('np.full((100000, 100000), 1)', { maxElements: 2 ** 53 })],
  ['options-maxElements-1e12-arange-2^31', () => parse('np.arange(2147483648)', { maxElements: 1e12 })],
  ['options-maxElements-1e12-ones-2^28', () => parse('np.ones((16384, 16384))', { maxElements: 1e12 })],
  ['options-maxElements-negative-empty', () => parse('[]', { maxElements: -1 })],
  ['options-language-proto', () => parse('[1, 2]', { language: '__proto__' })],
  ['options-language-constructor', () => parse('[1, 2]', { language: 'constructor' })],
];

function literalRandom(r: Rng): readonly [string, CaseBody] {
  const text = randomLiteral(r);
  if (r.chance(0.15)) return ['estimate', estimate(text)];
  return ['random', parse(text, parseOptions(r), r.chance(0.5))];
}

export const literalFamily: FamilySpec = { fixed: literalFixed, random: literalRandom };

// ---------------------------------------------------------------------------------------------- locate

const OFFSETS = [-1, 0, 1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 31)];

function locate(text: string, offset: number, options: LocateOptions = {}): CaseBody {
  return {
    run: () => findArrayLiteralAt(text, offset, options),
    check: (x) => {
      if (x === undefined) return undefined;
      const { start, end } = x as { start: number; end: number };
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
        return `range ${start}..${end} outside the text of ${text.length}`;
      }
      return undefined;
    },
  };
}

function locateOptions(r: Rng): LocateOptions {
  const o: LocateOptions = {};
  if (r.chance(0.4)) o.maxScanChars = r.pick([0, -1, NaN, Infinity, 1e12, 1.5, 1, 2 ** 53]);
  const l = r.pick(LANGUAGES);
  if (l !== undefined) o.language = l;
  return o;
}

const HOSTILE_TEXTS: ReadonlyArray<readonly [string, (r: Rng) => string]> = [
  ['open-10MiB', () => '['.repeat(10 * 2 ** 20)],
  ['balanced-1e6', () => '['.repeat(1_000_000) + ']'.repeat(1_000_000)],
  ['parens-1e6', () => '('.repeat(1_000_000)],
  ['alternating-1e7', () => '[]'.repeat(5_000_000)],
  ['quotes-1e6', () => '"'.repeat(1_000_000) + '[1, 2]'],
  ['single-quotes-1e6', () => "'[".repeat(500_000)],
  ['block-comments-1e6', () => '/*'.repeat(1_000_000) + '[1]'],
  ['hashes-1e6', () => '#['.repeat(500_000)],
  ['newlines-1e6', () => '\n'.repeat(1_000_000) + 'x = [1, 2]' + '\n'.repeat(1_000_000)],
  ['one-line-50MiB', () => '[' + '1, '.repeat(17_000_000) + '1]'],
  ['random-unicode-1MiB', (r) => Array.from({ length: 1 << 20 }, () => String.fromCharCode(r.int(0x10000))).join('')],
  ['random-ascii-1MiB', (r) => Array.from({ length: 1 << 20 }, () => '[](),.0123456789 \n\'"#/*x='.charAt(r.int(26))).join('')],
  ['strings-with-brackets', () => 'x = "[1, 2"  # ]\ny = [3, "]", 4]\nz = """[\n[1]\n"""\n'.repeat(10_000)],
  ['template-strings', () => 'const a = `${[1, 2]}` + `[`; const b = [[1, 2], [3, 4]];\n'.repeat(10_000)],
  ['triple-quote-open', () => 'x = """' + '[1, 2]\n'.repeat(100_000)],
  ['backslashes-1e6', () => '"' + '\\'.repeat(1_000_000) + '"[1]'],
  ['code-with-literals', () => 'import numpy as np\n' + 'a = np.array([[1, 2], [3, 4]], dtype=np.float32)\n'.repeat(20_000)],
];

const locateFixed: Array<readonly [string, Builder]> = [];
for (const [name, text] of HOSTILE_TEXTS) {
  locateFixed.push([`${name}@middle`, (r) => { const t = text(r); return locate(t, t.length >> 1, locateOptions(r)); }]);
  locateFixed.push([`${name}@end`, (r) => { const t = text(r); return locate(t, t.length); }]);
  locateFixed.push([`${name}@odd`, (r) => locate(text(r), r.pick(OFFSETS), locateOptions(r))]);
}
for (const offset of OFFSETS) {
  locateFixed.push([`lineColumn-${offset}`, () => {
    const t = 'a\r\nb\rc\n'.repeat(1_000_000);
    return {
      run: () => lineColumn(t, offset),
      check: (x) => {
        const { line, column } = x as { line: number; column: number };
        // A fractional or NaN offset may give a fractional or NaN column; an integer or infinite one may not.
        if (!Number.isInteger(offset) && Number.isFinite(offset) || Number.isNaN(offset)) return undefined;
        return Number.isInteger(line) && Number.isInteger(column) && line >= 1 && column >= 1 ? undefined : `line ${line}, column ${column}`;
      },
    };
  }]);
}
for (const [name, text] of HOSTILE_LITERALS) {
  locateFixed.push([`literal:${name}`, (r) => { const t = `x = ${text()}\n`; return locate(t, r.int(t.length + 1), locateOptions(r)); }]);
}

function locateRandom(r: Rng): readonly [string, CaseBody] {
  const parts: string[] = [];
  const n = 1 + r.int(20);
  for (let i = 0; i < n; i++) {
    parts.push(r.pick([
      () => randomLiteral(r), () => `x${i} = `, () => '\n', () => '# [1, 2\n', () => '// ]\n', () => '"[" ', () => "'''[\n",
      () => r.pick(SPELLINGS), () => '('.repeat(r.int(100)), () => ']'.repeat(r.int(100)), () => String.fromCharCode(r.int(0x10000)),
    ])());
  }
  const text = parts.join('');
  const offset = r.chance(0.9) ? r.int(text.length + 1) : r.pick(OFFSETS);
  return ['random', locate(text, offset, locateOptions(r))];
}

export const locateFamily: FamilySpec = { fixed: locateFixed, random: locateRandom };
