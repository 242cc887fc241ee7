/**
 * IEEE 754 binary16 conversions. `float16` tensors hold their values decoded in a Float32Array, so the
 * readers decode on the way in and encode on the way out; `roundToHalf` gives the value a float16
 * literal would hold (round to nearest, ties to even; overflow to infinity; NaN stays NaN).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Decodes one binary16 bit pattern into its exact value. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Encodes a number as the nearest binary16 bit pattern (ties to even), as numpy's `astype(float16)` does. */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0] ?? 0;
  // A double rounded first to float32 and then to float16 can differ from a direct rounding only in
  // exotic double-rounding cases below float16 precision; numpy rounds from float64 directly, so do the same.
  const sign = (x >>> 16) & 0x8000;
  if (Number.isNaN(value)) return 0x7e00;
  const a = Math.abs(value);
  if (a >= 65520) return sign | 0x7c00; // rounds to infinity
  if (a < 2 ** -25) return sign; // rounds to zero (exactly half of the smallest subnormal rounds to even = 0)
  if (a < 2 ** -14) {
    // subnormal: value = m * 2^-24, m in [0, 1024]
    const m = roundHalfEven(a * 2 ** 24);
    return sign | m; // m may be 1024, which is the smallest normal: correct bit pattern
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  let m = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

/** The value `value` has once stored as float16. */
export function roundToHalf(value: number): number {
  return halfToFloat(floatToHalf(value));
}

/** `v` rounded to the nearest integer, ties to the even one (IEEE 754's default rounding). */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
