// Reads the `poolingLens.*` settings: the default pool requests of a new panel and the view settings.
import * as vscode from 'vscode';
import type { PoolRequest, ViewSettings } from '../protocol/messages';
import { defaultRequests, type PoolDefaults } from './poolDefaults';
import { clampSetting } from './settingsRange';

/** The pooling settings new panels start from. */
export function readDefaults(): PoolDefaults {
  const c = vscode.workspace.getConfiguration('poolingLens');
  const poolSize = clampSetting('poolSize', c.get<unknown>('poolSize'), 2);
  const strides = c.get<unknown>('strides', null);
  const op = c.get<string>('defaultOp', 'max');
  return {
    op: op === 'avg' || op === 'globalMax' || op === 'globalAvg' ? op : 'max',
    framework: c.get<PoolRequest['framework']>('framework', 'keras') === 'pytorch' ? 'pytorch' : 'keras',
    poolSize,
    strides: strides === null || strides === undefined ? null : clampSetting('strides', strides, poolSize),
    padding: c.get<string>('padding', 'valid') === 'same' ? 'same' : 'valid',
    dataFormat: c.get<string>('dataFormat', 'channelsLast') === 'channelsFirst' ? 'channelsFirst' : 'channelsLast',
    nan: nanSetting(c.get<string>('nan', 'framework')),
  };
}

export function readViewSettings(): ViewSettings {
  const c = vscode.workspace.getConfiguration('poolingLens');
  const map = c.get<string>('colormap', 'auto');
  return {
    colormap: map === 'viridis' || map === 'diverging' || map === 'greyscale' ? map : 'auto',
    precision: clampSetting('precision', c.get<unknown>('precision'), 4),
    sharedScale: c.get<unknown>('sharedScale', false) === true,
  };
}

/** The outputs a new panel starts with, from the current settings. */
export function newPanelRequests(spatialRank: number): PoolRequest[] {
  return defaultRequests(spatialRank, readDefaults());
}

/** Files above this size are opened only after asking (`poolingLens.fileSizeLimitMB`). */
export function fileSizeLimitBytes(): number {
  const mb = clampSetting('fileSizeLimitMB', vscode.workspace.getConfiguration('poolingLens').get<unknown>('fileSizeLimitMB'), 256);
  return mb * 1024 * 1024;
}

/** The `nan` setting, anything unknown read as the default (`framework`). */
function nanSetting(v: string): PoolRequest['nan'] {
  return v === 'propagate' || v === 'ignore' ? v : 'framework';
}
