// Both ways between a layer and the panel: the request a layer opens the panel with, and "Apply to code" writing a
// changed request back into the layer's arguments (only what changed, in the form it was written).
import * as assert from 'node:assert/strict';
import { analyse, axisFormulas } from '../../../src/analysis/analyse';
import { requestFromSpec, rewriteArguments, type TextEdit } from '../../../src/analysis/request';
import { parseWebviewMessage } from '../../../src/protocol/messages';

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function layerOf(text: string, i = 0) {
  const a = analyse(text);
  const report = a.layers[i];
  assert.ok(report, 'no layer');
  const spec = report.application?.layerSpec.spec ?? report.layerSpec.spec;
  assert.ok(spec, `no spec: ${report.lens}`);
  return { report, request: requestFromSpec(spec) };
}

function rewrite(text: string, change: (r: ReturnType<typeof requestFromSpec>) => ReturnType<typeof requestFromSpec>, i = 0): string {
  const { report, request } = layerOf(text, i);
  const result = rewriteArguments(report.site, change(request));
  if ('error' in result) throw new Error(result.error);
  return applyEdits(text, result.edits);
}

const HEAD = 'import numpy as np\nimport tensorflow as tf\nimport torch\nimport torch.nn as nn\nx = np.arange(16.).reshape(1, 4, 4, 1)\nt = torch.arange(16.).reshape(1, 1, 4, 4)\n';

