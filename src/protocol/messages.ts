/**
 * The only contract between the extension host and the inspector webview. Messages are discriminated
 * unions, one per direction; tensors cross as exact-length ArrayBuffers, never as number arrays.
 * Everything arriving from the webview is validated with `parseWebviewMessage` before use.
 */
import type { DType } from '../core/tensor';
import type { PoolPlan } from '../core/plan';
import { POOL_OPS, type DataFormat, type Framework, type NanPolicy, type PoolOp } from '../core/spec';

export interface WireTensor {
  dtype: DType;
  shape: number[];
  /** Exactly the tensor's bytes (little-endian, row-major); bool as one byte per element. */
  buffer: ArrayBuffer;
}

/** Where the input came from, for the panel's title and header line. */
export interface SourceInfo {
  /** Short name: the file name, or "selection". */
  label: string;
  /** Longer description, e.g. "example.py:5:3" or "camera.npy · <u1 · 4.0 KiB". */
  description: string;
  /** What the reader recognised, e.g. "np.array literal" or ".npy v1.0". */
  kind: string;
  /** For an .npz: a page of its arrays to pick from (an archive may hold a million), and which one is shown. */
  memberPage?: MemberPage;
  member?: string;
  /** Opened from a pooling layer in the code: the panel names it and offers "Apply to code" for that output. */
  layer?: LayerLink;
}

/** The layer a panel was opened from ("Inspect" on a layer's CodeLens). */
export interface LayerLink {
  /** The layer as written, e.g. `MaxPool2D(pool_size=2, strides=2)`. */
  label: string;
  /** The panel output that stands for the layer: its request is what "Apply to code" writes back. */
  outputId: string;
}

/** Members `from .. from + members.length - 1` of an archive's `total` central directory records. */
export interface MemberPage {
  from: number;
  total: number;
  members: { key: string; detail: string }[];
}

/** User-facing pooling settings the webview can change; the host turns them into core specs. */
export interface PoolRequest {
  /** Stable id of the output column in the panel. */
  id: string;
  op: PoolOp;
  framework: Framework;
  poolSize: number[];
  strides: number[];
  padding: 'valid' | 'same' | number[];
  dilation: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
  /** PyTorch average pooling: divide by this instead of the cell count; 0 means no override. */
  divisorOverride: number;
  outputSize: number[];
  p: number;
  dataFormat: DataFormat;
  keepdims: boolean;
  nan: NanPolicy;
}

/** Which 2-D plane of an N-d tensor a view shows (see src/view/planes.ts). */
export interface PlaneSel {
  batch: number;
  channel: number;
  depth: number;
}

/**
 * A tensor too big to send whole (above `REMOTE_ELEMENTS`): what the first paint needs. The host keeps the
 * data; the webview draws `lod` and asks for full-resolution tiles of what it zooms into, and for explanations.
 */
export interface RemoteTensor {
  dtype: DType;
  shape: number[];
  /** The shown plane, reduced to at most LOD_SIDE cells per side. */
  lod: LodPlane;
}

export interface LodPlane {
  sel: PlaneSel;
  /** The full plane's size. */
  rows: number;
  cols: number;
  /** Plane cells per overview cell, per side (1: the overview is the plane itself). */
  factor: number;
  lodRows: number;
  lodCols: number;
  /** How a block became one overview cell: the view's own reduction, so extremes of a max view stay visible. */
  reduction: 'max' | 'mean';
  /**
   * lodRows x lodCols uint16 codes, for colours only (exact values come in tiles): 0..LOD_STEPS spread `range`
   * evenly, then -inf, +inf and NaN (a block holding a NaN); `decodeLod` in src/view/lod.ts turns them into values.
   * Half the bytes of float32, and finer than any colour scale (256 levels).
   */
  codes: ArrayBuffer;
  /** Finite [min, max] of the whole plane (not of the overview); [0, 1] when it has none. */
  range: [number, number];
}

