import assert from 'node:assert/strict';
import { ArrayParseError, estimateElementCount, parseArrayLiteral, parseArrayLiteralInfo, type ArrayParseErrorCode } from '../../../src/io';
import type { Tensor } from '../../../src/core/tensor';

function values(t: Tensor): (number | bigint)[] {
  return Array.from(t.data as ArrayLike<number | bigint>);
}

function expectTensor(text: string, dtype: string, shape: number[], data: (number | bigint)[]): void {
  const t = parseArrayLiteral(text);
  assert.equal(t.dtype, dtype, `dtype of ${text}`);
  assert.deepEqual(t.shape, shape, `shape of ${text}`);
  assert.deepEqual(values(t), data, `values of ${text}`);
}

/** Asserts the error code and that offset/length underline exactly `span` (searched in the text). */
function expectError(text: string, code: ArrayParseErrorCode, span: string, message?: RegExp, nth = 0): void {
  let err: unknown;
  try {
    parseArrayLiteral(text);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ArrayParseError, `expected ArrayParseError for ${JSON.stringify(text)}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(span, at + 1);
  assert.equal(text.slice(err.offset, err.offset + err.length), span, err.message);
  assert.equal(err.offset, at);
  if (message) assert.match(err.message, message);
}

describe('parseArrayLiteral: Python lists', () => {
  it('[[1, 2], [3, 4]] -> int64 (2, 2), as numpy infers', () => expectTensor('[[1, 2], [3, 4]]', 'int64', [2, 2], [1n, 2n, 3n, 4n]));
  it('any float makes float64', () => expectTensor('[[1, 2.5], [3, 4]]', 'float64', [2, 2], [1, 2.5, 3, 4]));
  it('all bools make bool', () => expectTensor('[True, False, True]', 'bool', [3], [1, 0, 1]));
  it('bools mixed with ints make int64', () => expectTensor('[True, 2]', 'int64', [2], [1n, 2n]));
  it('tuples nest like lists', () => expectTensor('((1, 2), (3, 4))', 'int64', [2, 2], [1n, 2n, 3n, 4n]));
  it('a list of tuples', () => expectTensor('[(1.0, 2), (3, 4)]', 'float64', [2, 2], [1, 2, 3, 4]));
  it('(1,) is a one-element tuple, (1) is just 1', () => {
    expectTensor('[(1,), (2,)]', 'int64', [2, 1], [1n, 2n]);
    expectTensor('[(1), (2)]', 'int64', [2], [1n, 2n]);
  });
  it('[] is float64 (0,) and [[], []] is (2, 0)', () => {
    expectTensor('[]', 'float64', [0], []);
    expectTensor('[[], []]', 'float64', [2, 0], []);
  });
  it('a bare number is a 0-d array', () => expectTensor('3.5', 'float64', [], [3.5]));
  it('a 4-d literal (1, 2, 2, 1)', () => expectTensor('[[[[1], [2]], [[3], [4]]]]', 'int64', [1, 2, 2, 1], [1n, 2n, 3n, 4n]));
  it('int64 extremes are exact', () => expectTensor('[9223372036854775807, -9223372036854775808]', 'int64', [2], [9223372036854775807n, -9223372036854775808n]));
  it('integers above int64 make uint64 as in numpy 2', () => expectTensor('[18446744073709551615, 1]', 'uint64', [2], [18446744073709551615n, 1n]));
  it('a negative integer with one above int64 makes float64 as in numpy 2', () => expectTensor('[-1, 9223372036854775808]', 'float64', [2], [-1, 9223372036854775808]));
});

describe('parseArrayLiteral: numbers', () => {
  it('floats, exponents, underscores, hex, octal, binary, signs', () => {
    expectTensor('[1.5, -2., .25, 1e-3, 2E+2, 1_000, 0x1F, 0o17, 0b101, +7]', 'float64', [10], [1.5, -2, 0.25, 0.001, 200, 1000, 31, 15, 5, 7]);
  });
  it('long decimals round like JSON.parse', () => {
    const text = '[0.1234567890123456789, 3.141592653589793238, 1.7976931348623157e308, 5e-324, 123456789012345678.5]';
    assert.deepEqual(values(parseArrayLiteral(text)), JSON.parse(text));
  });
  it('every spelling of nan and inf', () => {
    const t = parseArrayLiteral("[np.nan, np.inf, -np.inf, numpy.nan, float('nan'), float('-inf'), math.inf, math.nan, nan, inf, -inf, np.NaN, np.Inf]");
    assert.equal(t.dtype, 'float64');
    assert.deepEqual(values(t).map(String), ['NaN', 'Infinity', '-Infinity', 'NaN', 'NaN', '-Infinity', 'Infinity', 'NaN', 'NaN', 'Infinity', '-Infinity', 'NaN', 'Infinity']);
  });
  it('JavaScript NaN and Infinity', () => assert.deepEqual(values(parseArrayLiteral('[NaN, -Infinity, Number.NaN]')).map(String), ['NaN', '-Infinity', 'NaN']));
  it('true and false are bool', () => expectTensor('[true, false]', 'bool', [2], [1, 0]));
  it('-0.0 keeps its sign', () => assert.ok(Object.is(values(parseArrayLiteral('[-0.0]'))[0], -0)));
});

describe('parseArrayLiteral: numpy constructors', () => {
  it('np.array with dtype=np.float32', () => expectTensor('np.array([[1, 2], [3, 4]], dtype=np.float32)', 'float32', [2, 2], [1, 2, 3, 4]));
  it("dtype='int32' and dtype=float", () => {
    expectTensor("np.array([1.7, -1.7], dtype='int32')", 'int32', [2], [1, -1]);
    expectTensor('np.array([1, 2], dtype=float)', 'float64', [2], [1, 2]);
  });
  it('np.asarray, numpy.array and numpy repr array(..., dtype=float32)', () => {
    expectTensor('np.asarray([1, 2])', 'int64', [2], [1n, 2n]);
    expectTensor('numpy.array([1, 2], "uint8")', 'uint8', [2], [1, 2]);
    expectTensor('array([[1., 2.],\n       [3., 4.]], dtype=float32)', 'float32', [2, 2], [1, 2, 3, 4]);
  });
  it('.reshape(1, 4, 4, 1) and .reshape((2, -1))', () => {
    const t = parseArrayLiteral('np.arange(16).reshape(1, 4, 4, 1)');
    assert.deepEqual(t.shape, [1, 4, 4, 1]);
    expectTensor('np.array([1, 2, 3, 4]).reshape((2, -1))', 'int64', [2, 2], [1n, 2n, 3n, 4n]);
  });
  it('.astype and .T', () => {
    expectTensor('np.array([[1, 2, 3], [4, 5, 6]]).T', 'int64', [3, 2], [1n, 4n, 2n, 5n, 3n, 6n]);
    expectTensor('np.array([1.5, 2.5]).astype(np.uint8)', 'uint8', [2], [1, 2]);
    expectTensor('np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(-1)[0:0]'.slice(0, -5), 'int64', [24],
      [0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23].map(BigInt));
  });
  it('np.arange(n) is int64, np.arange(start, stop, step) with a float is float64', () => {
    expectTensor('np.arange(4)', 'int64', [4], [0n, 1n, 2n, 3n]);
    expectTensor('np.arange(1, 2, 0.25)', 'float64', [4], [1, 1.25, 1.5, 1.75]);
    expectTensor('np.arange(10, 0, -3)', 'int64', [4], [10n, 7n, 4n, 1n]);
  });
  it('np.zeros, ones, full, eye, identity, linspace', () => {
    expectTensor('np.zeros((2, 3))', 'float64', [2, 3], [0, 0, 0, 0, 0, 0]);
    expectTensor('np.ones(3, dtype=np.int8)', 'int8', [3], [1, 1, 1]);
    expectTensor('np.full((2, 2), 7)', 'int64', [2, 2], [7n, 7n, 7n, 7n]);
    expectTensor('np.eye(2, 3, k=1)', 'float64', [2, 3], [0, 1, 0, 0, 0, 1]);
    expectTensor('np.identity(2)', 'float64', [2, 2], [1, 0, 0, 1]);
    expectTensor('np.linspace(0, 1, 5)', 'float64', [5], [0, 0.25, 0.5, 0.75, 1]);
    expectTensor('np.linspace(0, 1, 4, endpoint=False)', 'float64', [4], [0, 0.25, 0.5, 0.75]);
  });
  it('float16 values are rounded to half precision', () => {
    const t = parseArrayLiteral('np.array([0.1, 65519, 1e-8], dtype=np.float16)');
    assert.equal(t.dtype, 'float16');
    assert.deepEqual(values(t), [0.0999755859375, 65504, 0]);
  });
});

describe('parseArrayLiteral: torch, tf, jax', () => {
  it('torch.tensor of ints is int64, of floats float32', () => {
    expectTensor('torch.tensor([1, 2])', 'int64', [2], [1n, 2n]);
    expectTensor('torch.tensor([[1., 2.], [3., 4.]])', 'float32', [2, 2], [1, 2, 3, 4]);
  });
  it('torch dtype names and methods', () => {
    expectTensor('torch.tensor([1, 2], dtype=torch.float)', 'float32', [2], [1, 2]);
    expectTensor('torch.tensor([1.5]).long()', 'int64', [1], [1n]);
    expectTensor('torch.ones(2, 3, dtype=torch.long)', 'int64', [2, 3], [1n, 1n, 1n, 1n, 1n, 1n]);
    expectTensor('torch.arange(6).view(2, 3)', 'int64', [2, 3], [0n, 1n, 2n, 3n, 4n, 5n]);
    expectTensor("torch.tensor([1., 2.], device='cuda', requires_grad=True)", 'float32', [2], [1, 2]);
    expectTensor('torch.FloatTensor([1, 2])', 'float32', [2], [1, 2]);
  });
  it('tf.constant: int -> int32, float -> float32; shape= reshapes', () => {
    expectTensor('tf.constant([1, 2])', 'int32', [2], [1, 2]);
    expectTensor('tf.constant([1., 2., 3., 4.], shape=(2, 2))', 'float32', [2, 2], [1, 2, 3, 4]);
    expectTensor('tf.constant(0, shape=(2, 2))', 'int32', [2, 2], [0, 0, 0, 0]);
  });
  it('tfjs tf.tensor2d is float32', () => expectTensor('tf.tensor2d([[1, 2], [3, 4]])', 'float32', [2, 2], [1, 2, 3, 4]));
  it('jnp.array: int -> int32, float -> float32', () => {
    expectTensor('jnp.array([1, 2])', 'int32', [2], [1, 2]);
    expectTensor('jnp.array([1.0, 2])', 'float32', [2], [1, 2]);
  });
});

describe('parseArrayLiteral: JavaScript and JSON', () => {
  it('typed-array constructors give their dtype', () => {
    expectTensor('new Float32Array([1, 2.5])', 'float32', [2], [1, 2.5]);
    expectTensor('new Int16Array([1, -2])', 'int16', [2], [1, -2]);
    expectTensor('Uint8Array.from([1, 2])', 'uint8', [2], [1, 2]);
    expectTensor('Int32Array.of(1, 2, 3)', 'int32', [3], [1, 2, 3]);
    expectTensor('new BigInt64Array([1n, -2n])', 'int64', [2], [1n, -2n]);
    expectTensor('new Float64Array(2)', 'float64', [2], [0, 0]);
    expectTensor('new Uint8ClampedArray([300, -5, 1.5])', 'uint8', [3], [255, 0, 2]);
  });
  it('JS arrays hold float64 when the text is JavaScript', () => {
    const info = parseArrayLiteralInfo('const a: number[][] = [[1, 2], // first row\n  [3, 4],\n];');
    assert.equal(info.syntax, 'js');
    assert.equal(info.name, 'a');
    assert.equal(info.tensor.dtype, 'float64');
    assert.deepEqual(info.tensor.shape, [2, 2]);
  });
  it('JSON with a language hint is float64; JSONC comments are skipped', () => {
    const info = parseArrayLiteralInfo('[[1, 2], /* c */ [3, 4]]', { language: 'jsonc' });
    assert.equal(info.syntax, 'json');
    assert.equal(info.tensor.dtype, 'float64');
  });
  it('a JSON key names the literal', () => assert.equal(parseArrayLiteralInfo('"weights": [1, 2]').name, 'weights'));
});

describe('parseArrayLiteral: layout', () => {
  it('trailing commas, newlines, # comments, backslash continuations', () => {
    expectTensor('[\n  [1, 2,],  # first\n  [3, \\\n 4],\n]', 'int64', [2, 2], [1n, 2n, 3n, 4n]);
  });
  it('an assignment prefix and trailing semicolon are allowed', () => {
    const info = parseArrayLiteralInfo('x: np.ndarray = np.array([1.0])');
    assert.equal(info.name, 'x');
    assert.equal(info.syntax, 'numpy');
    assert.equal(info.constructorName, 'np.array');
  });
});

describe('parseArrayLiteralInfo: syntax', () => {
  const cases: [string, string][] = [
    ['np.array([1])', 'numpy'], ['torch.tensor([1])', 'torch'], ['tf.constant([1])', 'tf'], ['jnp.array([1])', 'jax'],
    ['[1, 2]', 'python-list'], ['[1, 2];', 'js'], ['new Float32Array([1])', 'typed-array'], ['[true]', 'js'],
  ];
  for (const [text, syntax] of cases) it(`${text} is ${syntax}`, () => assert.equal(parseArrayLiteralInfo(text).syntax, syntax));
  it('dtypeExplicit says whether the text chose the dtype', () => {
    assert.equal(parseArrayLiteralInfo('np.array([1], dtype=np.int8)').dtypeExplicit, true);
    assert.equal(parseArrayLiteralInfo('np.array([1])').dtypeExplicit, false);
  });
});

describe('parseArrayLiteral: errors underline the offending text', () => {
  it('ragged rows: "row 3 has 2 elements, rows above have 3"', () => {
    expectError('[[1, 2, 3],\n [4, 5, 6],\n [7, 8]]', 'ragged', '[7, 8]', /^row 3 has 2 elements, rows above have 3 \(line 3, column 2\)$/);
  });
  it('ragged deeper: names the list by index', () => {
    expectError('[[[1, 2], [3, 4]], [[5, 6], [7]]]', 'ragged', '[7]', /\[1\]\[1\] has 1 element/);
  });
  it('a number among lists', () => expectError('[[1, 2], 3]', 'ragged', '3', /number where a list is expected/));
  it('a list among numbers', () => expectError('[1, [2, 3]]', 'ragged', '[2, 3]', /list where a number is expected/));
  it('an unclosed bracket underlines the opening bracket', () => expectError('[[1, 2], [3, 4]', 'unbalanced', '[', /never closed/));
  it('a wrong closing bracket', () => expectError('[1, 2)', 'unbalanced', ')', /expected '\]'/));
  it('a stray closing bracket', () => expectError('[1, 2]]', 'unbalanced', ']', /no matching opening/, 1));
  it('a missing comma', () => expectError('[1, 2 3]', 'syntax', '3', /expected ','/));
  it('commas mixed with space separators', () => expectError('[1 2, 3]', 'syntax', ',', /separated by spaces/));
  it('two commas in a row', () => expectError('[1,, 2]', 'syntax', ',', /two commas/, 1));
  it('an unknown name', () => expectError('[[1, x], [3, 4]]', 'unknown-name', 'x', /unknown name 'x'/));
  it('an unknown function', () => expectError('np.random.rand(3)', 'unknown-name', 'np.random', /np\.random/));
  it('an unknown method', () => expectError('np.array([1]).foo()', 'unknown-name', 'foo'));
  it('reshape sizes that do not match underline the arguments', () => {
    expectError('np.arange(6).reshape(4, 2)', 'shape', '(4, 2)', /cannot reshape .* \(6,\) .* into shape \(4, 2\)/);
  });
  it('reshape with -1 that does not divide', () => expectError('np.arange(7).reshape((2, -1))', 'shape', '((2, -1))', /not a multiple of 2/));
  it('a number out of range for the dtype underlines that number', () => {
    expectError('np.array([1, 300, 2], dtype=np.uint8)', 'range', '300', /300 is out of range for uint8 \(0\.\.255\)/);
  });
  it('a negative number in an unsigned typed array', () => expectError('new Uint16Array([1, -5])', 'range', '-5'));
  it('nan into an integer dtype', () => expectError("np.array([1.0, np.nan], dtype='int32')", 'range', 'np.nan', /NaN cannot be stored in int32/));
  it('int64 overflow', () => expectError('np.array([9223372036854775808], dtype=np.int64)', 'range', '9223372036854775808'));
  it('complex numbers are refused', () => expectError('[1, 2j]', 'unsupported', '2j', /complex/));
  it('strings are not elements', () => expectError("[1, 'a']", 'unsupported', "'a'", /string/));
  it('None is not an element', () => expectError('[1, None]', 'unsupported', 'None'));
  it('an unknown dtype', () => expectError("np.array([1], dtype='float128x')", 'unknown-name', "'float128x'"));
  it('a typed array is one-dimensional', () => expectError('new Float32Array([[1, 2]])', 'shape', '[[1, 2]]'));
  it('text after the literal', () => expectError('[1, 2] foo', 'syntax', 'foo'));
  it('an empty selection', () => expectError('  ', 'syntax', '  '));
  it('an unterminated block comment', () => expectError('[1, /* 2]', 'unbalanced', '/*'));
  it('an exponent with no digits', () => expectError('[1e]', 'syntax', '1e]'));
  it('nesting deeper than 64', () => {
    const text = '['.repeat(70) + ']'.repeat(70);
    expectError(text, 'too-large', '[', /deeper than 64/, 64);
  });
  it('maxElements stops a large literal early', () => {
    assert.throws(() => parseArrayLiteral(`[${'1,'.repeat(100)}1]`, { maxElements: 50 }), (e: unknown) => e instanceof ArrayParseError && e.code === 'too-large');
  });
  it('maxElements is checked before a generator allocates', () => {
    assert.throws(() => parseArrayLiteral('np.zeros((100000, 100000))'), (e: unknown) => e instanceof ArrayParseError && e.code === 'too-large' && /10000000000 elements/.test(e.message));
  });
});

describe('parseArrayLiteral: long tail', () => {
  it("numpy's abbreviated printout is refused with what to do", () => {
    expectError('array([   0,    1,    2, ..., 9997, 9998, 9999])', 'unsupported', '...', /np\.set_printoptions/);
  });
  it('TypeScript `as const` and `satisfies` are ignored', () => {
    expectTensor('[[1, 2], [3, 4]] as const;', 'float64', [2, 2], [1, 2, 3, 4]);
    expectTensor('[1, 2] satisfies number[]', 'float64', [2], [1, 2]);
  });
  it('torch repr with dtype and device', () => expectTensor("tensor([[1., 2.]], device='cuda:0', dtype=torch.float64)", 'float64', [1, 2], [1, 2]));
  it('np.float32(1.5) casts a scalar', () => expectTensor('np.float32(1.5)', 'float32', [], [1.5]));
  it('nested arrays inside a list', () => expectTensor('[np.array([1., 2.]), [3, 4]]', 'float64', [2, 2], [1, 2, 3, 4]));
  it('.flatten() and .squeeze()', () => {
    expectTensor('np.zeros((1, 2, 1)).squeeze()', 'float64', [2], [0, 0]);
    expectTensor('np.eye(2).flatten()', 'float64', [4], [1, 0, 0, 1]);
  });
  it('estimateElementCount counts numbers cheaply', () => {
    assert.equal(estimateElementCount('[[1, 2.5, -3e4], [x1, 0x1F, 7]]'), 5);
  });
  it("numpy's print() layout (space-separated)", () => {
    const info = parseArrayLiteralInfo('[[ 1. -2.]\n [ 3.  4.]]');
    assert.equal(info.syntax, 'numpy');
    assert.deepEqual(info.tensor.shape, [2, 2]);
    assert.deepEqual(values(info.tensor), [1, -2, 3, 4]);
    expectTensor('[[1 2 3]\n [4 5 6]]', 'int64', [2, 3], [1n, 2n, 3n, 4n, 5n, 6n]);
  });
  it("TensorFlow's print() and repr layouts", () => {
    expectTensor('tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)', 'float32', [2, 2], [1, 2, 3, 4]);
    const info = parseArrayLiteralInfo('<tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>');
    assert.equal(info.syntax, 'tf');
    assert.equal(info.tensor.dtype, 'int32');
  });
});
