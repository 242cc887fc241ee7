// Reads the `poolingLens.*` settings: the default pool requests of a new panel and the view settings.
import * as vscode from 'vscode';
import type { PoolRequest, ViewSettings } from '../protocol/messages';
import { defaultRequests, type PoolDefaults } from './poolDefaults';

/** The pooling settings new panels start from. */
export function readDefaults(): PoolDefaults {
  const c = vscode.workspace.getConfiguration('poolingLens');
  const poolSize = Math.max(1, Math.floor(c.get<number>('poolSize', 2)));
  const strides = c.get<number | null>('strides', null);
  const op = c.get<string>('defaultOp', 'max');
  return {
    op: op === 'avg' || op === 'globalMax' || op === 'globalAvg' ? op : 'max',
    framework: c.get<PoolRequest['framework']>('framework', 'keras') === 'pytorch' ? 'pytorch' : 'keras',
    poolSize,
    strides: strides === null || strides === undefined ? null : Math.max(1, Math.floor(strides)),
    padding: c.get<string>('padding', 'valid') === 'same' ? 'same' : 'valid',
    dataFormat: c.get<string>('dataFormat', 'channelsLast') === 'channelsFirst' ? 'channelsFirst' : 'channelsLast',
    nan: c.get<string>('nan', 'propagate') === 'ignore' ? 'ignore' : 'propagate',
  };
}

export function readViewSettings(): ViewSettings {
  const c = vscode.workspace.getConfiguration('poolingLens');
  const map = c.get<string>('colormap', 'auto');
  return {
    colormap: map === 'viridis' || map === 'diverging' || map === 'greyscale' ? map : 'auto',
    precision: Math.min(17, Math.max(1, Math.floor(c.get<number>('precision', 4)))),
    sharedScale: c.get<boolean>('sharedScale', false),
  };
}

/** The outputs a new panel starts with, from the current settings. */
export function newPanelRequests(spatialRank: number): PoolRequest[] {
  return defaultRequests(spatialRank, readDefaults());
}

/** Files above this size are opened only after asking (`poolingLens.fileSizeLimitMB`). */
export function fileSizeLimitBytes(): number {
  const mb = vscode.workspace.getConfiguration('poolingLens').get<number>('fileSizeLimitMB', 256);
  return Math.max(1, mb) * 1024 * 1024;
}
