/**
 * The content of the hover on an array literal, as markdown, from text, a cursor offset and settings.
 * Free of `vscode` so unit tests and the benchmark run exactly what the provider (hover.ts) runs.
 *
 * Contracts:
 * - The pooled result is the panel's first default output: `poolingLens.defaultOp` (max unless set)
 *   with the configured pool size, strides, padding, data format and NaN rule.
 * - Cheap where there is no array: `findArrayLiteralAt` (a bounded scan) is the only work before
 *   returning `undefined`.
 * - Never parses a literal whose estimated element count exceeds `maxElements`, and parses with that
 *   cap, so generators such as `np.zeros((4096, 4096))` are refused before they allocate: both give a
 *   one-line summary with the link to the panel instead of values and pictures.
 * - A literal that does not parse gives one line: the reader's message and the document line and
 *   column, never a stack. A bare parenthesised tuple (`pool_size=(2, 2)`, `(60 * 5)`) is ordinary code
 *   far more often than an array: it gets a hover only when it parses to rank 2 or more.
 * - Every hover starts with {@link HOVER_MARKER}, so it can be told apart from other providers' hovers.
 * - The only command linked is {@link INSPECT_RANGE_COMMAND}, with `[uri, start, end]` document offsets.
 * - Results are cached (see {@link HoverCache}) per document version, literal range and settings.
 */
import {
  castForFramework, formatValue, inferSpatialRank, planPool, pool, PoolSpecError, stats, type PoolPlan, type PoolSpec, type Tensor,
} from '../core';
import { ArrayParseError, estimateElementCount, findArrayLiteralAt, lineColumn, parseArrayLiteralInfo } from '../io';
import {
  finiteRange, heatmapPng, pickColormap, scaleFor, type HeatmapColormap, type HeatmapPicture,
} from '../view/heatmapImage';
import { inputLayout, outputLayout, planeOf, type Layout, type Plane } from '../view/planes';
import { toSpec } from './compute';
import { defaultRequests, type PoolDefaults } from './poolDefaults';
import { markdownCode, markdownText } from './untrusted';

export const HOVER_MARKER = '**Pooling Lens**';
export const INSPECT_RANGE_COMMAND = 'poolingLens.inspectRange';
/** Default of `poolingLens.hover.maxElements`. */
export const DEFAULT_HOVER_MAX_ELEMENTS = 100_000;
/** Default of `poolingLens.hover.languages`. */
export const DEFAULT_HOVER_LANGUAGES: readonly string[] = [
  'python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'json', 'jsonc',
];
/** Pooled outputs with at most this many cells in their plane are also printed as numbers. */
const MAX_TABLE_CELLS = 16;
/** VS Code cuts hover markdown after 100,000 characters; stay well below it. */
const MAX_MARKDOWN_CHARS = 90_000;
/** Hovers pool inline only up to this many window-cell visits (a few milliseconds); more is left to the panel. */
const MAX_HOVER_WORK = 1 << 22;
/** An error hover is one line: reader messages that quote long text are cut here. */
const MAX_ERROR_CHARS = 400;
/** Names (the variable a literal is assigned to) are cut here. */
const MAX_NAME_CHARS = 80;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface HoverSettings {
  /** Literals with more elements are summarised without values or pictures. */
  maxElements: number;
  /** The default pooling of new panels; the hover shows its first output (`defaultOp`, max by default). */
  pool: PoolDefaults;
  /** `poolingLens.colormap`: `auto`, `viridis`, `diverging` or `greyscale`. */
  colormap: string;
}

export interface HoverRequest {
  /** The document's text, or a window of it that starts at a line start (see `textStart`). */
  text: string;
  /** The cursor, as an offset into `text`. */
  offset: number;
  /** Document offset of `text[0]` (0 when `text` is the whole document). */
  textStart?: number;
  /** 0-based document line of `text[0]`, for the line numbers in error messages. */
  firstLine?: number;
  /** VS Code language id: decides comments and how bare lists are typed. */
  language?: string;
  /** The document's URI as a string, passed to the "Open in Pooling Lens" command. */
  uri: string;
  /** The document's version; with a cache, results are reused while it and the range are unchanged. */
  version?: number;
}

