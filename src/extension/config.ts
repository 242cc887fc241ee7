// Reads the `poolingLens.*` settings and turns them into the default pool requests of a new panel.
import * as vscode from 'vscode';
import type { PoolRequest } from '../protocol/messages';

export interface PoolDefaults {
  framework: PoolRequest['framework'];
  poolSize: number;
  strides: number | null;
  padding: 'valid' | 'same';
  dataFormat: PoolRequest['dataFormat'];
  nan: PoolRequest['nan'];
}

export function readDefaults(): PoolDefaults {
  const c = vscode.workspace.getConfiguration('poolingLens');
  const poolSize = Math.max(1, Math.floor(c.get<number>('poolSize', 2)));
  const strides = c.get<number | null>('strides', null);
  return {
    framework: c.get<PoolRequest['framework']>('framework', 'keras') === 'pytorch' ? 'pytorch' : 'keras',
    poolSize,
    strides: strides === null || strides === undefined ? null : Math.max(1, Math.floor(strides)),
    padding: c.get<string>('padding', 'valid') === 'same' ? 'same' : 'valid',
    dataFormat: c.get<string>('dataFormat', 'channelsLast') === 'channelsFirst' ? 'channelsFirst' : 'channelsLast',
    nan: c.get<string>('nan', 'propagate') === 'ignore' ? 'ignore' : 'propagate',
  };
}

/** The panel's default outputs: max and average pooling with the configured settings. */
export function defaultRequests(spatialRank: number, d: PoolDefaults = readDefaults()): PoolRequest[] {
  const fill = (v: number): number[] => Array.from({ length: spatialRank }, () => v);
  const base = {
    framework: d.framework,
    poolSize: fill(d.poolSize),
    strides: fill(d.strides ?? d.poolSize),
    padding: d.framework === 'pytorch' ? fill(0) : d.padding,
    dilation: fill(1),
    ceilMode: false,
    countIncludePad: true,
    outputSize: fill(1),
    p: 2,
    dataFormat: d.dataFormat,
    keepdims: false,
    nan: d.nan,
  } satisfies Omit<PoolRequest, 'id' | 'op'>;
  return [
    { id: 'max', op: 'max', ...base },
    { id: 'avg', op: 'avg', ...base },
  ];
}
