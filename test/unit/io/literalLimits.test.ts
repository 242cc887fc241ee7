// Defects found by the adversarial suite (test/adversarial): a `maxElements` of NaN read as "no limit" and then
// failed inside the buffer growth with a plain RangeError; a limit above what can be allocated let generators
// try to allocate it (RangeError: Invalid typed array length) or allocate gigabytes.
import assert from 'node:assert/strict';
import { ArrayParseError, MAX_ELEMENTS_CEILING, parseArrayLiteral } from '../../../src/io';

function tooLarge(text: string, maxElements: number): void {
  assert.throws(() => parseArrayLiteral(text, { maxElements }),
    (e: unknown) => e instanceof ArrayParseError && e.code === 'too-large', `${text} with maxElements ${maxElements}`);
}

describe('literal element limits', () => {
  it('reads a NaN maxElements as the default limit', () => {
    const text = `[${'1, '.repeat(99)}1]`;
    assert.equal(parseArrayLiteral(text, { maxElements: NaN }).data.length, 100);
    tooLarge('np.zeros(100000000)', NaN);
  });

  it('refuses generators past what can be allocated with ArrayParseError, whatever maxElements says', () => {
    tooLarge('np.linspace(0, 1, 1000000000000)', 1e12);
    tooLarge('np.full((100000, 100000), 1)', 2 ** 53);
    tooLarge('np.arange(4294967296)', Infinity);
  });

  it(`caps maxElements at MAX_ELEMENTS_CEILING (${2 ** 26}) so memory stays bounded`, () => {
    assert.equal(MAX_ELEMENTS_CEILING, 2 ** 26);
    tooLarge(`np.zeros(${2 ** 26 + 1})`, Infinity);
    tooLarge('np.ones((16384, 16384))', 1e12);
  });
});