/** Full-resolution values of plane cells [r0, r0 + rows) x [c0, c0 + cols), in the tensor's dtype. */
export interface Tile {
  sel: PlaneSel;
  r0: number;
  c0: number;
  rows: number;
  cols: number;
  values: WireTensor;
}

/** An output cell's window and explanation, computed by the host where the data is. */
export interface Explained {
  outIndex: number;
  text: string;
  /** Window cells in the input's spatial coordinates (padding cells may lie outside it); capped. */
  cells: { coords: number[]; kind: 'input' | 'padding' | 'outside' }[];
  /** The winning cell of a max, as (batch, channel, spatial coordinates). */
  winner?: { batch: number; channel: number; spatial: number[] };
}

export interface OutputPayload {
  id: string;
  request: PoolRequest;
  /** e.g. "(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)". */
  caption: string;
  /** Why the output is not in the framework's own terms, when it is not (e.g. the input pooled cast to float32). */
  note?: string;
  title: string;
  output?: WireTensor;
  /** Instead of `output` (and `argmax`) when the output is too big to send whole. */
  remote?: RemoteTensor;
  /** Max pooling only: flat index into the input of each output cell's winner (-1: none). */
  argmax?: ArrayBuffer;
  /** The geometry the core used (window per output cell is derived from it in the webview). */
  plan?: PoolPlan;
  /** Keras and PyTorch code reproducing the call (null with a note when that library can't). */
  keras?: string | null;
  pytorch?: string | null;
  /** The core's message when the request is invalid for this input. */
  error?: string;
  /** Milliseconds the host spent pooling this output. */
  millis?: number;
  /** The request did not change since the last results: the webview keeps the data it has for this output. */
  unchanged?: boolean;
}

/** Where the panel's input came from, so a reloaded window can read it again. */
export type Origin =
  | { kind: 'literal'; uri: string; text: string; offset: number }
  | { kind: 'file'; uri: string; member?: string };

/** Display settings that follow the user's `poolingLens.*` settings. */
export interface ViewSettings {
  colormap: 'auto' | 'viridis' | 'diverging' | 'greyscale';
  precision: number;
  sharedScale: boolean;
}

/** What the webview saves with setState and the serializer gets back after a reload. */
export interface SavedState {
  origin?: Origin;
  requests?: PoolRequest[];
  view?: Partial<ViewSettings>;
}

export type HostToWebview =
  | {
      type: 'load';
      source: SourceInfo;
      origin?: Origin;
      /** The input, whole; or `inputRemote` when it is too big to send (see `RemoteTensor`). */
      input?: WireTensor;
      inputRemote?: RemoteTensor;
      axesNote: string;
      outputs: OutputPayload[];
      view: ViewSettings;
      /** Date.now() when the host posted it, to measure the transfer. */
      sentAt: number;
      /**
       * When the host did each step of this load (Date.now(); `panel` created, webview `ready`, outputs `pooled`),
       * so the panel can show where the time to the first paint went (the benchmark reads it).
       */
      timeline?: Record<string, number>;
    }
  | {
      type: 'results'; requestId: number; outputs: OutputPayload[];
      /**
       * When the host got the repool, had pooled it and posted this (Date.now()), for the change's timeline;
       * `pooling` is when the longest of the runs that pooled (its own time, `millis`) started: they run side by side.
       */
      timeline?: { received: number; pooling: number; pooled: number; posted: number };
    }
  | { type: 'busy'; requestId: number }
  | { type: 'view'; view: ViewSettings; requests?: PoolRequest[] }
  | { type: 'members'; page: MemberPage }
  | { type: 'tile'; requestId: number; view: string; tile: Tile }
  | { type: 'explained'; requestId: number; view: string; explained: Explained }
  | { type: 'planes'; views: { id: string; remote: RemoteTensor }[] }
  | { type: 'failed'; message: string };

