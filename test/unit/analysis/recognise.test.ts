// The recogniser on a corpus of snippets written in the styles people use: imports and aliases, positional and
// keyword arguments, line continuations, comments, decorators, classes, notebook cells. Each case states the
// layers expected, their parameters as written and where they are applied.
import * as assert from 'node:assert/strict';
import { constText, recognise, type LayerSite } from '../../../src/analysis/recognise';
import { catalogNames } from '../../../src/analysis/catalog';

interface Expected {
  name: string;
  qualified: string;
  args?: Record<string, string>;
  variable?: string;
  uses?: string[];
  problems?: string[];
}

function summary(site: LayerSite, text: string): Expected {
  const args: Record<string, string> = {};
  for (const [k, a] of site.args) args[k] = a.value !== undefined ? constText(a.value) : `?${a.text}`;
  return {
    name: site.def.name,
    qualified: site.qualified,
    args,
    ...(site.variable ? { variable: site.variable } : {}),
    uses: site.uses.map((u) => text.slice(u.start, u.end)),
    problems: site.problems.map((p) => p.message),
  };
}

function check(text: string, expected: Expected[], context: string[] = []): void {
  const r = recognise(text, context);
  const got = r.layers.map((l) => summary(l, text));
  assert.equal(got.length, expected.length, `layers found: ${JSON.stringify(got, null, 1)}`);
  expected.forEach((e, i) => {
    const g = got[i]!;
    assert.equal(g.name, e.name);
    assert.equal(g.qualified, e.qualified);
    if (e.args) assert.deepEqual(g.args, e.args);
    assert.equal(g.variable, e.variable);
    if (e.uses) assert.deepEqual(g.uses, e.uses);
    assert.deepEqual(g.problems, e.problems ?? []);
  });
}