export interface HoverPreview {
  /** `preview`: values and pictures; `summary`: too large for a hover; `error`: does not parse. */
  kind: 'preview' | 'summary' | 'error';
  /** Document offsets of the literal. */
  start: number;
  end: number;
  markdown: string;
}

/** A small LRU of hover results, keyed by document, version, literal range and settings. */
export class HoverCache {
  private readonly entries = new Map<string, HoverPreview>();

  constructor(private readonly capacity = 32) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): HoverPreview | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: HoverPreview): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Drops every entry of one document (when it closes). */
  forget(uri: string): void {
    const prefix = `${uri}\n`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The hover for the cursor at `req.offset`, or `undefined` when it is not on an array literal. */
export function hoverPreview(req: HoverRequest, settings: HoverSettings, cache?: HoverCache): HoverPreview | undefined {
  const found = findArrayLiteralAt(req.text, req.offset, req.language === undefined ? {} : { language: req.language });
  if (found === undefined) return undefined;
  const base = req.textStart ?? 0;
  const key = cache !== undefined && req.version !== undefined
    ? `${req.uri}\n${req.version}\n${base + found.start}:${base + found.end}\n${settingsKey(settings)}\n${req.language ?? ''}`
    : undefined;
  if (key !== undefined) {
    const hit = cache?.get(key);
    if (hit !== undefined) return hit;
  }
  const result = build(req, settings, found.start, found.end, found.name);
  if (key !== undefined && result !== undefined) cache?.set(key, result);
  return result;
}

function settingsKey(s: HoverSettings): string {
  const p = s.pool;
  return `${s.maxElements}|${s.colormap}|${p.framework}|${p.poolSize}|${p.strides ?? ''}|${p.padding}|${p.dataFormat}|${p.nan}`;
}

function build(req: HoverRequest, settings: HoverSettings, start: number, end: number, name: string | undefined): HoverPreview | undefined {
  const base = req.textStart ?? 0;
  const text = req.text.slice(start, end);
  const bareTuple = text.charCodeAt(0) === 40;
  const range = { start: base + start, end: base + end };
  const link = openLink(req.uri, range.start, range.end);
  const label = name === undefined ? '' : ` · ${markdownCode(clip(name, MAX_NAME_CHARS))}`;

  const estimate = estimateElementCount(text);
  if (estimate > settings.maxElements) {
    return {
      kind: 'summary', ...range,
      markdown: para(
        `${HOVER_MARKER}${label} · about ${count(estimate)} values, more than the hover shows ` +
        `(${count(settings.maxElements)}, setting \`poolingLens.hover.maxElements\`)`,
        link,
      ),
    };
  }

  let tensor: Tensor;
  try {
    const options = req.language === undefined
      ? { maxElements: settings.maxElements }
      : { maxElements: settings.maxElements, language: req.language };
    tensor = parseArrayLiteralInfo(text, options).tensor;
  } catch (err) {
    if (bareTuple) return undefined;
    if (err instanceof ArrayParseError && err.code === 'too-large') {
      return {
        kind: 'summary', ...range,
        markdown: para(`${HOVER_MARKER}${label} · too large for a hover: ${markdownText(clip(err.detail, MAX_ERROR_CHARS))}`, link),
      };
    }
    return { kind: 'error', ...range, markdown: `${HOVER_MARKER}: ${markdownText(clip(errorLine(err, req, start), MAX_ERROR_CHARS))}` };
  }
  if (bareTuple && tensor.shape.length < 2) return undefined;
  return { kind: 'preview', ...range, markdown: previewMarkdown(tensor, label, settings, link) };
}

/** One line naming the problem and where it is in the document. */
function errorLine(err: unknown, req: HoverRequest, start: number): string {
  if (err instanceof ArrayParseError) {
    const { line, column } = lineColumn(req.text, start + err.offset);
    return `${err.detail} (line ${line + (req.firstLine ?? 0)}, column ${column})`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `could not read this array: ${message.split('\n', 1)[0] ?? ''}`;
}

function previewMarkdown(tensor: Tensor, label: string, settings: HoverSettings, link: string): string {
  const s = stats(tensor);
  const head = `${HOVER_MARKER}${label} · ${tensor.dtype} ${shapeText(tensor.shape)} · ${count(s.count)} ${s.count === 1 ? 'value' : 'values'}`;
  const numbers = [
    `min ${s.min === null ? '–' : formatValue(s.min)}`,
    `max ${s.max === null ? '–' : formatValue(s.max)}`,
    `mean ${s.mean === null ? '–' : formatValue(s.mean)}`,
    `${count(s.nanCount)} NaN`,
  ];
  if (s.posInfCount > 0) numbers.push(`${count(s.posInfCount)} +inf`);
  if (s.negInfCount > 0) numbers.push(`${count(s.negInfCount)} -inf`);

  // The link goes before the pictures: a hover squeezed by the editor's edge scrolls, and the way
  // to the panel should not be below the fold.
  const parts = [head, `${numbers.join(' · ')} · ${link}`];
  if (tensor.shape.length > 0 && s.count > 0) parts.push(...pictures(tensor, settings));
  let md = para(...parts);
  // Pictures are bounded (48x48 cells), but a hover over the markdown limit would be cut mid-image.
  if (md.length > MAX_MARKDOWN_CHARS) md = para(...parts.slice(0, 2));
  return md;
}

/** Input and pooled pictures, the pooled numbers when few, and the plan's caption. */
function pictures(tensor: Tensor, settings: HoverSettings): string[] {
  const spec = defaultSpec(tensor.shape, settings.pool);
  let plan: PoolPlan;
  try {
    plan = planPool(tensor.shape, spec);
  } catch (err) {
    // Rank 6 and above: the core has no reading of these axes, so there is no plane to draw either.
    return [`no picture: ${markdownText(err instanceof PoolSpecError ? err.message : String(err))}`];
  }
  const input = firstPlane(tensor, inputLayout(plan));
  const { min, max } = finiteRange(input.values);
  const map: HeatmapColormap = pickColormap(settings.colormap, min, max);
  // One scale for both pictures, so a pooled cell has the colour of the input cell it came from.
  const scale = scaleFor(min, max, map);
  const inPic = heatmapPng(input, scale, map);
  const lines: string[] = [];
  const size = poolLabel(plan);
  let poolLine: string | undefined;
  let outPic: HeatmapPicture | undefined;
  if (plan.empty) {
    poolLine = `${size}: empty output (${markdownText(plan.emptyReason ?? 'no window fits')})`;
  } else if (plan.work > MAX_HOVER_WORK) {
    // A hover runs on the extension host's thread: a pooling this big belongs in the panel (off-thread).
    poolLine = `${size}: not computed in a hover (about ${count(plan.work)} window-cell visits); open the panel to pool it`;
  } else {
    try {
      // A dtype the framework refuses for this op is pooled as float32, and the line says so (as in the panel).
      const cast = castForFramework(tensor.shape, spec, tensor.dtype);
      const result = pool(tensor, cast.spec);
      const out = firstPlane(result.output, outputLayout(plan));
      outPic = heatmapPng(out, scale, map, inPic === undefined || inPic.downsampled ? {} : { cellPx: inPic.width / inPic.cols });
      if (out.rows * out.cols <= MAX_TABLE_CELLS) poolLine = `${size}: ${markdownCode(planeText(out, plan))}`;
      if (cast.note) poolLine = `${poolLine ?? size} (${markdownText(cast.note)})`;
    } catch (err) {
      poolLine = `${size}: ${markdownText(err instanceof Error ? err.message : String(err))}`;
    }
  }
  const images = [inPic && image(`input ${input.rows}x${input.cols}`, inPic), outPic && image(size, outPic)].filter((x) => x !== undefined);
  if (images.length > 0) lines.push(images.join(' → '));
  const notes = pictureNotes(plan, inPic);
  if (notes !== '') lines.push(notes);
  if (poolLine !== undefined) lines.push(poolLine);
  lines.push(markdownCode(plan.caption));
  return lines;
}

/** The default pool from settings (`poolingLens.defaultOp` and the rest): the panel's first output, as a spec. */
function defaultSpec(shape: readonly number[], d: PoolDefaults): PoolSpec {
  return toSpec(defaultRequests(inferSpatialRank(shape), d)[0]!);
}

/**
 * `2x2 max pool`, `2 avg pool` (1-D), `global max pool`, with strides and padding when they differ from
 * the defaults.
 */
function poolLabel(plan: PoolPlan): string {
  if (plan.op === 'globalMax' || plan.op === 'globalAvg') return `global ${plan.op === 'globalMax' ? 'max' : 'avg'} pool`;
  const ks = plan.axes.map((a) => a.poolSize), ss = plan.axes.map((a) => a.stride);
  let label = `${ks.join('x')} ${plan.op} pool`;
  if (ss.some((v, i) => v !== ks[i])) label += `, strides ${ss.join('x')}`;
  if (plan.paddingMode === 'same') label += ', same padding';
  return label;
}

/** The plane of batch 0, channel 0 (depth 0 for volumes) of `t` laid out as `layout`. 1-D is one row. */
function firstPlane(t: Tensor, layout: Layout): Plane {
  return planeOf(t, layout, { batch: 0, channel: 0, depth: 0 });
}

/** What the picture leaves out: other batches, channels, depths; and downsampling. */
function pictureNotes(plan: PoolPlan, pic: HeatmapPicture | undefined): string {
  const notes: string[] = [];
  if (plan.readAs !== 'batched') notes.push(markdownText(plan.axesNote));
  const which: string[] = [];
  if (plan.batch > 1) which.push(`batch 0 of ${plan.batch}`);
  if (plan.channels > 1) which.push(`channel 0 of ${plan.channels}`);
  if (plan.spatialRank === 3) which.push(`depth 0 of ${plan.axes[0]?.inSize ?? 0}`);
  if (which.length > 0) notes.push(`pictures show ${which.join(', ')}`);
  if (pic?.downsampled === true) notes.push(`input drawn as ${pic.rows}x${pic.cols} block means`);
  return notes.join('; ');
}

/** The plane as numbers: a bare value for global pooling, a list for 1-D, nested rows for 2-D and 3-D. */
function planeText(p: Plane, plan: PoolPlan): string {
  if (plan.op === 'globalMax' || plan.op === 'globalAvg') return formatValue(p.values[0] ?? NaN);
  const row = (r: number): string => {
    const xs: string[] = [];
    for (let c = 0; c < p.cols; c++) xs.push(formatValue(p.values[r * p.cols + c]!));
    return `[${xs.join(', ')}]`;
  };
  if (plan.spatialRank === 1) return row(0);
  return `[${Array.from({ length: p.rows }, (_, r) => row(r)).join(', ')}]`;
}

function image(alt: string, pic: HeatmapPicture): string {
  return `![${markdownText(alt)}](${pic.uri})`;
}

function openLink(uri: string, start: number, end: number): string {
  const args = encodeURIComponent(JSON.stringify([uri, start, end]));
  return `[Open in Pooling Lens](command:${INSPECT_RANGE_COMMAND}?${args} "Open the inspector panel on this array")`;
}

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function para(...parts: string[]): string {
  return parts.join('\n\n');
}

