/**
 * The two vscode-free extension modules: exports of zero-size tensors with huge dimensions and deep shapes,
 * and hovers on hostile text with absurd settings. Hover markdown may link to nothing but the panel command
 * and its own pictures.
 */
import type { DType, Tensor } from '../../../src/core';
import { copyRefusal, toJson, toNumpyLiteral } from '../../../src/extension/exportText';
import { hoverPreview, type HoverRequest, type HoverSettings } from '../../../src/extension/hoverPreview';
import type { PoolDefaults } from '../../../src/extension/poolDefaults';
import type { Rng } from '../prng';
import { DTYPE_LIST, randomTensor, type Builder, type CaseBody, type FamilySpec } from '../common';
import { allocData } from '../../../src/core/tensor';
import { HOSTILE_LITERALS } from './literal';

// ---------------------------------------------------------------------------------------------- export

/**
 * The exports' documented refusal: a RangeError, thrown before anything is built, whose message is exactly what
 * `copyRefusal` says about the same tensor (so no other RangeError passes for it).
 */
function refusalOf(t: Tensor): NonNullable<CaseBody['allowRangeError']> {
  return { label: 'export: copyRefusal', when: (m) => m === copyRefusal(t, 'the array') };
}

function exportCase(t: Tensor, which: number): CaseBody {
  return which % 2 === 0
    ? { run: () => toNumpyLiteral(t), allowRangeError: refusalOf(t), check: (s) => (typeof s === 'string' ? undefined : 'not a string') }
    : {
      run: () => toJson(t),
      allowRangeError: refusalOf(t),
      check: (x) => {
        const { text } = x as { text: string };
        if (typeof text !== 'string') return 'not a string';
        if (text.length < 1_000_000) {
          try {
            JSON.parse(text);
          } catch {
            return `toJson gave text that is not JSON: ${text.slice(0, 60)}`;
          }
        }
        return undefined;
      },
    };
}

function empty(dtype: DType, shape: number[]): Tensor {
  return { dtype, shape, data: allocData(dtype, 0) };
}

const EXPORT_SHAPES: ReadonlyArray<readonly [string, number[], boolean]> = [
  ['2^52x0', [4503599627370496, 0], true],
  ['0x2^52', [0, 4503599627370496], true],
  ['2^31x0x2^31', [2 ** 31, 0, 2 ** 31], true],
  ['2^26x2^26x0', [2 ** 26, 2 ** 26, 0], true],
  ['1e6x0', [1_000_000, 0], true],
  ['0-then-63-huge', [0, ...new Array<number>(63).fill(2 ** 20)], true],
  ['64-ones', new Array<number>(64).fill(1), false],
  ['64-zeros', new Array<number>(64).fill(0), true],
  ['63-ones-then-0', [...new Array<number>(63).fill(1), 0], true],
  ['20-twos', new Array<number>(20).fill(2), false],
  ['scalar', [], false],
  ['1x1e6', [1, 1_000_000], false],
  ['1e6x1', [1_000_000, 1], false],
];

const exportFixed: Array<readonly [string, Builder]> = [];
for (const [name, shape, isEmpty] of EXPORT_SHAPES) {
  for (const which of [0, 1]) {
    const fn = which === 0 ? 'numpy' : 'json';
    exportFixed.push([`${fn}-${name}`, (r) => exportCase(isEmpty ? empty(r.pick(DTYPE_LIST), shape) : randomTensor(r, r.pick(DTYPE_LIST), shape), which)]);
  }
}
exportFixed.push(
  ['numpy-scalar-no-data', () => exportCase(empty('float32', []), 0)],
  ['json-scalar-no-data', () => exportCase(empty('int64', []), 1)],
  ['numpy-data-short', () => exportCase({ dtype: 'float64', shape: [3, 3], data: new Float64Array(2) }, 0)],
  ['json-data-short', () => exportCase({ dtype: 'float64', shape: [3, 3], data: new Float64Array(2) }, 1)],
  ...DTYPE_LIST.flatMap((d) => [0, 1].map((w) => [`${w === 0 ? 'numpy' : 'json'}-extremes-${d}`, (r: Rng) => exportCase(randomTensor(r, d, [3, 4]), w)] as const)),
);

