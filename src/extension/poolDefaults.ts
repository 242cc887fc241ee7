// The panel's default outputs from the user's settings; free of `vscode` so it is unit-tested.
import type { PoolRequest } from '../protocol/messages';

export interface PoolDefaults {
  /** The first output's operation; the second is the other of max/average. */
  op: 'max' | 'avg' | 'globalMax' | 'globalAvg';
  framework: PoolRequest['framework'];
  poolSize: number;
  strides: number | null;
  padding: 'valid' | 'same';
  dataFormat: PoolRequest['dataFormat'];
  nan: PoolRequest['nan'];
}

/** The panel's default outputs: the configured operation, then max or average to compare, all with the configured settings. */
export function defaultRequests(spatialRank: number, d: PoolDefaults): PoolRequest[] {
  const fill = (v: number): number[] => Array.from({ length: spatialRank }, () => v);
  const base = {
    framework: d.framework,
    poolSize: fill(d.poolSize),
    strides: fill(d.strides ?? d.poolSize),
    padding: d.framework === 'pytorch' ? fill(0) : d.padding,
    dilation: fill(1),
    ceilMode: false,
    countIncludePad: true,
    divisorOverride: 0,
    outputSize: fill(1),
    p: 2,
    dataFormat: d.dataFormat,
    keepdims: false,
    nan: d.nan,
  } satisfies Omit<PoolRequest, 'id' | 'op'>;
  const second = d.op === 'max' || d.op === 'globalMax' ? 'avg' : 'max';
  return [
    { id: d.op, op: d.op, ...base },
    { id: second, op: second, ...base },
  ];
}

