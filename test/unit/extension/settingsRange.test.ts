import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_RANGES, clampSetting, type RangedSetting } from '../../../src/extension/settingsRange';

interface SchemaEntry { type: string | string[]; minimum?: number; maximum?: number }

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SchemaEntry> } };
};
const schema = manifest.contributes.configuration.properties;

describe('settings are clamped to their schema on read', () => {
  it('every numeric setting in package.json has a range here, equal to its schema', () => {
    const numeric = Object.entries(schema).filter(([, e]) => [e.type].flat().some((t) => t === 'integer' || t === 'number'));
    assert.ok(numeric.length >= 5);
    for (const [name, entry] of numeric) {
      const key = name.replace(/^poolingLens\./, '') as RangedSetting;
      const r = SETTING_RANGES[key];
      assert.ok(r, `${name} has no clamp`);
      assert.equal(r.min, entry.minimum, `${name} minimum`);
      assert.equal(r.max, entry.maximum, `${name} maximum`);
      assert.equal(r.integer, [entry.type].flat().includes('integer'), `${name} integer`);
    }
  });
  it('poolSize 1e8 (typed into settings.json) reads as 64; strides 0 as 1', () => {
    assert.equal(clampSetting('poolSize', 1e8, 2), 64);
    assert.equal(clampSetting('strides', 0, 2), 1);
    assert.equal(clampSetting('precision', 2.9, 4), 2);
    assert.equal(clampSetting('hover.maxElements', 1e12, 100_000), 16_777_216);
    assert.equal(clampSetting('fileSizeLimitMB', 0.5, 256), 1);
  });
  it('values that are not finite numbers read as the default', () => {
    for (const v of [NaN, Infinity, -Infinity, '12', null, undefined, [3], {}]) {
      assert.equal(clampSetting('poolSize', v, 2), 2, String(v));
    }
  });
});
