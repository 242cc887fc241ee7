/**
 * The only contract between the extension host and the inspector webview. Messages are discriminated
 * unions, one per direction; tensors cross as exact-length ArrayBuffers, never as number arrays.
 * Everything arriving from the webview is validated with `parseWebviewMessage` before use.
 */
import type { DType } from '../core/tensor';
import { DTYPES } from '../core/tensor';

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
  /** The core's message when the request is invalid for this input. */
  error?: string;
}

export type HostToWebview =
  | { type: 'load'; source: SourceInfo; input: WireTensor; axesNote: string; outputs: OutputPayload[] }
  | { type: 'results'; requestId: number; outputs: OutputPayload[] }
  | { type: 'failed'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'repool'; requestId: number; requests: PoolRequest[] }
  | { type: 'rendered'; cells: number }
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

export function isDType(v: unknown): v is DType {
  return typeof v === 'string' && (DTYPES as readonly string[]).includes(v);
}