describe('analysis: recognising pooling layers', () => {
  it('the article: tf.keras through `import tensorflow as tf`, keyword arguments, applied through a variable', () => {
    check([
      'import numpy as np',
      'import tensorflow as tf',
      'matrix = np.array([[1., 2., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 12.], [13., 14., 15., 16.]]).reshape(1, 4, 4, 1)',
      'max_pool = tf.keras.layers.MaxPool2D(pool_size=2, strides=2)',
      'print(tf.squeeze(max_pool(matrix)))',
    ].join('\n'), [{
      name: 'MaxPool2D', qualified: 'tensorflow.keras.layers.MaxPool2D', args: { pool_size: '2', strides: '2' }, variable: 'max_pool', uses: ['max_pool(matrix)'],
    }]);
  });

  it('from-imports with aliases, positional arguments, applied at once', () => {
    check([
      'from keras.layers import MaxPooling2D as MP, AveragePooling1D',
      'y = MP((3, 3), 1, "same")(x)',
      'z = AveragePooling1D(4)(seq)',
    ].join('\n'), [
      { name: 'MaxPooling2D', qualified: 'keras.layers.MaxPooling2D', args: { pool_size: '(3, 3)', strides: '1', padding: "'same'" }, uses: ['MP((3, 3), 1, "same")(x)'] },
      { name: 'AveragePooling1D', qualified: 'keras.layers.AveragePooling1D', args: { pool_size: '4' }, uses: ['AveragePooling1D(4)(seq)'] },
    ]);
  });

  it('`from tensorflow import keras` and `from tensorflow.keras import layers`', () => {
    check([
      'from tensorflow import keras',
      'from tensorflow.keras import layers as L',
      'a = keras.layers.GlobalAveragePooling2D(keepdims=True)',
      'b = L.GlobalMaxPool1D(data_format="channels_first")',
    ].join('\n'), [
      { name: 'GlobalAveragePooling2D', qualified: 'tensorflow.keras.layers.GlobalAveragePooling2D', args: { keepdims: 'True' }, variable: 'a', uses: [] },
      { name: 'GlobalMaxPool1D', qualified: 'tensorflow.keras.layers.GlobalMaxPool1D', args: { data_format: "'channels_first'" }, variable: 'b', uses: [] },
    ]);
  });

  it('PyTorch modules: `from torch import nn`, `import torch.nn as tnn`, `torch.nn.` spelled out', () => {
    check([
      'import torch',
      'from torch import nn',
      'import torch.nn as tnn',
      'p1 = nn.MaxPool2d(2, stride=1, padding=1, ceil_mode=True)',
      'p2 = tnn.AvgPool3d(kernel_size=(1, 2, 2), count_include_pad=False, divisor_override=3)',
      'p3 = torch.nn.AdaptiveAvgPool2d((None, 7))',
      'p4 = nn.LPPool1d(2, 3)',
      'out = p1(t)',
    ].join('\n'), [
      { name: 'MaxPool2d', qualified: 'torch.nn.MaxPool2d', args: { kernel_size: '2', stride: '1', padding: '1', ceil_mode: 'True' }, variable: 'p1', uses: ['p1(t)'] },
      { name: 'AvgPool3d', qualified: 'torch.nn.AvgPool3d', args: { kernel_size: '(1, 2, 2)', count_include_pad: 'False', divisor_override: '3' }, variable: 'p2', uses: [] },
      { name: 'AdaptiveAvgPool2d', qualified: 'torch.nn.AdaptiveAvgPool2d', args: { output_size: '(None, 7)' }, variable: 'p3', uses: [] },
      { name: 'LPPool1d', qualified: 'torch.nn.LPPool1d', args: { norm_type: '2', kernel_size: '3' }, variable: 'p4', uses: [] },
    ]);
  });

  it('functional forms: torch.nn.functional under any alias, the input is the first argument', () => {
    check([
      'import torch.nn.functional as fn',
      'from torch.nn import functional',
      'from torch.nn.functional import adaptive_max_pool1d as amp',
      'a = fn.max_pool2d(x, 2)',
      'b = functional.avg_pool2d(input=x, kernel_size=3, padding=1)',
      'c = amp(x, 5)',
      'd = fn.lp_pool2d(x, 2.0, (2, 2))',
    ].join('\n'), [
      { name: 'max_pool2d', qualified: 'torch.nn.functional.max_pool2d', args: { input: '?x', kernel_size: '2' }, uses: ['fn.max_pool2d(x, 2)'] },
      { name: 'avg_pool2d', qualified: 'torch.nn.functional.avg_pool2d', args: { input: '?x', kernel_size: '3', padding: '1' }, uses: ['functional.avg_pool2d(input=x, kernel_size=3, padding=1)'] },
      { name: 'adaptive_max_pool1d', qualified: 'torch.nn.functional.adaptive_max_pool1d', args: { input: '?x', output_size: '5' }, uses: ['amp(x, 5)'] },
      { name: 'lp_pool2d', qualified: 'torch.nn.functional.lp_pool2d', args: { input: '?x', norm_type: '2', kernel_size: '(2, 2)' }, uses: ['fn.lp_pool2d(x, 2.0, (2, 2))'] },
    ]);
  });

  it('tf.nn.max_pool2d / avg_pool2d / max_pool with ksize, strides and padding', () => {
    check([
      'import tensorflow as tf',
      "y = tf.nn.max_pool2d(x, ksize=2, strides=2, padding='VALID')",
      "z = tf.nn.avg_pool2d(x, [1, 3, 3, 1], [1, 1, 1, 1], 'SAME')",
      "w = tf.nn.max_pool(x, 2, 2, 'VALID')",
    ].join('\n'), [
      { name: 'max_pool2d', qualified: 'tensorflow.nn.max_pool2d', args: { input: '?x', ksize: '2', strides: '2', padding: "'VALID'" } },
      { name: 'avg_pool2d', qualified: 'tensorflow.nn.avg_pool2d', args: { input: '?x', ksize: '(1, 3, 3, 1)', strides: '(1, 1, 1, 1)', padding: "'SAME'" } },
      { name: 'max_pool', qualified: 'tensorflow.nn.max_pool', args: { input: '?x', ksize: '2', strides: '2', padding: "'VALID'" } },
    ]);
  });

  it('line continuations, comments inside calls, strings that look like code', () => {
    check([
      'import tensorflow as tf',
      '# max_pool = tf.keras.layers.MaxPool2D(9)  -- a comment, not a layer',
      's = "tf.keras.layers.MaxPool2D(7)"  # nor a string',
      'pool = tf.keras.layers.MaxPool2D(  # the window',
      '    pool_size=(2,',
      '               2),  # rows, cols',
      "    padding='same',",
      ')',
      'big = tf.keras.layers.AveragePooling2D \\',
      '    (3)',
    ].join('\n'), [
      { name: 'MaxPool2D', qualified: 'tensorflow.keras.layers.MaxPool2D', args: { pool_size: '(2, 2)', padding: "'same'" }, variable: 'pool', uses: [] },
      { name: 'AveragePooling2D', qualified: 'tensorflow.keras.layers.AveragePooling2D', args: { pool_size: '3' }, variable: 'big', uses: [] },
    ]);
  });

  it('a PyTorch module class with a decorator: the layer in __init__, applied through self.pool in forward', () => {
    check([
      'import torch',
      'import torch.nn as nn',
      '',
      '@torch.jit.script_if_tracing',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)',
      '',
      '    @torch.no_grad()',
      '    def forward(self, x):',
      '        return self.pool(x)',
    ].join('\n'), [
      { name: 'MaxPool2d', qualified: 'torch.nn.MaxPool2d', args: { kernel_size: '2', stride: '2' }, variable: 'self.pool', uses: ['self.pool(x)'] },
    ]);
  });

  it('Sequential models and one-line bodies: layers inside lists and after a colon', () => {
    check([
      'import keras',
      'from keras import layers',
      'model = keras.Sequential([layers.Conv2D(8, 3), layers.MaxPooling2D(), layers.GlobalAveragePooling2D()])',
      'if True: p = layers.AveragePooling2D(pool_size=(2, 3))',
    ].join('\n'), [
      { name: 'MaxPooling2D', qualified: 'keras.layers.MaxPooling2D', args: {}, uses: [] },
      { name: 'GlobalAveragePooling2D', qualified: 'keras.layers.GlobalAveragePooling2D', args: {}, uses: [] },
      { name: 'AveragePooling2D', qualified: 'keras.layers.AveragePooling2D', args: { pool_size: '(2, 3)' }, variable: 'p', uses: [] },
    ]);
  });

  it('arguments that are not constants are kept with their text; negative numbers and None are constants', () => {
    check([
      'import torch.nn as nn',
      'k = 3',
      'pool = nn.MaxPool2d(k, stride=k - 1, padding=-1, dilation=None)',
    ].join('\n'), [
      { name: 'MaxPool2d', qualified: 'torch.nn.MaxPool2d', args: { kernel_size: '?k', stride: '?k - 1', padding: '-1', dilation: 'None' }, variable: 'pool', uses: [] },
    ]);
  });

  it("Python's argument errors, in Python's words: unexpected keyword, duplicate, too many, missing", () => {
    check([
      'import torch.nn as nn',
      'import tensorflow as tf',
      'a = nn.MaxPool2d(2, kernel_size=3)',
      'b = nn.AvgPool2d()',
      'c = nn.AdaptiveAvgPool2d(2, 3)',
      'd = nn.MaxPool2d(2, strides=2)',
      'e = tf.keras.layers.MaxPool2D(pool=2)',
    ].join('\n'), [
      { name: 'MaxPool2d', qualified: 'torch.nn.MaxPool2d', variable: 'a', uses: [], problems: ["MaxPool2d() got multiple values for argument 'kernel_size'"] },
      { name: 'AvgPool2d', qualified: 'torch.nn.AvgPool2d', variable: 'b', uses: [], problems: ["AvgPool2d() missing 1 required positional argument: 'kernel_size'"] },
      { name: 'AdaptiveAvgPool2d', qualified: 'torch.nn.AdaptiveAvgPool2d', variable: 'c', uses: [], problems: ['AdaptiveAvgPool2d() takes 1 positional arguments but 2 were given'] },
      { name: 'MaxPool2d', qualified: 'torch.nn.MaxPool2d', variable: 'd', uses: [], problems: ["MaxPool2d() got an unexpected keyword argument 'strides'"] },
      { name: 'MaxPool2D', qualified: 'tensorflow.keras.layers.MaxPool2D', variable: 'e', uses: [], problems: ["Unrecognized keyword arguments passed to MaxPool2D: {'pool': 2}"] },
    ]);
  });

  it('a reassigned name no longer applies the layer; an unrelated name that shadows an alias is not a layer', () => {
    check([
      'import torch.nn as nn',
      'pool = nn.MaxPool2d(2)',
      'a = pool(x)',
      'pool = something_else()',
      'b = pool(x)',
      'F = make_f()',
      'c = F.max_pool2d(x, 2)',
    ].join('\n'), [
      { name: 'MaxPool2d', qualified: 'torch.nn.MaxPool2d', variable: 'pool', uses: ['pool(x)'] },
    ]);
  });

  it('conventional aliases work without imports (a notebook cell whose imports are in another cell)', () => {
    check('pool = tf.keras.layers.MaxPool2D(2)\nq = nn.AvgPool2d(2)\nr = F.adaptive_avg_pool2d(x, 1)\n', [
      { name: 'MaxPool2D', qualified: 'tensorflow.keras.layers.MaxPool2D', variable: 'pool', uses: [] },
      { name: 'AvgPool2d', qualified: 'torch.nn.AvgPool2d', variable: 'q', uses: [] },
      { name: 'adaptive_avg_pool2d', qualified: 'torch.nn.functional.adaptive_avg_pool2d' },
    ]);
  });

  it('notebook cells: imports and assignments of earlier cells count, their layers are not reported again', () => {
    const cell1 = 'from keras.layers import MaxPool2D as Pool\nfirst = Pool(3)\n';
    const cell2 = '# %%\nsecond = Pool(pool_size=2)\ny = first(x)\n';
    check(cell2, [{ name: 'MaxPool2D', qualified: 'keras.layers.MaxPool2D', args: { pool_size: '2' }, variable: 'second', uses: [] }], [cell1]);
  });

  it('star imports resolve names the catalogue knows', () => {
    check('from torch.nn import *\np = MaxPool1d(3)\nq = Linear(3, 4)\n', [
      { name: 'MaxPool1d', qualified: 'torch.nn.MaxPool1d', args: { kernel_size: '3' }, variable: 'p', uses: [] },
    ]);
  });

  it('similar names that are not pooling layers are left alone', () => {
    check([
      'import torch.nn as nn, tensorflow as tf',
      'a = nn.MaxUnpool2d(2)',
      'b = tf.keras.layers.Conv2D(8, 3)',
      'c = tf.math.reduce_max(x)',
      'd = my.MaxPool2D(2)',
      'e = torch.max(x)',
    ].join('\n'), []);
  });

  it('half-typed code never throws and does not swallow the rest of the file', () => {
    const text = [
      'import torch.nn as nn',
      'a = nn.MaxPool2d(2, stride=',
      'def f():',
      '    return 1',
      'b = nn.AvgPool2d(3)',
      'c = nn.MaxPool2d((2, ',
    ].join('\n');
    const r = recognise(text);
    assert.deepEqual(r.layers.map((l) => l.variable), ['a', 'b', 'c']);
    for (let cut = 0; cut <= text.length; cut += 3) assert.doesNotThrow(() => recognise(text.slice(0, cut)));
  });

  it('the catalogue covers every name the issue lists, in 1, 2 and 3 dimensions', () => {
    const names = new Set(catalogNames());
    for (const r of [1, 2, 3]) {
      for (const n of [`MaxPool${r}D`, `MaxPooling${r}D`, `AveragePooling${r}D`, `AvgPool${r}D`, `GlobalMaxPooling${r}D`, `GlobalAveragePooling${r}D`]) {
        assert.ok(names.has(`keras.layers.${n}`), n);
        assert.ok(names.has(`tensorflow.keras.layers.${n}`), n);
      }
      for (const n of [`MaxPool${r}d`, `AvgPool${r}d`, `AdaptiveMaxPool${r}d`, `AdaptiveAvgPool${r}d`, `LPPool${r}d`]) assert.ok(names.has(`torch.nn.${n}`), n);
      for (const n of [`max_pool${r}d`, `avg_pool${r}d`, `adaptive_avg_pool${r}d`, `adaptive_max_pool${r}d`, `lp_pool${r}d`]) assert.ok(names.has(`torch.nn.functional.${n}`), n);
      for (const n of [`max_pool${r}d`, `avg_pool${r}d`]) assert.ok(names.has(`tensorflow.nn.${n}`), n);
    }
  });
});
