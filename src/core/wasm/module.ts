/**
 * Loading the kernels of pool.wat: the module is decoded and compiled once; each memory gets an instance of its
 * own (the shared instance over a memory that grows, one per resident tensor over a memory that does not).
 * If WebAssembly is missing or refuses to compile (e.g. a webview CSP without 'wasm-unsafe-eval'),
 * `loadKernels` returns null, once and for all, and every caller runs the TypeScript path.
 */
import { WASM_BASE64 } from './pool.generated';

/** The slice of the WebAssembly JS API used here (the ES2022 lib has no WebAssembly types; the core has no DOM). */
export interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

/**
 * The exports of pool.wat (each kernel's contract is its comment there). Addresses, lengths and strides are
 * in bytes; `cellBytes` is the bytes of one cell (its C channels).
 */
export interface Kernels {
  memory: WasmMemory;
  hmax(src: number, cellBytes: number, outW: number, wlo: number, whi: number, dst: number): void;
  vmax(rows: number, n: number, len: number, dst: number, from: number, to: number): void;
  hsum(src: number, cellBytes: number, outW: number, wlo: number, whi: number, dst: number): void;
  vsum(rows: number, n: number, len: number, divRow: number, dH: number, dst: number): void;
  max2x2(src: number, nrows: number, rowB: number, outW: number, cellBytes: number, dst: number, from: number, to: number): void;
  avg2x2(src: number, nrows: number, rowB: number, outW: number, cellBytes: number, dst: number, div: number, scale: number,
    useScale: number): void;
  max2x2c1(src: number, nrows: number, rowB: number, outW: number, dst: number, from: number, to: number): void;
  avg2x2c1(src: number, nrows: number, rowB: number, outW: number, dst: number, div: number, scale: number,
    useScale: number): void;
  hasnan(src: number, len: number): number;
  frange(src: number, len: number, dst: number): void;
  hmaxk(src: number, len: number, cellBytes: number, k: number, dst: number): void;
  vmaxf(rows: number, n: number, len: number, dst: number, from: number, to: number): void;
  hsumk(src: number, len: number, cellBytes: number, k: number, dst: number): void;
  hmaxvh(src: number, lt: number, cellBytes: number, kb: number, outLen: number, g: number, h: number, dst: number): void;
  vmax2(a: number, b: number, len: number, dst: number): void;
  vmax2c(a: number, b: number, len: number, dst: number, from: number, to: number): void;
  hmax3(src: number, len: number, cellBytes: number, dst: number): void;
  vmax3f(r0: number, r1: number, r2: number, len: number, dst: number, from: number, to: number): void;
  hsum3(src: number, len: number, cellBytes: number, dst: number): void;
  vsum3(r0: number, r1: number, r2: number, len: number, divRow: number, dH: number, dst: number): void;
  hvsum3(src: number, len: number, cellBytes: number, hNew: number, h0: number, h1: number, divRow: number, dH: number,
    dst: number, dlo: number, dhi: number, dv: number): void;
  hvsum3x2(src: number, stride: number, len: number, cellBytes: number, plo: number, wb: number, h0: number, h1: number,
    hN0: number, hN1: number, divRow: number, dH: number, dst0: number, dst1: number, dlo: number, dhi: number,
    dv: number, flo: number, fhi: number): void;
  hvmax3(src: number, len: number, cellBytes: number, hNew: number, h0: number, h1: number, dst: number, floor: number): number;
  hvmax7(src: number, len: number, cellBytes: number, d: number, ring: number, hNew: number, sA: number, sB: number, mrow: number,
    sMid: number, dst: number, floor: number): number;
  vmax2gc(g: number, x: number, len: number, gdst: number, h: number, dst: number, floor: number): void;
  hmaxvhf(src: number, lt: number, cellBytes: number, kb: number, g: number, h: number, dst: number): number;
  hmaxvhf4: Kernels['hmaxvhf'];
  hmaxvhf4f(src: number, lt: number, cellBytes: number, kb: number, g: number, h: number, dst: number, outLen: number): number;
  vsumv(rows: number, n: number, len: number, divRow: number, dH: number, dst: number, dlo: number, dhi: number,
    dv: number, V: number): void;
  vrun(V: number, add: number, sub: number, len: number, divRow: number, dH: number, dst: number, dlo: number,
    dhi: number, dv: number): void;
  hsumrows1(src: number, n: number, rowB: number, W: number, dst: number, dstStride: number): void;
  hmaxrows1(src: number, n: number, rowB: number, W: number, dst: number, dstStride: number, flags: number): void;
  exprange(src: number, len: number): number;
  hsumrunr(src: number, outW: number, cellBytes: number, k: number, dst: number): number;
  hvrun(src: number, outW: number, cellBytes: number, k: number, hDst: number, V: number, sub: number, divRow: number,
    dH: number, dst: number, dlo: number, dhi: number, dv: number): number;

