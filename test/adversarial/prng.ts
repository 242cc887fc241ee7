/**
 * A small seeded PRNG for the adversarial suite: a counter-based generator (a 32-bit counter, keyed by two
 * hashes of the seed, through an avalanche mix). Every case is generated from `caseRng(seed, family, index)`, so one
 * case can be rebuilt alone from its id, in any process, in any order.
 */

/** FNV-1a over the UTF-16 code units of `s`, 32 bits. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** An avalanche mix of 32 bits (multiply-xorshift rounds). */
function fmix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

export class Rng {
  private readonly key1: number;
  private readonly key2: number;
  private counter = 0;

  constructor(seed: number | string) {
    const s = typeof seed === 'number' ? String(seed) : seed;
    this.key1 = hash32(`a:${s}`);
    this.key2 = hash32(`b:${s}`);
  }

  /** Uniform 32-bit unsigned integer: a counter through two rounds of a 32-bit finaliser (full period 2^32). */
  u32(): number {
    this.counter = (this.counter + 1) >>> 0;
    return fmix((fmix((this.counter + this.key1) >>> 0) ^ this.key2) >>> 0);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return (this.u32() * 2 ** 21 + (this.u32() >>> 11)) / 2 ** 53;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[this.int(xs.length)] as T;
  }

  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

/** The generator of one case: independent of every other case. */
export function caseRng(seed: string, family: string, index: number): Rng {
  return new Rng(`${seed}/${family}/${index}`);
}
