// Hostile and pathological text: deep nesting and long chains (the syntax tree stays shallow, nothing overflows
// the stack), long assignment chains, absurd arguments and huge inputs. Every case analyses to a value.
import * as assert from 'node:assert/strict';
import { analyse } from '../../../src/analysis/analyse';

const HEAD = 'import tensorflow as tf\nimport torch\nimport torch.nn as nn\nimport numpy as np\n';

const CASES: [string, string][] = [
  ['unary minus x 1e5', `x = ${'-'.repeat(100_000)}1\nprint(tf.keras.layers.MaxPool2D(2)(x))`],
  ['not x 1e5', `x = ${'not '.repeat(100_000)}1\nprint(tf.keras.layers.MaxPool2D(2)(x))`],
  ['attribute chain x 1e5', `x = a${'.b'.repeat(100_000)}\nprint(tf.keras.layers.MaxPool2D(2)(x))`],
  ['call chain x 1e5', `x = f${'()'.repeat(100_000)}\nprint(tf.keras.layers.MaxPool2D(2)(x))`],
  ['layer applied 1e5 times in a chain', `x = tf.keras.layers.MaxPool2D(2)${'(x)'.repeat(100_000)}`],
  ['parentheses x 1e5', `x = ${'('.repeat(100_000)}1${')'.repeat(100_000)}`],
  ['brackets x 1e5', `x = ${'['.repeat(100_000)}1${']'.repeat(100_000)}\nprint(tf.keras.layers.MaxPool2D(2)(x))`],
  ['subscripts x 1e5', `x = a${'[0]'.repeat(100_000)}`],
  ['print nested x 2e4', `${'print('.repeat(20_000)}x${')'.repeat(20_000)}`],
  ['unclosed layer calls x 2e4', 'tf.keras.layers.MaxPool2D('.repeat(20_000)],
  ['assignment targets x 1e5', `${'x = '.repeat(100_000)}1`],
  ['x = x, 2e4 times', `x = np.arange(16.).reshape(1, 4, 4, 1)\n${'x = x\n'.repeat(20_000)}print(tf.keras.layers.MaxPool2D(2)(x))`],
  ['x = x.reshape(...) with no x before', 'x = x.reshape(1, 4, 4, 1)\nprint(tf.keras.layers.MaxPool2D(2)(x))'],
  ['a 10^10-element input', 'x = np.zeros((1, 100000, 100000, 1))\np = tf.keras.layers.MaxPool2D(2)\nprint(p(x))'],
  ['NaN norm', 'x = torch.zeros(1, 1, 4, 4)\nprint(nn.LPPool2d(float("nan"), 2)(x))'],
  ['10**400 output size', 'x = torch.zeros(1, 1, 4, 4)\nprint(nn.AdaptiveAvgPool2d(10**400)(x))'],
  ['None x 1e4', `x = np.zeros((1,))${'[None]'.repeat(10_000)}\nprint(tf.keras.layers.MaxPool2D(2)(x))`],
  ['300 layers and prints', `x = np.zeros((1, 4, 4, 1))\n${'print(tf.keras.layers.MaxPool2D(2)(x))\n'.repeat(300)}`],
  ['lone surrogates and BOM', '\ufeffx = np.array([[1., 2.], [3., 4.]])\ud800\np = tf.keras.layers.MaxPool2D(\udfff)\n'],
];

describe('analysis: hostile text', () => {
  for (const [name, body] of CASES) {
    it(name, () => {
      const a = analyse(HEAD + body);
      assert.ok(Array.isArray(a.layers) && Array.isArray(a.prints) && Array.isArray(a.diagnostics));
      for (const l of a.layers) assert.equal(typeof l.lens, 'string');
    });
  }

  it('what the absurd cases say', () => {
    const neg = analyse(`${HEAD}x = np.zeros((1, 4, 4, 1))\nprint(tf.keras.layers.MaxPool2D(-2)(x))`);
    assert.match(neg.diagnostics[0]?.message ?? '', /pool_size.*-2.*value > 0/);
    const float = analyse(`${HEAD}x = torch.zeros(1, 1, 4, 4)\nprint(nn.MaxPool2d(2.5)(x))`);
    assert.match(float.diagnostics[0]?.message ?? '', /kernel_size must either be a single int/);
    const huge = analyse(`${HEAD}x = np.zeros((1, 100000, 100000, 1))\np = tf.keras.layers.MaxPool2D(2)\nprint(p(x))`);
    assert.equal(huge.layers[0]?.shaped, false);
    assert.match(huge.layers[0]?.lens ?? '', /input not known: .*more than the limit/);
    assert.deepEqual(huge.prints, []);
    const many = analyse(`${HEAD}x = np.zeros((1, 4, 4, 1))\n${'print(tf.keras.layers.MaxPool2D(2)(x))\n'.repeat(300)}`);
    assert.equal(many.layers.length, 300);
    assert.equal(many.prints.length, 300);
  });
});
