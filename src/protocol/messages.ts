/**
 * The only contract between the extension host and the inspector webview. Messages are discriminated
 * unions, one per direction; tensors cross as exact-length ArrayBuffers, never as number arrays.
 * Everything arriving from the webview is validated with `parseWebviewMessage` before use.
 */
import type { DType } from '../core/tensor';
import { DTYPES } from '../core/tensor';
import type { PoolPlan } from '../core/plan';

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
  op: 'max' | 'avg' | 'globalMax' | 'globalAvg' | 'adaptiveMax' | 'adaptiveAvg' | 'lp';
  framework: 'keras' | 'pytorch';
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
  dataFormat: 'channelsLast' | 'channelsFirst';
  keepdims: boolean;
  nan: 'propagate' | 'ignore';
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
  /** float32 (colours only: exact values come in tiles), lodRows x lodCols; NaN where a block holds a NaN. */
  values: ArrayBuffer;
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
  | { type: 'results'; requestId: number; outputs: OutputPayload[] }
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

const OPS: readonly PoolRequest['op'][] = ['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg', 'lp'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIntArray(v: unknown, min: number, maxLength = 3): v is number[] {
  return Array.isArray(v) && v.length <= maxLength && v.every((x) => Number.isInteger(x) && (x as number) >= min && (x as number) <= 1_000_000);
}

function isPoolRequest(v: unknown): v is PoolRequest {
  if (!isRecord(v)) return false;
  return (
    typeof v.id === 'string' && v.id.length <= 100 &&
    OPS.includes(v.op as PoolRequest['op']) &&
    (v.framework === 'keras' || v.framework === 'pytorch') &&
    isIntArray(v.poolSize, 0) && isIntArray(v.strides, 0) && isIntArray(v.dilation, 0) &&
    (v.padding === 'valid' || v.padding === 'same' || isIntArray(v.padding, 0)) &&
    typeof v.ceilMode === 'boolean' && typeof v.countIncludePad === 'boolean' &&
    Number.isInteger(v.divisorOverride) && (v.divisorOverride as number) >= 0 &&
    isIntArray(v.outputSize, 0) && typeof v.p === 'number' && Number.isFinite(v.p) &&
    (v.dataFormat === 'channelsLast' || v.dataFormat === 'channelsFirst') &&
    typeof v.keepdims === 'boolean' && (v.nan === 'propagate' || v.nan === 'ignore')
  );
}

/** Validates a message from the webview; returns undefined (and the caller logs it) when malformed. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isRecord(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'copy':
      if (typeof v.target === 'string' && v.target.length <= 100 && (v.format === 'numpy' || v.format === 'json')) {
        return { type: 'copy', target: v.target, format: v.format };
      }
      return undefined;
    case 'copyText':
      return typeof v.text === 'string' && v.text.length <= 10_000 ? { type: 'copyText', text: v.text } : undefined;
    case 'pickMember':
      return typeof v.key === 'string' && v.key.length <= 1000 ? { type: 'pickMember', key: v.key } : undefined;
    case 'tile': {
      const n = (k: string): boolean => Number.isSafeInteger(v[k]) && (v[k] as number) >= 0;
      if (typeof v.view === 'string' && v.view.length <= 100 && n('requestId') && isSel(v.sel) && n('r0') && n('c0') && n('rows') && n('cols') &&
        (v.rows as number) * (v.cols as number) <= MAX_TILE_CELLS) {
        return { type: 'tile', requestId: v.requestId as number, view: v.view, sel: v.sel, r0: v.r0 as number, c0: v.c0 as number, rows: v.rows as number, cols: v.cols as number };
      }
      return undefined;
    }
    case 'explain':
      if (typeof v.view === 'string' && v.view.length <= 100 && Number.isSafeInteger(v.requestId) && Number.isSafeInteger(v.outIndex) && (v.outIndex as number) >= 0) {
        return { type: 'explain', requestId: v.requestId as number, view: v.view, outIndex: v.outIndex as number };
      }
      return undefined;
    case 'select':
      return isSel(v.sel) ? { type: 'select', sel: v.sel } : undefined;
    case 'memberPage':
      return Number.isSafeInteger(v.from) && (v.from as number) >= 0 ? { type: 'memberPage', from: v.from as number } : undefined;
    case 'save':
      return typeof v.target === 'string' && v.target.length <= 100 ? { type: 'save', target: v.target } : undefined;
    case 'repool':
      if (typeof v.requestId === 'number' && Array.isArray(v.requests) && v.requests.length <= 8 && v.requests.every(isPoolRequest)) {
        return { type: 'repool', requestId: v.requestId, requests: v.requests };
      }
      return undefined;
    case 'rendered':
      return [v.cells, v.renderMs, v.paintMs].every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
        ? { type: 'rendered', cells: v.cells as number, renderMs: v.renderMs as number, paintMs: v.paintMs as number }
        : undefined;
    case 'applyToCode':
      return isPoolRequest(v.request) ? { type: 'applyToCode', request: v.request } : undefined;
    case 'log':
      if ((v.level === 'info' || v.level === 'warn' || v.level === 'error') && typeof v.message === 'string') {
        return { type: 'log', level: v.level, message: v.message.slice(0, 2000) };
      }
      return undefined;
    default:
      return undefined;
  }
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
 * write): an origin of a known kind with a URI, a bounded literal and offset; requests that pass the same
 * checks as a `repool`; view settings of the right types. Anything else is dropped, never trusted.
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
  if (Array.isArray(v.requests) && v.requests.length > 0 && v.requests.length <= 8 && v.requests.every(isPoolRequest)) {
    out.requests = v.requests;
  }
  return out;
}

export function isDType(v: unknown): v is DType {
  return typeof v === 'string' && (DTYPES as readonly string[]).includes(v);
}