describe('analysis: the panel request of a layer, and Apply to code', () => {
  it("a Keras layer's request: its pool size, strides (defaulting to the pool size) and padding", () => {
    const { request } = layerOf(`${HEAD}p = tf.keras.layers.MaxPool2D(pool_size=(2, 3), padding='same')\ny = p(x)\n`);
    assert.equal(request.op, 'max');
    assert.equal(request.framework, 'keras');
    assert.deepEqual(request.poolSize, [2, 3]);
    assert.deepEqual(request.strides, [2, 3]);
    assert.equal(request.padding, 'same');
    assert.equal(request.dataFormat, 'channelsLast');
  });

  it("a PyTorch layer's request: explicit padding, ceil mode, channels first", () => {
    const { request } = layerOf(`${HEAD}p = nn.AvgPool2d(3, stride=1, padding=1, ceil_mode=True, count_include_pad=False)\ny = p(t)\n`);
    assert.equal(request.framework, 'pytorch');
    assert.deepEqual(request.poolSize, [3, 3]);
    assert.deepEqual(request.strides, [1, 1]);
    assert.deepEqual(request.padding, [1, 1]);
    assert.equal(request.ceilMode, true);
    assert.equal(request.countIncludePad, false);
    assert.equal(request.dataFormat, 'channelsFirst');
  });

  it('pool_size=2 becomes pool_size=3; strides given explicitly follow; nothing else moves', () => {
    const text = `${HEAD}max_pool = tf.keras.layers.MaxPool2D(pool_size=2, strides=2)  # the article\ny = max_pool(x)\n`;
    const out = rewrite(text, (r) => ({ ...r, poolSize: [3, 3], strides: [3, 3] }));
    assert.equal(out, text.replace('pool_size=2, strides=2', 'pool_size=3, strides=3'));
  });

  it('a tuple stays a tuple, a list stays a list, double quotes stay double quotes', () => {
    const text = `${HEAD}p = tf.keras.layers.AveragePooling2D(pool_size=(2, 2), strides=[1, 1], padding="valid")\ny = p(x)\n`;
    const out = rewrite(text, (r) => ({ ...r, poolSize: [3, 3], strides: [2, 1], padding: 'same' }));
    assert.equal(out, text.replace('pool_size=(2, 2), strides=[1, 1], padding="valid"', 'pool_size=(3, 3), strides=[2, 1], padding="same"'));
  });

  it('arguments not written yet are added as keywords; defaults are not added', () => {
    const text = `${HEAD}p = tf.keras.layers.MaxPool2D()\ny = p(x)\n`;
    assert.equal(rewrite(text, (r) => ({ ...r, poolSize: [3, 3], strides: [3, 3] })), text.replace('MaxPool2D()', 'MaxPool2D(pool_size=3)'));
    assert.equal(rewrite(text, (r) => ({ ...r, poolSize: [2, 2], strides: [1, 1], padding: 'same' })), text.replace('MaxPool2D()', "MaxPool2D(strides=1, padding='same')"));
    const torchText = `${HEAD}p = nn.MaxPool2d(2)\ny = p(t)\n`;
    assert.equal(rewrite(torchText, (r) => ({ ...r, padding: [1, 1], ceilMode: true })), torchText.replace('nn.MaxPool2d(2)', 'nn.MaxPool2d(2, padding=1, ceil_mode=True)'));
  });

  it('positional arguments are rewritten in place, comments and line breaks kept', () => {
    const text = `${HEAD}p = nn.MaxPool2d(\n    2,  # kernel\n    1,\n)\ny = p(t)\n`;
    assert.equal(rewrite(text, (r) => ({ ...r, poolSize: [3, 3] })), text.replace('    2,  # kernel', '    3,  # kernel'));
  });

  it('an unchanged request gives no edit; another op or framework is refused with a reason', () => {
    const text = `${HEAD}p = tf.keras.layers.MaxPool2D(2)\ny = p(x)\n`;
    const { report, request } = layerOf(text);
    assert.deepEqual(rewriteArguments(report.site, request), { edits: [] });
    const op = rewriteArguments(report.site, { ...request, op: 'avg' });
    assert.ok('error' in op && /not its kind/.test(op.error));
    const fw = rewriteArguments(report.site, { ...request, framework: 'pytorch' });
    assert.ok('error' in fw && /Keras/.test(fw.error));
  });

  it('tf.nn keeps its upper-case padding', () => {
    const text = `${HEAD}y = tf.nn.max_pool2d(x, ksize=2, strides=2, padding='VALID')\n`;
    assert.equal(rewrite(text, (r) => ({ ...r, padding: 'same' })), text.replace("'VALID'", "'SAME'"));
  });

  it('the per-axis formulas with this input\'s numbers', () => {
    const keras = analyse(`${HEAD}p = tf.keras.layers.MaxPool2D(pool_size=2, strides=2)\ny = p(x)\n`).layers[0]!.application!.plan!;
    assert.deepEqual(axisFormulas(keras), ['H: floor((4 - 2) / 2) + 1 = 2', 'W: floor((4 - 2) / 2) + 1 = 2']);
    const same = analyse(`${HEAD}p = tf.keras.layers.AveragePooling2D(3, padding='same')\ny = p(x)\n`).layers[0]!.application!.plan!;
    assert.deepEqual(axisFormulas(same), ['H: ceil(4 / 3) = 2', 'W: ceil(4 / 3) = 2']);
    const torch = analyse(`${HEAD}p = nn.MaxPool2d(3, stride=2, padding=1)\ny = p(t)\n`).layers[0]!.application!.plan!;
    assert.deepEqual(axisFormulas(torch), ['H: floor((4 + 2·1 - 3) / 2) + 1 = 2', 'W: floor((4 + 2·1 - 3) / 2) + 1 = 2']);
  });

  it('the applyToCode message is validated like a repool', () => {
    const { request } = layerOf(`${HEAD}p = tf.keras.layers.MaxPool2D(2)\ny = p(x)\n`);
    assert.deepEqual(parseWebviewMessage({ type: 'applyToCode', request }), { type: 'applyToCode', request });
    assert.equal(parseWebviewMessage({ type: 'applyToCode', request: { ...request, op: 'conv' } }), undefined);
    assert.equal(parseWebviewMessage({ type: 'applyToCode' }), undefined);
  });
});

describe('analysis: never throws while the code is being typed', () => {
  it('every prefix of both examples (and of the fixture programs) analyses to a value', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(__dirname, '../../..');
    const texts = [
      readFileSync(join(root, 'examples/article_example.py'), 'utf8'),
      readFileSync(join(root, 'examples/article_example_torch.py'), 'utf8'),
    ];
    let analysed = 0;
    for (const text of texts) {
      for (let cut = 0; cut <= text.length; cut += 5) {
        const a = analyse(text.slice(0, cut));
        for (const p of a.prints) assert.equal(typeof p.inline, 'string');
        for (const l of a.layers) assert.equal(typeof l.lens, 'string');
        analysed++;
      }
    }
    assert.ok(analysed > 300);
  });
});
