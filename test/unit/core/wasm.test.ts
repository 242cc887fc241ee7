// The WebAssembly kernels: reproducible from the committed .wat, and bit-identical to the TypeScript path.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type PoolSpec, type Tensor, planPool, pool } from '../../../src/core';
import { wasmAvailable } from '../../../src/core/wasmKernels';
import { WASM_BASE64 } from '../../../src/core/wasm/pool.generated';

const root = join(__dirname, '..', '..', '..');

describe('WebAssembly kernels', () => {
  it('assembling src/core/wasm/pool.wat with wabt gives exactly the committed bytes', async () => {
    const build = (await import(pathToFileURL(join(root, 'scripts', 'build-wasm.mjs')).href)) as {
      assemble(p: string): Promise<Buffer>; generatedSource(name: string, b: Buffer): string;
    };
    const bytes = await build.assemble(join(root, 'src', 'core', 'wasm', 'pool.wat'));
    assert.equal(bytes.toString('base64'), WASM_BASE64);
  });

  it('load in Node', () => {
    assert.equal(wasmAvailable(), true);
  });

  describe('bit-identical to the TypeScript path on 250 random float32 cases (NaN, ±inf, -0, ties)', () => {
    let seed = 99;
    const rand = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (let t = 0; t < 250; t++) {
      const rank = int(1, 2);
      const spatial = Array.from({ length: rank }, () => int(1, 9));
      const C = [4, 8, 12][int(0, 2)]!;
      const shape = [int(1, 2), ...spatial, C];
      const framework = rand() < 0.5 ? 'keras' : 'pytorch';
      const op = (['max', 'avg', 'globalMax', 'globalAvg', 'adaptiveMax', 'adaptiveAvg'] as const)[int(0, 5)]!;
      const spec: PoolSpec = { op, framework, spatialRank: rank as 1 | 2 };
      const k = spatial.map(() => int(1, 4));
      if (op === 'max' || op === 'avg') {
        spec.poolSize = k;
        spec.strides = spatial.map(() => int(1, 3));
        if (framework === 'keras') spec.padding = rand() < 0.5 ? 'same' : 'valid';
        else {
          spec.padding = k.map((kk) => int(0, Math.floor(kk / 2)));
          spec.ceilMode = rand() < 0.5;
          if (op === 'avg') spec.countIncludePad = rand() < 0.5;
          if (op === 'avg' && rand() < 0.2) spec.divisorOverride = int(1, 6);
        }
      } else if (op === 'adaptiveMax' || op === 'adaptiveAvg') {
        spec.outputSize = spatial.map((s) => int(1, s + 2));
      }
      try {
        if (planPool(shape, spec).empty) continue;
      } catch {
        continue;
      }
      const n = shape.reduce((a, b) => a * b, 1);
      const special = [NaN, Infinity, -Infinity, -0, 0, 1, 1];
      const data = Float32Array.from({ length: n }, () => (rand() < 0.15 ? special[int(0, 6)]! : int(-3, 3) + (rand() < 0.5 ? 0.1 : 0)));
      const x: Tensor = { dtype: 'float32', shape, data };
      it(`#${t} x=[${shape}] ${JSON.stringify(spec)}`, () => {
        const w = pool(x, spec);
        const s = pool(x, spec, { backend: 'ts' });
        assert.equal(w.backend, 'wasm');
        assert.equal(w.output.dtype, s.output.dtype);
        const a = w.output.data as Float32Array, b = s.output.data as Float32Array;
        assert.equal(a.length, b.length);
        for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `[${i}] wasm ${a[i]} ts ${b[i]}`);
        if (s.argmax !== undefined) assert.deepEqual(w.argmax, s.argmax);
      });
    }
  });
});
