/**
 * Editing pool requests from the panel's text fields: "2" or "2, 3" per axis. Pure, unit-tested.
 * A field error names the field and what it accepts; the core judges everything else.
 */
import { POOL_OPS } from '../src/core/spec';
import type { PoolRequest } from '../src/protocol/messages';

export class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Parses "2", "2, 3" or "(2, 3)" into one integer per spatial axis (a single number fills every axis). */
export function parseAxes(field: string, text: string, rank: number, min: number): number[] {
  const parts = text.replace(/[()[\]]/g, '').split(/[\s,x×]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new FieldError(field, `${field}: enter a number, or one per axis like "2, 2"`);
  const values = parts.map((p) => Number(p));
  const bad = parts.find((p, i) => !/^[+-]?\d+$/.test(p) || !Number.isSafeInteger(values[i]));
  if (bad !== undefined) throw new FieldError(field, `${field}: "${bad}" is not a whole number`);
  if (values.length !== 1 && values.length !== rank) {
    throw new FieldError(field, `${field}: give 1 value or ${rank} (one per spatial axis), not ${values.length}`);
  }
  const low = values.find((v) => v < min);
  if (low !== undefined) throw new FieldError(field, `${field}: ${low} is below the smallest allowed value, ${min}`);
  const big = values.find((v) => v > 100_000);
  if (big !== undefined) throw new FieldError(field, `${field}: ${big} is too large`);
  return values.length === 1 ? Array.from({ length: rank }, () => values[0] ?? min) : values;
}

/** A whole number in [min, max] (an empty field reads as 0, as `Number` reads it); `message` says what is accepted. */
export function parseWhole(field: string, text: string, min: number, max: number, message: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) throw new FieldError(field, message);
  return v;
}

/** A finite number greater than 0. */
export function parsePositive(field: string, text: string, message: string): number {
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v)) throw new FieldError(field, message);
  return v;
}

export function axesText(values: readonly number[]): string {
  return values.every((v) => v === values[0]) ? String(values[0] ?? '') : values.join(', ');
}

/** Changes the spatial rank of a request, keeping per-axis values where it can. */
export function withRank(r: PoolRequest, rank: number): PoolRequest {
  const fit = (xs: readonly number[], fill: number): number[] => Array.from({ length: rank }, (_, i) => xs[i] ?? xs[0] ?? fill);
  return {
    ...r,
    poolSize: fit(r.poolSize, 2),
    strides: fit(r.strides, 2),
    dilation: fit(r.dilation, 1),
    outputSize: fit(r.outputSize, 1),
    padding: Array.isArray(r.padding) ? fit(r.padding, 0) : r.padding,
  };
}

/** Operations offered per framework (Keras has no adaptive or LP layers). */
export function opsFor(framework: PoolRequest['framework']): PoolRequest['op'][] {
  return framework === 'keras'
    ? ['max', 'avg', 'globalMax', 'globalAvg']
    : [...POOL_OPS];
}

export const OP_LABELS: Record<PoolRequest['op'], string> = {
  max: 'Max pooling',
  avg: 'Average pooling',
  globalMax: 'Global max',
  globalAvg: 'Global average',
  adaptiveMax: 'Adaptive max',
  adaptiveAvg: 'Adaptive average',
  lp: 'LP pooling',
};

/** Switching framework: padding changes form (Keras 'valid'/'same' vs PyTorch numbers). */
export function withFramework(r: PoolRequest, framework: PoolRequest['framework']): PoolRequest {
  const rank = r.poolSize.length;
  const op = opsFor(framework).includes(r.op) ? r.op : 'max';
  const padding = framework === 'pytorch'
    ? (Array.isArray(r.padding) ? r.padding : Array.from({ length: rank }, () => 0))
    : (Array.isArray(r.padding) ? 'valid' : r.padding);
  return { ...r, framework, op, padding };
}

/** The control of each core parameter (a Map: a message starting "constructor" must not find Object's). */
const CORE_PARAM_FIELDS = new Map(Object.entries({
  poolSize: 'poolSize', strides: 'strides', padding: 'padding', dilation: 'dilation', outputSize: 'outputSize',
  p: 'p', divisorOverride: 'divisorOverride', spatialRank: 'rank', dataFormat: 'dataFormat',
}));

/** Which control a core error message is about, from the parameter it names first (`op` when it names none). */
export function fieldOfCoreError(message: string): string {
  const param = /^(\w+)/.exec(message)?.[1] ?? '';
  return CORE_PARAM_FIELDS.get(param) ?? 'op';
}
