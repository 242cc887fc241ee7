import assert from 'node:assert/strict';
import {
  DEFAULT_HOVER_MAX_ELEMENTS, HOVER_MARKER, HoverCache, hoverPreview, type HoverPreview, type HoverRequest, type HoverSettings,
} from '../../../src/extension/hoverPreview';
import type { PoolDefaults } from '../../../src/extension/poolDefaults';

const KERAS: PoolDefaults = { op: 'max', framework: 'keras', poolSize: 2, strides: null, padding: 'valid', dataFormat: 'channelsLast', nan: 'propagate' };
const SETTINGS: HoverSettings = { maxElements: DEFAULT_HOVER_MAX_ELEMENTS, pool: KERAS, colormap: 'auto' };
const URI = 'file:///work/article_example.py';

/** `|` marks the cursor. */
function hover(marked: string, options: Partial<HoverRequest> = {}, settings: HoverSettings = SETTINGS, cache?: HoverCache): HoverPreview | undefined {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the test text needs a | cursor');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return hoverPreview({ text, offset, uri: URI, language: 'python', ...options }, settings, cache);
}

function preview(marked: string, options: Partial<HoverRequest> = {}, settings: HoverSettings = SETTINGS): HoverPreview {
  const h = hover(marked, options, settings);
  assert.ok(h, `expected a hover on ${JSON.stringify(marked)}`);
  return h;
}

/** The markdown with every base64 payload replaced by `<png>`, for readable comparisons. */
function readable(md: string): string {
  return md.replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, 'data:image/png;base64,<png>');
}

function commandArgs(md: string): unknown {
  const m = /\(command:poolingLens\.inspectRange\?([^ )]+) "/.exec(md);
  assert.ok(m?.[1], `no inspectRange link in ${readable(md)}`);
  return JSON.parse(decodeURIComponent(m[1]));
}

const ARTICLE = `import numpy as np

image = np.array([[1, 2, 3, 4],
                  [5, 6, 7, 8],
                  [9, 10, 11, 12],
                  [13, 14, 15, 16]], dtype=np.float32).reshape(1, 4, 4, 1)
`;