export type ExportFormat = 'numpy' | 'json';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'repool'; requestId: number; requests: PoolRequest[] }
  /**
   * The webview drew what the host last sent: `renderMs` building the sections, `paintMs` drawing the heatmaps. The
   * host starts its background work after the first one (so it never competes with the first paint).
   */
  | { type: 'rendered'; cells: number; renderMs: number; paintMs: number }
  | { type: 'copy'; target: string; format: ExportFormat }
  | { type: 'copyText'; text: string }
  | { type: 'save'; target: string }
  | { type: 'pickMember'; key: string }
  | { type: 'memberPage'; from: number }
  | { type: 'tile'; requestId: number; view: string; sel: PlaneSel; r0: number; c0: number; rows: number; cols: number }
  | { type: 'explain'; requestId: number; view: string; outIndex: number }
  | { type: 'select'; sel: PlaneSel }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  /** "Apply to code": write this request into the arguments of the layer the panel was opened from. */
  | { type: 'applyToCode'; request: PoolRequest };

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

/** The most cells one tile request may ask for (a 256 x 256 block). */
export const MAX_TILE_CELLS = 65_536;

function isSel(v: unknown): v is PlaneSel {
  return isRecord(v) && [v.batch, v.channel, v.depth].every((x) => Number.isSafeInteger(x) && (x as number) >= 0);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIntArray(v: unknown, min: number, maxLength = 3): v is number[] {
  return Array.isArray(v) && v.length <= maxLength && v.every((x) => Number.isInteger(x) && (x as number) >= min && (x as number) <= 1_000_000);
}

/** Whether `v` is a well-formed `PoolRequest` (known op and options, at most 3 axes, sizes up to 10^6). */
export function isPoolRequest(v: unknown): v is PoolRequest {
  if (!isRecord(v)) return false;
  return (
    typeof v.id === 'string' && v.id.length <= 100 &&
    POOL_OPS.includes(v.op as PoolOp) &&
    (v.framework === 'keras' || v.framework === 'pytorch') &&
    isIntArray(v.poolSize, 0) && isIntArray(v.strides, 0) && isIntArray(v.dilation, 0) &&
    (v.padding === 'valid' || v.padding === 'same' || isIntArray(v.padding, 0)) &&
    typeof v.ceilMode === 'boolean' && typeof v.countIncludePad === 'boolean' &&
    Number.isInteger(v.divisorOverride) && (v.divisorOverride as number) >= 0 &&
    isIntArray(v.outputSize, 0) && typeof v.p === 'number' && Number.isFinite(v.p) &&
    (v.dataFormat === 'channelsLast' || v.dataFormat === 'channelsFirst') &&
    typeof v.keepdims === 'boolean' && (v.nan === 'framework' || v.nan === 'propagate' || v.nan === 'ignore')
  );
}

/** Whether `v[key]` is a safe integer >= 0. */
function isIndex(v: Record<string, unknown>, key: string): boolean {
  return Number.isSafeInteger(v[key]) && (v[key] as number) >= 0;
}

function isViewId(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 100;
}

type MessageOf<K extends WebviewToHost['type']> = Extract<WebviewToHost, { type: K }>;

/** One validator per message type (the mapped type makes a new message need one): the message, or undefined. */
const PARSE: { [K in WebviewToHost['type']]: (v: Record<string, unknown>) => MessageOf<K> | undefined } = {
  ready: () => ({ type: 'ready' }),
  copy: (v) => isViewId(v.target) && (v.format === 'numpy' || v.format === 'json') ? { type: 'copy', target: v.target, format: v.format } : undefined,
  copyText: (v) => typeof v.text === 'string' && v.text.length <= 10_000 ? { type: 'copyText', text: v.text } : undefined,
  pickMember: (v) => typeof v.key === 'string' && v.key.length <= 1000 ? { type: 'pickMember', key: v.key } : undefined,
  tile: (v) => {
    if (!(isViewId(v.view) && isIndex(v, 'requestId') && isSel(v.sel) && isIndex(v, 'r0') && isIndex(v, 'c0') && isIndex(v, 'rows') && isIndex(v, 'cols'))) return undefined;
    if ((v.rows as number) * (v.cols as number) > MAX_TILE_CELLS) return undefined;
    return { type: 'tile', requestId: v.requestId as number, view: v.view, sel: v.sel, r0: v.r0 as number, c0: v.c0 as number, rows: v.rows as number, cols: v.cols as number };
  },
  explain: (v) => isViewId(v.view) && Number.isSafeInteger(v.requestId) && isIndex(v, 'outIndex')
    ? { type: 'explain', requestId: v.requestId as number, view: v.view, outIndex: v.outIndex as number }
    : undefined,
  select: (v) => isSel(v.sel) ? { type: 'select', sel: v.sel } : undefined,
  memberPage: (v) => isIndex(v, 'from') ? { type: 'memberPage', from: v.from as number } : undefined,
  save: (v) => isViewId(v.target) ? { type: 'save', target: v.target } : undefined,
  repool: (v) => typeof v.requestId === 'number' && isPoolRequestList(v.requests, 0)
    ? { type: 'repool', requestId: v.requestId, requests: v.requests }
    : undefined,
  applyToCode: (v) => isPoolRequest(v.request) ? { type: 'applyToCode', request: v.request } : undefined,
  rendered: (v) => [v.cells, v.renderMs, v.paintMs].every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
    ? { type: 'rendered', cells: v.cells as number, renderMs: v.renderMs as number, paintMs: v.paintMs as number }
    : undefined,
  log: (v) => (v.level === 'info' || v.level === 'warn' || v.level === 'error') && typeof v.message === 'string'
    ? { type: 'log', level: v.level, message: v.message.slice(0, 2000) }
    : undefined,
};

/** At most 8 well-formed requests (and at least `min`): what a repool or a saved state may carry. */
function isPoolRequestList(v: unknown, min: number): v is PoolRequest[] {
  return Array.isArray(v) && v.length >= min && v.length <= 8 && v.every(isPoolRequest);
}

/** Validates a message from the webview; returns undefined (and the caller logs it) when malformed. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isRecord(v) || typeof v.type !== 'string' || !Object.hasOwn(PARSE, v.type)) return undefined;
  return PARSE[v.type as WebviewToHost['type']](v);
}

/** Longest literal a saved state may carry (the readers stop at 2^24 elements anyway). */
const MAX_SAVED_TEXT = 64 * 1024 * 1024;

function isOrigin(v: unknown): v is Origin {
  if (!isRecord(v) || typeof v.uri !== 'string' || v.uri.length > 8192 || !/^[a-z][a-z0-9+.-]*:/i.test(v.uri)) return false;
  if (v.kind === 'file') return v.member === undefined || (typeof v.member === 'string' && v.member.length <= 1000);
  if (v.kind === 'literal') {
    return typeof v.text === 'string' && v.text.length <= MAX_SAVED_TEXT && Number.isSafeInteger(v.offset) && (v.offset as number) >= 0;
  }
  return false;
}

/**
 * Validates what a webview saved with setState (it comes back after a reload from storage the webview could
 * write): an origin of a known kind with a URI, a bounded literal and offset; one to eight requests that pass
 * `isPoolRequest`, as a `repool`'s must. Anything else is dropped, never trusted.
 */
export function parseSavedState(v: unknown): SavedState {
  if (!isRecord(v)) return {};
  const out: SavedState = {};
  if (isOrigin(v.origin)) {
    const o = v.origin;
    out.origin = o.kind === 'file'
      ? { kind: 'file', uri: o.uri, ...(o.member !== undefined ? { member: o.member } : {}) }
      : { kind: 'literal', uri: o.uri, text: o.text, offset: o.offset };
  }
  if (isPoolRequestList(v.requests, 1)) out.requests = v.requests;
  return out;
}
