// The hover on a layer in the code: the shapes, the per-axis formula with this input's numbers, the pictures of
// input and output, and what it says instead when the layer cannot be worked out.
import * as assert from 'node:assert/strict';
import { analyse } from '../../../src/analysis/analyse';
import { LAYER_HOVER_MARKER, layerHoverMarkdown } from '../../../src/extension/layers/layerHover';

const HEAD = 'import numpy as np\nimport tensorflow as tf\nimport torch.nn as nn\n';

describe('extension: the hover on a pooling layer', () => {
  it('the article: shapes, both formulas, input and output pictures, the caption', () => {
    const a = analyse(`${HEAD}matrix = np.array([[1., 2., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 12.], [13., 14., 15., 16.]]).reshape(1, 4, 4, 1)\nmax_pool = tf.keras.layers.MaxPool2D(pool_size=2, strides=2)\nprint(tf.squeeze(max_pool(matrix)))\n`);
    const md = layerHoverMarkdown(a.layers[0]!, 'auto');
    assert.ok(md.startsWith(`${LAYER_HOVER_MARKER} · \`MaxPool2D(pool_size=2, strides=2)\``), md.slice(0, 120));
    assert.match(md, /\(1, 4, 4, 1\) → \(1, 2, 2, 1\) on `matrix` \(float64\)/);
    assert.match(md, /- `H: floor\(\(4 - 2\) \/ 2\) \+ 1 = 2`\n- `W: floor\(\(4 - 2\) \/ 2\) \+ 1 = 2`/);
    assert.match(md, /!\[input 4x4\]\(data:image\/png;base64,[A-Za-z0-9+/=]+\) → !\[output 2x2\]\(data:image\/png;base64,[A-Za-z0-9+/=]+\)/);
    assert.match(md, /`\(1, 4, 4, 1\) -> MaxPooling2D\(pool_size=\(2, 2\), strides=\(2, 2\), padding='valid'\) -> \(1, 2, 2, 1\)`/);
  });

  it('a layer with a variable argument says so; an invalid one quotes the library', () => {
    const a = analyse(`${HEAD}k = 2\np = nn.MaxPool2d(k)\nq = nn.MaxPool2d(3, padding=2)\n`);
    // Quoted text is escaped for Markdown (`\_`, `\:`); read it as a person does.
    const plain = (md: string): string => md.replace(/\\(.)/g, '$1');
    assert.match(plain(layerHoverMarkdown(a.layers[0]!, 'auto')), /kernel_size is not a constant: "Inspect" asks for it/);
    assert.match(plain(layerHoverMarkdown(a.layers[1]!, 'auto')), /pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1/);
  });

  it('a layer applied to nothing this file defines says why, without pictures', () => {
    const a = analyse(`${HEAD}p = nn.AvgPool2d(2)\ndef f(x):\n    return p(x)\n`);
    const md = layerHoverMarkdown(a.layers[0]!, 'auto');
    assert.match(md.replace(/\\(.)/g, '$1'), /input not known: 'x' is not assigned an array in this file/);
    assert.doesNotMatch(md, /data:image/);
  });
});
