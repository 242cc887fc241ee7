// Defects found by the adversarial suite (test/adversarial): an archive of exactly 65,535 members as Python's
// zipfile (and so numpy.savez) writes it, and inflate limits that are not finite numbers.
import assert from 'node:assert/strict';
import { NpyFormatError, listNpz, readNpz, readNpzMember, readNpzWithHeaders } from '../../../src/io';
import { buildZip, deflatedZeros, manyMembersZip } from '../../adversarial/zip';

const TINY = (() => {
  const h = "{'descr':'|u1','fortran_order':False,'shape':()}\n";
  const b = new Uint8Array(10 + h.length + 1);
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length, 0]);
  for (let i = 0; i < h.length; i++) b[10 + i] = h.charCodeAt(i);
  b[b.length - 1] = 7;
  return b;
})();

/** One deflated member that inflates to 1 KiB but declares `declared` bytes in a ZIP64 extra field. */
function declaring(declared: number): Uint8Array {
  const d = deflatedZeros(new Uint8Array(0), 1024);
  return buildZip([{ name: 'big.npy', method: 8, compressed: d.compressed, crc: d.crc, uncompressedSize: declared, zip64: { usize: declared } }]);
}

function assertNpyFormatError(f: () => unknown): void {
  assert.throws(f, (e: unknown) => e instanceof NpyFormatError, 'expected an NpyFormatError');
}

describe('npz limits and counts', () => {
  it('reads 65,535 members without a ZIP64 record (the end record count 0xFFFF is the real count)', () => {
    const z = manyMembersZip(65_535, TINY);
    // As Python's zipfile writes it: no ZIP64 end record, count 0xFFFF in the end record.
    const v = new DataView(z.buffer, z.byteOffset, z.byteLength);
    assert.equal(v.getUint16(z.length - 22 + 10, true), 0xffff);
    assert.notEqual(v.getUint32(z.length - 22 - 20, true), 0x07064b50);
    const entries = listNpz(z);
    assert.equal(entries.length, 65_535);
    assert.equal(entries[65_534]?.key, 'm65534');
    assert.deepEqual([...readNpzMember(z, 'm65534').tensor.data], [7]);
    assert.equal(readNpz(z).size, 65_535);
  });

  it('still refuses a 0xFFFFFFFF central directory offset with no ZIP64 record', () => {
    const z = buildZip([{ name: 'a.npy', data: TINY }], { eocdCdOffset: 0xffffffff });
    assertNpyFormatError(() => listNpz(z));
  });

  it('refuses, with NpyFormatError, a member declaring more than can be allocated when the limit is Infinity', () => {
    const z = declaring(2 ** 40);
    assertNpyFormatError(() => readNpz(z, { maxInflatedBytes: Infinity }));
    assertNpyFormatError(() => readNpzMember(z, 'big', { maxInflatedBytes: Infinity }));
  });

  it('refuses a NaN limit with NpyFormatError instead of reading without one', () => {
    const z = declaring(2 ** 40);
    assertNpyFormatError(() => readNpz(z, { maxInflatedBytes: NaN }));
    assertNpyFormatError(() => readNpzWithHeaders(z, { maxInflatedBytes: NaN }));
    assertNpyFormatError(() => readNpzMember(z, 'big', { maxInflatedBytes: NaN }));
  });
});
