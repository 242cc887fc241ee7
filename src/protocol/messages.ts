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

export interface OutputPayload {
  id: string;
  request: PoolRequest;
  /** e.g. "(1, 4, 4, 1) -> MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid') -> (1, 2, 2, 1)". */
  caption: string;
  title: string;
  output?: WireTensor;
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
      input: WireTensor;
      axesNote: string;
      outputs: OutputPayload[];
      view: ViewSettings;
      /** Date.now() when the host posted it, to measure the transfer. */
      sentAt: number;
    }
  | { type: 'results'; requestId: number; outputs: OutputPayload[] }
  | { type: 'busy'; requestId: number }
  | { type: 'view'; view: ViewSettings; requests?: PoolRequest[] }
  | { type: 'members'; page: MemberPage }
  | { type: 'failed'; message: string };

export type ExportFormat = 'numpy' | 'json';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'repool'; requestId: number; requests: PoolRequest[] }
  | { type: 'rendered'; cells: number }
  | { type: 'copy'; target: string; format: ExportFormat }
  | { type: 'copyText'; text: string }
  | { type: 'save'; target: string }
  | { type: 'pickMember'; key: string }
  | { type: 'memberPage'; from: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
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
      return typeof v.cells === 'number' ? { type: 'rendered', cells: v.cells } : undefined;
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
