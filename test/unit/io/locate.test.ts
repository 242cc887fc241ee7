import assert from 'node:assert/strict';
import { findArrayLiteralAt, parseArrayLiteral } from '../../../src/io';

/** `|` marks the cursor; returns the located text (or undefined) with the marker removed. */
function at(marked: string, language?: string): string | undefined {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const r = findArrayLiteralAt(text, offset, language === undefined ? {} : { language });
  return r === undefined ? undefined : text.slice(r.start, r.end);
}

describe('findArrayLiteralAt', () => {
  it('the outermost list around the cursor', () => assert.equal(at('x = [[1, 2], [3, |4]]\n'), '[[1, 2], [3, 4]]'));
  it('the constructor call, through the .reshape chain', () => {
    assert.equal(at('y = np.array([1, 2, |3, 4]).reshape(2, 2)\nprint(y)'), 'np.array([1, 2, 3, 4]).reshape(2, 2)');
  });
  it('the cursor on the constructor name', () => assert.equal(at('y = np.ar|ray([1, 2])'), 'np.array([1, 2])'));
  it('the cursor inside the reshape arguments', () => {
    assert.equal(at('np.arange(16).reshape(1, 4, |4, 1)'), 'np.arange(16).reshape(1, 4, 4, 1)');
  });
  it('a chain continued on the next line', () => assert.equal(at('t = tf.constant([1., |2.]) \\\n     .numpy()'), 'tf.constant([1., 2.]) \\\n     .numpy()'));
  it('a parenthesised chain is returned with its parentheses (it parses the same)', () => {
    const got = at('t = (tf.constant([1., |2.])\n     .numpy())');
    assert.equal(got, '(tf.constant([1., 2.])\n     .numpy())');
    assert.deepEqual(parseArrayLiteral(got ?? '').shape, [2]);
  });
  it('the cursor on .T in a chain', () => assert.equal(at('np.arange(6).reshape(2, 3).|T.astype(float)'), 'np.arange(6).reshape(2, 3).T.astype(float)'));
  it('a multi-line literal with comments', () => {
    const src = 'a = np.array([\n  [1, 2],  # first\n  [3, |4],  # second ]\n])\n';
    const got = at(src);
    assert.equal(got, 'np.array([\n  [1, 2],  # first\n  [3, 4],  # second ]\n])');
    assert.deepEqual(parseArrayLiteral(got ?? '').shape, [2, 2]);
  });
  it('the cursor inside a comment within a literal', () => assert.equal(at('[[1, 2],  # fi|rst row\n [3, 4]]'), '[[1, 2],  # first row\n [3, 4]]'));
  it('typed arrays with new', () => assert.equal(at('const w = new Float32Array([1, |2, 3]);', 'typescript'), 'new Float32Array([1, 2, 3])'));
  it('JSON: the array under a key, not the object', () => assert.equal(at('{"weights": [[1, 2], [|3, 4]], "bias": [0]}', 'json'), '[[1, 2], [3, 4]]'));
  it('skips a call of an unknown function and takes the literal inside', () => assert.equal(at('print(foo([1, |2]))'), '[1, 2]'));
  it('skips a subscript', () => assert.equal(at('v = a[|0]'), undefined));
  it('skips a list of variables', () => assert.equal(at('xs = [a, |b]'), undefined));
  it('skips a comprehension but finds the literal inside', () => assert.equal(at('m = [[1, |2] for _ in range(3)]'), '[1, 2]'));
  it('nothing around the cursor', () => assert.equal(at('def f(|):\n    return 1'), undefined));
  it('inside a string', () => assert.equal(at("s = '[1, |2]'"), undefined));
  it('a bracket inside a string does not confuse it', () => assert.equal(at("x = ['[', 1]; y = [1, |2]"), '[1, 2]'));
  it('a tuple in Python', () => assert.equal(at('pool_size = (2, |2)'), '(2, 2)'));
  it('return [..] is a literal, not a subscript', () => assert.equal(at('    return [1, |2]'), '[1, 2]'));
  it('return (..) is a tuple, not a call', () => assert.equal(at('    return (1, |2)'), '(1, 2)'));
  it('reports the assigned name', () => {
    const text = 'const weights: number[][] = [[1, 2]];';
    assert.equal(findArrayLiteralAt(text, 31)?.name, 'weights');
    assert.equal(findArrayLiteralAt('x = np.zeros((2, 2))', 6)?.name, 'x');
  });
  it('a Jupyter cell with magics', () => assert.equal(at('%matplotlib inline\nimport numpy as np\nx = np.array([[1, |2]])\nx'), 'np.array([[1, 2]])'));
  // Its speed on long files (a bounded scan) is measured by `npm run bench -- hover`, not timed here.
  it('finds nothing in ordinary code with no array nearby, anywhere in a long file', () => {
    const code = 'function f(a, b) {\n  return a + b; // sum\n}\n'.repeat(20000);
    for (let i = 0; i < 100; i++) assert.equal(findArrayLiteralAt(code, code.length - 10 - i * 37), undefined);
  });
  it('does not return a literal larger than the scan window', () => {
    const big = `x = [${'1, '.repeat(200000)}1]`;
    const r = findArrayLiteralAt(big, big.length - 5, { maxScanChars: 1000 });
    assert.equal(r, undefined);
  });
});

describe('findArrayLiteralAt: caret positions', () => {
  it('the caret just after the closing bracket', () => assert.equal(at('x = np.array([1, 2])|\n'), 'np.array([1, 2])'));
  it('the caret on the opening bracket', () => assert.equal(at('x = |[1, 2]'), '[1, 2]'));
  it('the caret after a chain', () => assert.equal(at('x = np.arange(4).reshape(2, 2)|'), 'np.arange(4).reshape(2, 2)'));
});

describe('findArrayLiteralAt: bounded cost', () => {
  it('deeply nested bare parentheses stay fast', () => {
    const text = '('.repeat(50000) + '1' + ')'.repeat(50000);
    const t0 = performance.now();
    findArrayLiteralAt(text, 50000);
    assert.ok(performance.now() - t0 < 500);
  });
});
