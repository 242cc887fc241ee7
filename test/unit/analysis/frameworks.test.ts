// The analysis against what TensorFlow/Keras and PyTorch actually print and raise: each fixture is a small
// program run by the real libraries (test/fixtures/layers/generate.py); here it is only analysed, statically.
//
// - Formatting: our printer, given the very values the program printed, must give the same text exactly.
// - Values: every print line gets an inline value. Where the core's result equals the library's, the text is
//   identical; float32 averages may differ in the last bit, because the libraries accumulate in float32 and the
//   core sums exactly and rounds once (the framework's own arithmetic is issue 15): then every number must agree
//   within float32 precision and the rest of the text (dtype, shape, brackets) must be the same.
// - Refusals: a program the library refuses gets a diagnostic with the library's own words.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, formatValue } from '../../../src/analysis/analyse';
import type { Lib } from '../../../src/analysis/evaluate';
import type { DType, Tensor } from '../../../src/core';

interface Printed {
  lib: Lib;
  dtype: string;
  shape: number[];
  values: (number | boolean | string)[];
}

interface Case {
  name: string;
  source: string;
  prints: string[];
  values: (Printed | null)[][];
  error: { type: string; message: string } | null;
}

function tensorOf(p: Printed): Tensor {
  const dtype = p.dtype as DType;
  const nums = p.values.map((v) => (typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : Number(v)));
  const data = dtype === 'int64' ? BigInt64Array.from(nums.map((n) => BigInt(n)))
    : dtype === 'float64' ? Float64Array.from(nums)
      : dtype === 'int32' ? Int32Array.from(nums)
        : dtype === 'bool' ? Uint8Array.from(nums) : Float32Array.from(nums);
  return { dtype, shape: p.shape, data };
}

const NUMBER = /-?(?:\d+\.?\d*(?:e[-+]\d+)?|nan|inf)/g;

/** The numbers of a printed array (shape and dtype parts removed) and the text with them masked. */
function split(printed: string): { numbers: number[]; mask: string } {
  const body = printed.replace(/, shape=\([^)]*\), dtype=\w+\)$/, '').replace(/, dtype=torch\.\w+\)$/, '');
  const numbers = (body.match(NUMBER) ?? []).map((s) => Number(s.replace('inf', 'Infinity')));
  return { numbers, mask: printed.replace(NUMBER, '#').replace(/\s+/g, '') };
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/layers/cases.json'), 'utf8')) as { versions: Record<string, string>; cases: Case[] };

/** Keras numbers its layers (`max_pooling2d_9`): the count depends on what ran before. */
function normalise(message: string): string {
  return message.replace(/'([a-z_0-9]+?)_\d+'/g, "'$1'");
}

describe(`analysis: inline values and diagnostics against the real libraries (${Object.entries(fixture.versions).map(([k, v]) => `${k} ${v}`).join(', ')})`, () => {
  it('the fixture holds cases for both libraries, printed values and refusals', () => {
    assert.ok(fixture.cases.length >= 40);
    assert.ok(fixture.cases.some((c) => c.prints.some((p) => p.startsWith('tf.Tensor('))));
    assert.ok(fixture.cases.some((c) => c.prints.some((p) => p.startsWith('tensor('))));
    assert.ok(fixture.cases.filter((c) => c.error).length >= 8);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const a = analyse(c.source);
      assert.ok(a.layers.length > 0, 'no layer recognised');
      // Our printer on the library's own values.
      c.values.forEach((args, i) => {
        if (args.length !== 1 || !args[0]) return;
        assert.equal(formatValue({ tensor: tensorOf(args[0]), lib: args[0].lib, pooled: true }), c.prints[i], `print ${i + 1}: formatting`);
      });
      // The analysis's values.
      const printed = a.prints.map((p) => p.printed);
      assert.equal(printed.length, c.prints.length, `inline values: ${JSON.stringify(printed)}; the program printed ${JSON.stringify(c.prints)}`);
      printed.forEach((ours, i) => {
        const real = c.prints[i]!;
        if (ours === real) return;
        const o = split(ours), r = split(real);
        assert.ok(/float32/.test(real), `print ${i + 1} differs and is not float32: ${ours} vs ${real}`);
        assert.equal(o.numbers.length, r.numbers.length, `print ${i + 1}: ${ours} vs ${real}`);
        o.numbers.forEach((x, j) => {
          const y = r.numbers[j]!;
          assert.ok(Math.abs(x - y) <= 2.5e-7 * Math.max(1, Math.abs(y)), `print ${i + 1}, value ${j}: ${x} vs ${y}`);
        });
        assert.equal(o.mask, r.mask, `print ${i + 1}: the text around the numbers differs`);
      });
      if (c.error) {
        const messages = a.diagnostics.filter((d) => d.severity === 'error').map((d) => normalise(d.message));
        const real = normalise(c.error.message);
        assert.ok(messages.length > 0, `no diagnostic; the library said: ${real}`);
        assert.ok(messages.some((m) => real.includes(m)), `diagnostics ${JSON.stringify(messages)} do not match the library's words: ${real}`);
      } else {
        assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), [], 'a diagnostic on a program the library runs');
      }
    });
  }
});