describe('hoverPreview: the hover on an array literal', () => {
  describe('the article 4x4 array', () => {
    const text = ARTICLE.replace('[5, 6,', '[5, |6,');
    const h = preview(text);
    const clean = ARTICLE;
    const literal = 'np.array([[1, 2, 3, 4],\n                  [5, 6, 7, 8],\n                  [9, 10, 11, 12],\n                  [13, 14, 15, 16]], dtype=np.float32).reshape(1, 4, 4, 1)';

    it('is a preview over the whole literal, reshape included', () => {
      assert.equal(h.kind, 'preview');
      assert.equal(clean.slice(h.start, h.end), literal);
    });
    it('starts with the marker, the name, dtype, shape and count', () => {
      assert.ok(h.markdown.startsWith(`${HOVER_MARKER} · \`image\` · float32 (1, 4, 4, 1) · 16 values\n\n`), readable(h.markdown));
    });
    it('gives min, max, mean and the NaN count, then the link', () => {
      assert.match(h.markdown, /\n\nmin 1 · max 16 · mean 8\.5 · 0 NaN · \[Open in Pooling Lens\]\(command:/);
    });
    it('shows the input and the pooled picture as PNG data URIs', () => {
      assert.match(readable(h.markdown), /!\[input 4x4\]\(data:image\/png;base64,<png>\) → !\[2x2 max pool\]\(data:image\/png;base64,<png>\)/);
    });
    it('prints the 2x2 max pool of a small result', () => assert.match(h.markdown, /\n\n2x2 max pool: `\[\[6, 8\], \[14, 16\]\]`\n\n/));
    it("prints the plan's caption", () => {
      assert.ok(h.markdown.includes("`(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)`"));
    });
    it('links to the panel with [uri, start, end], above the pictures so it is never scrolled away', () => {
      assert.deepEqual(commandArgs(h.markdown), [URI, h.start, h.end]);
      assert.ok(h.markdown.indexOf('command:') < h.markdown.indexOf('!['));
    });
    it('links no other command', () => assert.deepEqual(h.markdown.match(/command:[\w.]+/g), ['command:poolingLens.inspectRange']));
    it('says nothing about how a batched input was read when it is batch 1, 1 channel', () => {
      assert.doesNotMatch(h.markdown, /read as|pictures show/);
    });
    it('reports document offsets when given a window of the document', () => {
      const w = preview(text, { textStart: 1000, firstLine: 40 });
      assert.equal(w.start, h.start + 1000);
      assert.equal(w.end, h.end + 1000);
      assert.deepEqual(commandArgs(w.markdown), [URI, h.start + 1000, h.end + 1000]);
    });
    it('is the same with the cursor on the constructor name or after the literal', () => {
      assert.equal(preview(ARTICLE.replace('np.array', 'np.ar|ray')).start, h.start);
      assert.equal(preview(ARTICLE.replace('4, 4, 1)', '4, 4, 1)|')).end, h.end);
    });
  });

  describe('ordinary code gets no hover', () => {
    const cases: [string, string][] = [
      ['an import', 'import num|py as np\n'],
      ['a call of a variable', 'print(x|)\n'],
      ['a subscript', 'v = a[|0]\n'],
      ['a list of variables', 'xs = [a, |b]\n'],
      ['brackets inside a string', "s = '[[1, |2]]'\n"],
      ['a keyword-argument tuple', "MaxPool2D(pool_size=(2, |2), strides=(1, 1))\n"],
      ['arithmetic in parentheses', 'timeout = (60 |* 5)\n'],
      ['a dict', "d = {'a': |1}\n"],
    ];
    for (const [what, text] of cases) it(what, () => assert.equal(hover(text), undefined));
    it('TypeScript code', () => assert.equal(hover('const n = items.len|gth + 1;', { language: 'typescript' }), undefined));
  });

  describe('errors', () => {
    it('a ragged literal gives one line: the message and the document position', () => {
      const h = preview('x = 1\nbad = [[1, 2, 3],\n       [4, 5, 6],\n       [7, |8]]\n');
      assert.equal(h.kind, 'error');
      assert.equal(h.markdown, `${HOVER_MARKER}: row 3 has 2 elements, rows above have 3 (line 4, column 8)`);
    });
    it('counts lines from the window start', () => {
      const h = preview('bad = [[1, 2, 3], [4, |5]]', { firstLine: 99 });
      assert.match(h.markdown, /\(line 100, column 19\)$/);
    });
    it('never shows a stack and stays on one line', () => {
      const h = preview('z = np.array([1, 2, |3j])\n');
      assert.equal(h.kind, 'error');
      assert.doesNotMatch(h.markdown, /\n| {4}at /);
    });
    it('escapes markdown in the message', () => {
      const h = preview('t = [[1, 2], |[3]]\n');
      assert.doesNotMatch(h.markdown.slice(HOVER_MARKER.length), /(?<!\\)[*_`[\]]/);
    });
    it('a bare nested tuple that does not parse stays quiet', () => assert.equal(hover('m = ((1, 2), (|3,))\n'), undefined));
  });

  describe('large literals', () => {
    const big = `a = [${Array.from({ length: 300 }, (_, i) => i).join(', ')}|]\n`;
    it('above maxElements by estimate: a summary without values or pictures, with the link', () => {
      const h = preview(big, {}, { ...SETTINGS, maxElements: 100 });
      assert.equal(h.kind, 'summary');
      assert.match(h.markdown, /^\*\*Pooling Lens\*\* · `a` · about 300 values, more than the hover shows \(100, setting `poolingLens\.hover\.maxElements`\)\n\n\[Open in Pooling Lens\]/);
      assert.doesNotMatch(h.markdown, /data:image|min /);
    });
    it('a generator beyond the cap is refused before it allocates', () => {
      const h = preview('z = np.zeros((1000, |1000))\n', {}, { ...SETTINGS, maxElements: 10_000 });
      assert.equal(h.kind, 'summary');
      assert.match(h.markdown, /too large for a hover: this would make 1000000 elements, more than the limit of 10000/);
    });
    it('a 200x200 literal is drawn as block means and stays far below the markdown limit', () => {
      const rows = Array.from({ length: 200 }, (_, r) => `[${Array.from({ length: 200 }, (_, c) => (r * 7 + c * 13) % 101).join(', ')}]`);
      const text = `x = [${rows.join(',\n     ')}]\n`;
      const h = preview(text.replace('[[', '[|['));
      assert.equal(h.kind, 'preview');
      assert.match(h.markdown, /input drawn as 40x40 block means/);
      assert.match(h.markdown, /!\[input 200x200\]/);
      assert.ok(h.markdown.length < 90_000, `markdown is ${h.markdown.length} characters`);
      assert.doesNotMatch(h.markdown, /2x2 max pool: `/, 'a 100x100 result is not printed as numbers');
    });
  });

  describe('shapes, dtypes and settings', () => {
    it('a plain matrix is read as batch 1, H x W, 1 channel and says so', () => {
      const h = preview('grid = [[0, 1, 0, 2],\n        [3, 0, |4, 0],\n        [0, 5, 0, 6],\n        [7, 0, 8, 0]]\n');
      assert.match(h.markdown, /int64 \(4, 4\) · 16 values/);
      assert.match(h.markdown, /a 4x4 matrix read as batch 1, 4x4, 1 channel/);
      assert.match(h.markdown, /2x2 max pool: `\[\[3, 4\], \[7, 8\]\]`/);
    });
    it('a vector pools along its one axis', () => {
      const h = preview('v = [1, 5, 2, 8, |3]\n');
      assert.match(h.markdown, /int64 \(5,\) · 5 values/);
      assert.match(h.markdown, /2 max pool: `\[5, 8\]`/);
    });
    it('NaN and infinities are counted', () => {
      const h = preview('m = np.array([[1, np.nan], [np.inf, |-np.inf]])\n');
      assert.match(h.markdown, /min -inf · max inf · mean NaN · 1 NaN · 1 \+inf · 1 -inf/);
    });
    it('channels beyond the first are named as left out of the picture', () => {
      const h = preview('x = np.arange(48).reshape(1, 4, |4, 3)\n');
      assert.match(h.markdown, /pictures show channel 0 of 3/);
      assert.match(h.markdown, /2x2 max pool: `\[\[15, 21\], \[39, 45\]\]`/);
    });
    it('channels first reads the first channel plane', () => {
      const h = preview('x = np.arange(32).reshape(1, 2, 4, |4)\n', {}, { ...SETTINGS, pool: { ...KERAS, dataFormat: 'channelsFirst' } });
      assert.match(h.markdown, /2x2 max pool: `\[\[5, 7\], \[13, 15\]\]`/);
    });
    it('the pool size comes from the settings', () => {
      const h = preview('x = np.arange(36).reshape(6, |6)\n', {}, { ...SETTINGS, pool: { ...KERAS, poolSize: 3 } });
      assert.match(h.markdown, /3x3 max pool: `\[\[14, 17\], \[32, 35\]\]`/);
    });
    it('the operation comes from poolingLens.defaultOp: average (integers, which Keras refuses, pooled as float32, saying so)', () => {
      const ints = preview('x = np.arange(16).reshape(4, |4)\n', {}, { ...SETTINGS, pool: { ...KERAS, op: 'avg' } });
      assert.match(ints.markdown, /2x2 avg pool: `\[\[2\.5, 4\.5\], \[10\.5, 12\.5\]\]` \(shown for the input cast to float32\\?: TF's AvgPool takes float16, float32 and float64 only/);
      const h = preview('x = np.arange(16.0).reshape(4, |4)\n', {}, { ...SETTINGS, pool: { ...KERAS, op: 'avg' } });
      assert.match(h.markdown, /!\[2x2 avg pool\]\(data:image\/png/);
      assert.match(h.markdown, /2x2 avg pool: `\[\[2\.5, 4\.5\], \[10\.5, 12\.5\]\]`/);
      assert.match(h.markdown, /AveragePooling2D\(/);
    });
    it('the operation comes from poolingLens.defaultOp: global max', () => {
      const h = preview('x = np.arange(16).reshape(4, |4)\n', {}, { ...SETTINGS, pool: { ...KERAS, op: 'globalMax' } });
      assert.match(h.markdown, /global max pool: `15`/);
      assert.match(h.markdown, /GlobalMaxPooling2D\(/);
    });
    it('strides and same padding are named when they differ from the defaults', () => {
      // 5 cells, window 3, stride 2, 'same': 3 outputs, one padding cell each side; windows rows/cols 0-1, 1-3, 3-4.
      const h = preview('x = np.arange(25).reshape(5, |5)\n', {}, { ...SETTINGS, pool: { ...KERAS, poolSize: 3, strides: 2, padding: 'same' } });
      assert.match(h.markdown, /3x3 max pool, strides 2x2, same padding: `\[\[6, 8, 9\], \[16, 18, 19\], \[21, 23, 24\]\]`/);
    });
    it('PyTorch rules name the PyTorch layer', () => {
      const h = preview('x = torch.tensor([[1., 2.], [3., |4.]])\n', {}, { ...SETTINGS, pool: { ...KERAS, framework: 'pytorch' } });
      assert.match(h.markdown, /float32 \(2, 2\)/);
      assert.match(h.markdown, /MaxPool2d\(/);
    });
    it('a 1x1 result of a matrix is still printed as a matrix', () => {
      assert.match(preview('m = [[1., 2.], [3., |4.]]\n').markdown, /2x2 max pool: `\[\[4\]\]`/);
    });
    it('a window larger than the input says the output is empty', () => {
      const h = preview('x = [[|7]]\n');
      assert.match(h.markdown, /2x2 max pool: empty output \(/);
      assert.match(h.markdown, /!\[input 1x1\]/);
    });
    it('a scalar has statistics but no picture', () => {
      const h = preview('s = np.array(|5.5)\n');
      assert.match(h.markdown, /float64 \(\) · 1 value\n\nmin 5\.5 · max 5\.5 · mean 5\.5 · 0 NaN · \[Open in Pooling Lens\]\([^)]+\)$/);
    });
    it('rank 6 has no reading of its axes: statistics, and the reason there is no picture', () => {
      const h = preview('x = np.zeros((1, 1, 1, 1, 1, |2))\n');
      assert.match(h.markdown, /no picture: input shape = .*got rank 6/);
    });
    it('a bare nested tuple is an array', () => assert.equal(preview('m = ((1, 2), (3, |4))\n').kind, 'preview'));
    it('TypeScript typed arrays keep their dtype', () => {
      const h = preview('export const signal = new Float32Array([0.5, 1.5, -2, |3]);\n', { language: 'typescript' });
      assert.match(h.markdown, /float32 \(4,\) · 4 values/);
      assert.match(h.markdown, /2 max pool: `\[1\.5, 3\]`/);
    });
    it('JSON arrays are float64, named by their key', () => {
      const h = preview('{\n  "feature_map": [[0.1, 0.9], [0.4, |0.5]]\n}\n', { language: 'json' });
      assert.match(h.markdown, /^\*\*Pooling Lens\*\* · `feature_map` · float64 \(2, 2\)/);
    });
  });

  describe('the cache', () => {
    const text = 'x = [[1, 2], [3, |4]]\n';
    it('returns the same result for the same document version, range and settings', () => {
      const cache = new HoverCache();
      const a = hover(text, { version: 1 }, SETTINGS, cache);
      const b = hover(text.replace('|4', '4|'), { version: 1 }, SETTINGS, cache);
      assert.ok(a);
      assert.equal(b, a);
      assert.equal(cache.size, 1);
    });
    it('computes again for a new version or new settings', () => {
      const cache = new HoverCache();
      const a = hover(text, { version: 1 }, SETTINGS, cache);
      assert.notEqual(hover(text, { version: 2 }, SETTINGS, cache), a);
      assert.notEqual(hover(text, { version: 1 }, { ...SETTINGS, pool: { ...KERAS, poolSize: 1 } }, cache), a);
      assert.equal(cache.size, 3);
    });
    it('does not cache without a version', () => {
      const cache = new HoverCache();
      hover(text, {}, SETTINGS, cache);
      assert.equal(cache.size, 0);
    });
    it('keeps the most recently used entries and forgets closed documents', () => {
      const cache = new HoverCache(2);
      for (const v of [1, 2, 3]) hover(text, { version: v }, SETTINGS, cache);
      assert.equal(cache.size, 2);
      hover(text, { version: 1, uri: 'file:///other.py' }, SETTINGS, cache);
      cache.forget(URI);
      assert.equal(cache.size, 1);
    });
  });
});

describe('hover: work bounded on the host thread', () => {
  it('np.arange(2097152) with a 64-cell stride-1 average (134 M visits) is described, not pooled', () => {
    const text = 'x = np.arange(2097152)\n';
    const started = performance.now();
    const p = hoverPreview({ text, offset: 8, uri: 'file:///a.py', language: 'python' }, {
      maxElements: 16_777_216, colormap: 'auto',
      pool: { op: 'avg', framework: 'keras', poolSize: 64, strides: 1, padding: 'valid', dataFormat: 'channelsLast', nan: 'propagate' },
    });
    assert.match(p?.markdown ?? '', /not computed in a hover \(about [\d,]+ window-cell visits\); open the panel to pool it/);
    assert.ok(performance.now() - started < 5000, 'no 6 s of pooling on the hover path');
  });
});

describe('hover: an error is one short line', () => {
  it('a malformed literal quoting 200,000 characters gives a hover of at most a few hundred', () => {
    const text = `y = np.array([1, 2], dtype="${'z'.repeat(200_000)}")\n`;
    const p = hoverPreview({ text, offset: text.indexOf('[') + 1, uri: 'file:///a.py', language: 'python' }, {
      maxElements: 100_000, colormap: 'auto',
      pool: { op: 'max', framework: 'keras', poolSize: 2, strides: null, padding: 'valid', dataFormat: 'channelsLast', nan: 'propagate' },
    });
    assert.equal(p?.kind, 'error');
    assert.ok((p?.markdown.length ?? 0) < 1000, `${p?.markdown.length} characters`);
  });
});