function exportRandom(r: Rng): readonly [string, CaseBody] {
  const rank = r.int(6);
  const shape = Array.from({ length: rank }, () => (r.chance(0.1) ? r.pick([0, 2 ** 40, 2 ** 52]) : r.int(5)));
  const n = shape.reduce((a, b) => a * b, 1);
  const t = n <= 10_000 ? randomTensor(r, r.pick(DTYPE_LIST), shape) : empty(r.pick(DTYPE_LIST), shape);
  return ['random', exportCase(t, r.int(2))];
}

export const exportFamily: FamilySpec = { fixed: exportFixed, random: exportRandom };

// ---------------------------------------------------------------------------------------------- hover

const SAFE_POOL: PoolDefaults = {
  op: 'max', framework: 'keras', poolSize: 2, strides: null, padding: 'valid', dataFormat: 'channelsLast', nan: 'propagate',
};

const SAFE_SETTINGS: HoverSettings = { maxElements: 100_000, pool: SAFE_POOL, colormap: 'auto' };

/** Markdown links (outside code spans) may only open the panel or show the hover's own pictures. */
function hoverProblem(x: unknown): string | undefined {
  if (x === undefined) return undefined;
  const h = x as { kind: string; start: number; end: number; markdown: string };
  if (typeof h.markdown !== 'string') return 'markdown is not a string';
  if (h.markdown.length > 100_000) return `markdown of ${h.markdown.length} characters (VS Code cuts hovers at 100,000)`;
  const text = h.markdown.replace(/(`+)[\s\S]*?\1/g, '');
  const re = /\]\(\s*<?([^)\s>]*)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (text.charAt(m.index - 1) === '\\') continue;
    const target = m[1] ?? '';
    if (!target.startsWith('command:poolingLens.inspectRange?') && !target.startsWith('data:image/png;base64,')) {
      return `markdown links to ${JSON.stringify(target.slice(0, 80))}`;
    }
  }
  if (/(^|[^\\])<(img|a|script|iframe|svg)\b/i.test(text)) return 'markdown holds raw HTML';
  return undefined;
}

function hover(req: HoverRequest, settings: HoverSettings): CaseBody {
  return { run: () => hoverPreview(req, settings), check: hoverProblem };
}

const POOL_SIZES = [0, -1, 1.5, NaN, Infinity, 1e8, 2 ** 53, 2 ** 31, 1e5, 256, 64, 3];
const MAX_ELEMENTS = [100_000, 0, -1, NaN, Infinity, 1e12, 2 ** 53, 1.5];
const URIS = ['file:///a.py', 'file:///a)b](command:x)', 'command:workbench.action.quit', '', 'untitled:Untitled-1', `file:///${'x'.repeat(10_000)}`];
const LANGS = [undefined, 'python', 'javascript', 'json', 'jsonc', 'typescript', 'plaintext', '__proto__', ''];

function absurdPool(r: Rng): PoolDefaults {
  const p: Record<string, unknown> = { ...SAFE_POOL };
  if (r.chance(0.7)) p.poolSize = r.pick(POOL_SIZES);
  if (r.chance(0.5)) p.strides = r.pick([null, 0, -1, 1, 1e9, NaN, 2 ** 53, 1.5]);
  if (r.chance(0.3)) p.op = r.pick(['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'lp', 'sum', '__proto__']);
  if (r.chance(0.3)) p.framework = r.pick(['keras', 'pytorch', 'tf']);
  if (r.chance(0.3)) p.padding = r.pick(['valid', 'same', 'x', 3]);
  if (r.chance(0.3)) p.dataFormat = r.pick(['channelsLast', 'channelsFirst', 'NHWC']);
  if (r.chance(0.2)) p.nan = r.pick(['propagate', 'ignore', 'x']);
  return p as unknown as PoolDefaults;
}

function absurdSettings(r: Rng): HoverSettings {
  return {
    maxElements: r.chance(0.6) ? r.pick(MAX_ELEMENTS) : 100_000,
    pool: absurdPool(r),
    colormap: r.pick(['auto', 'viridis', 'diverging', 'greyscale', '', '__proto__', 'x'.repeat(100_000)]),
  };
}

function request(r: Rng, text: string, offset?: number): HoverRequest {
  const req: HoverRequest = { text, offset: offset ?? r.int(text.length + 1), uri: r.pick(URIS) };
  const lang = r.pick(LANGS);
  if (lang !== undefined) req.language = lang;
  if (r.chance(0.3)) req.textStart = r.pick([0, 10, 2 ** 31, 2 ** 53]);
  if (r.chance(0.3)) req.firstLine = r.pick([0, 5, 2 ** 31]);
  return req;
}

const big = (poolSize: number, strides: number | null = 1): HoverSettings =>
  ({ maxElements: 1e12, pool: { ...SAFE_POOL, poolSize, strides }, colormap: 'auto' });

const hoverFixed: Array<readonly [string, Builder]> = [
  ['zeros-2^21-pool256-stride1', () => hover({ text: 'x = np.zeros(2097152)', offset: 6, uri: 'file:///a.py', language: 'python' }, big(256))],
  ['arange-2^21-pool256-stride1-avg', () => hover({ text: 'x = np.arange(2097152)', offset: 6, uri: 'file:///a.py', language: 'python' }, { ...big(256), pool: { ...SAFE_POOL, op: 'avg', poolSize: 256, strides: 1 } })],
  ['zeros-2^52x0', () => hover({ text: 'np.zeros((4503599627370496, 0))', offset: 3, uri: 'file:///a.py', language: 'python' }, big(2))],
  ['zeros-0x2^52', () => hover({ text: 'np.zeros((0, 4503599627370496))', offset: 3, uri: 'file:///a.py', language: 'python' }, big(2))],
  ['zeros-0x2^52-pool1e8', () => hover({ text: 'np.zeros((0, 4503599627370496))', offset: 3, uri: 'file:///a.py', language: 'python' }, big(1e8, null))],
  ['tf-repr-2^52x0', () => hover({ text: '<tf.Tensor: shape=(4503599627370496, 0), dtype=float32, numpy=array([], shape=(4503599627370496, 0), dtype=float32)>', offset: 90, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['pool-1e8-on-4x4', () => hover({ text: '[[1, 2, 3, 4]] * 1', offset: 2, uri: 'file:///a.py' }, big(1e8))],
  ['pool-1e8-same-on-16x16', () => hover({ text: `np.ones((16, 16))`, offset: 3, uri: 'file:///a.py', language: 'python' }, { maxElements: 1e12, pool: { ...SAFE_POOL, poolSize: 1e8, strides: 1, padding: 'same' }, colormap: 'auto' })],
  ['pool-2^53', () => hover({ text: 'np.ones((16, 16))', offset: 3, uri: 'file:///a.py' }, big(2 ** 53, null))],
  ['maxElements-1e12-ones-4096-sq', () => hover({ text: 'np.ones((4096, 4096))', offset: 3, uri: 'file:///a.py' }, { ...SAFE_SETTINGS, maxElements: 1e12 })],
  ['maxElements-1e12-zeros-2^24-vector', () => hover({ text: 'np.zeros(16777216)', offset: 3, uri: 'file:///a.py' }, { ...SAFE_SETTINGS, maxElements: 1e12 })],
  ['maxElements-1e12-full-1e5-sq', () => hover({ text: 'np.full((100000, 100000), 1)', offset: 3, uri: 'file:///a.py' }, { ...SAFE_SETTINGS, maxElements: 1e12 })],
  ['maxElements-Infinity-zeros-1e9', () => hover({ text: 'np.zeros(10**9)', offset: 3, uri: 'file:///a.py' }, { ...SAFE_SETTINGS, maxElements: Infinity })],
  ['maxElements-NaN', () => hover({ text: '[[1, 2], [3, 4]]', offset: 3, uri: 'file:///a.py' }, { ...SAFE_SETTINGS, maxElements: NaN })],
  ['maxElements-1e12-ones-2^14-sq', () => hover({ text: 'np.ones((2**14, 2**14))', offset: 3, uri: 'file:///a.py' }, { ...SAFE_SETTINGS, maxElements: 1e12 })],
  ['command-link-key', () => hover({ text: '{"[x](command:workbench.action.quit)": [[1, 2], [3, 4]]}', offset: 45, uri: 'file:///a.json', language: 'json' }, SAFE_SETTINGS)],
  ['command-link-name', () => hover({ text: '_x_ = [[1, 2], [3, 4]]  # [x](command:workbench.action.quit)', offset: 9, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['command-link-error', () => hover({ text: "np.array([1], dtype='[x](command:workbench.action.quit)')", offset: 10, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['html-in-error', () => hover({ text: "np.array([1], dtype='<img src=x onerror=alert(1)>')", offset: 10, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['uri-with-link', () => hover({ text: '[[1, 2], [3, 4]]', offset: 3, uri: 'file:///a)b](command:x)' }, SAFE_SETTINGS)],
  ['text-start-2^53', () => hover({ text: '[[1, 2], [3, 4]]', offset: 3, uri: 'file:///a.py', textStart: 2 ** 53, firstLine: 2 ** 53 }, SAFE_SETTINGS)],
  ['offset-NaN', () => hover({ text: '[[1, 2], [3, 4]]', offset: NaN, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['offset-negative', () => hover({ text: '[[1, 2], [3, 4]]', offset: -5, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['colormap-100k', () => hover({ text: '[[1, 2], [3, 4]]', offset: 3, uri: 'file:///a.py' }, { ...SAFE_SETTINGS, colormap: 'x'.repeat(100_000) })],
  ['all-nan-plane', () => hover({ text: '[[nan, nan], [nan, nan]]', offset: 3, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['inf-plane', () => hover({ text: '[[inf, -inf], [1e308, -1e308]]', offset: 3, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['rank-64', () => hover({ text: `np.zeros((${'1, '.repeat(64)}))`, offset: 3, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['rank-6', () => hover({ text: 'np.zeros((1, 2, 3, 2, 2, 2))', offset: 3, uri: 'file:///a.py' }, SAFE_SETTINGS)],
  ['vector-1e5-pool1e5', () => hover({ text: 'np.arange(100000)', offset: 3, uri: 'file:///a.py' }, big(100_000))],
  ['volume-same-pool-1e5', () => hover({ text: 'np.zeros((1, 8, 8, 8, 1))', offset: 3, uri: 'file:///a.py' }, { maxElements: 1e12, pool: { ...SAFE_POOL, poolSize: 1e5, strides: 1, padding: 'same' }, colormap: 'auto' })],
  ...HOSTILE_LITERALS.map(([name, text]) => [`literal:${name}`, (r: Rng) => {
    const t = `x = ${text()}\n`;
    return hover(request(r, t, r.chance(0.5) ? 5 : undefined), r.chance(0.5) ? SAFE_SETTINGS : absurdSettings(r));
  }] as const),
];

function hoverRandom(r: Rng): readonly [string, CaseBody] {
  const rows = 1 + r.int(40), cols = 1 + r.int(40);
  const cell = (): string => (r.chance(0.05) ? r.pick(['nan', 'inf', '-inf', '1e308', 'True']) : String(r.range(-99, 99)));
  const grid = `[${Array.from({ length: rows }, () => `[${Array.from({ length: cols }, cell).join(', ')}]`).join(',\n ')}]`;
  const wrap = r.pick([(g: string) => g, (g: string) => `np.array(${g}, dtype=np.float16)`, (g: string) => `torch.tensor(${g})`, (g: string) => `np.array(${g}).reshape(1, ${rows}, ${cols}, 1)`]);
  const text = `data = ${wrap(grid)}\nprint(data)\n`;
  return ['random', hover(request(r, text), absurdSettings(r))];
}

export const hoverFamily: FamilySpec = { fixed: hoverFixed, random: hoverRandom };