  // float64 twins (export names ending in _d): same signatures, f64x2 lanes.
  hmax_d: Kernels['hmax']; vmax_d: Kernels['vmax']; hsum_d: Kernels['hsum']; vsum_d: Kernels['vsum'];
  max2x2_d: Kernels['max2x2']; avg2x2_d: Kernels['avg2x2']; hasnan_d: Kernels['hasnan']; frange_d: Kernels['frange']; hmaxk_d: Kernels['hmaxk'];
  vmaxf_d: Kernels['vmaxf']; hsumk_d: Kernels['hsumk']; hmaxvh_d: Kernels['hmaxvh']; vmax2_d: Kernels['vmax2'];
  vmax2c_d: Kernels['vmax2c']; hmax3_d: Kernels['hmax3']; vmax3f_d: Kernels['vmax3f']; hsum3_d: Kernels['hsum3'];
  vsum3_d: Kernels['vsum3'];
}

let kernels: Kernels | null | undefined;
let compiled: { api: WasmApi; module: object } | undefined;

function decodeBase64(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lookup = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, j = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | lookup[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** The shared instance of the kernels (over a memory that grows), or null when this runtime cannot run them. */
export function loadKernels(): Kernels | null {
  if (kernels !== undefined) return kernels;
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api === undefined) throw new Error('no WebAssembly');
    compiled = { api, module: new api.Module(decodeBase64(WASM_BASE64)) };
    kernels = instantiate(new api.Memory({ initial: 1 }));
  } catch {
    kernels = null;
  }
  return kernels;
}

/** A fixed-size memory of `pages` 64 KiB pages for a new instance, or null when the runtime refuses it. */
export function fixedMemory(pages: number): WasmMemory | null {
  if (loadKernels() === null) return null;
  try {
    return new compiled!.api.Memory({ initial: pages, maximum: pages });
  } catch {
    return null;
  }
}

/** An instance of the compiled module over `memory` (instances are cheap; the module is compiled once). */
export function instantiate(memory: WasmMemory): Kernels {
  const { api, module } = compiled!;
  const exports = new api.Instance(module, { env: { memory } }).exports as Omit<Kernels, 'memory'>;
  return { ...exports, memory } as Kernels;
}

/**
 * The kernels for one element type: float32 (the plain names; the same object, so a test that wraps a kernel
 * of `loadKernels()` sees its calls) or float64 (the _d twins under the float32 names). Kernels without a twin
 * are float32-only: the strategies that call them check the element size first.
 */
export function kernelSet(k: Kernels, f64: boolean): Kernels {
  if (!f64) return k;
  return {
    ...k, hmax: k.hmax_d, vmax: k.vmax_d, hsum: k.hsum_d, vsum: k.vsum_d, max2x2: k.max2x2_d, avg2x2: k.avg2x2_d,
    hasnan: k.hasnan_d, frange: k.frange_d, hmaxk: k.hmaxk_d, vmaxf: k.vmaxf_d, hsumk: k.hsumk_d, hmaxvh: k.hmaxvh_d, vmax2: k.vmax2_d,
    vmax2c: k.vmax2c_d, hmax3: k.hmax3_d, vmax3f: k.vmax3f_d, hsum3: k.hsum3_d, vsum3: k.vsum3_d,
  };
}
