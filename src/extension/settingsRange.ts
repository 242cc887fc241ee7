// The numeric settings' ranges, as package.json's schema states them (a unit test keeps the two equal), and the
// clamp every read goes through. VS Code does not enforce a schema's minimum and maximum on values typed into
// settings.json, so `"poolingLens.poolSize": 1e8` arrives as is: without the clamp, every hover would pool with
// a 100,000,000-cell window. Free of `vscode`: unit-tested.

export const SETTING_RANGES = {
  poolSize: { min: 1, max: 64, integer: true },
  strides: { min: 1, max: 64, integer: true },
  precision: { min: 1, max: 17, integer: true },
  'hover.maxElements': { min: 0, max: 16_777_216, integer: true },
  fileSizeLimitMB: { min: 1, max: 65_536, integer: false },
  'debug.maxMB': { min: 1, max: 65_536, integer: false },
} as const;

export type RangedSetting = keyof typeof SETTING_RANGES;

/**
 * `value` as setting `key` may hold it: a number inside the schema's range (integers rounded down), else
 * `fallback` (the default) when it is not a finite number at all.
 */
export function clampSetting(key: RangedSetting, value: unknown, fallback: number): number {
  const r = SETTING_RANGES[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  const v = r.integer ? Math.floor(value) : value;
  return Math.min(r.max, Math.max(r.min, v));
}
