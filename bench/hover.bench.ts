// Hover benchmark: the pure `hoverPreview` the provider calls, on a Python module that holds a
// 10,000-element literal (100x100) among ordinary code.
// Goals: p95 <= 50 ms on the literal with a cold cache (parse, stats, pool, two PNGs), p95 <= 2 ms on
// ordinary code (the locator's bounded scan, then nothing). Cached hovers on the literal are printed too.
import { DEFAULT_HOVER_MAX_ELEMENTS, HoverCache, hoverPreview, type HoverSettings } from '../src/extension/hoverPreview';

const SETTINGS: HoverSettings = {
  maxElements: DEFAULT_HOVER_MAX_ELEMENTS,
  colormap: 'auto',
  pool: { op: 'max', framework: 'keras', poolSize: 2, strides: null, padding: 'valid', dataFormat: 'channelsLast', nan: 'propagate' },
};
const URI = 'file:///bench/model.py';

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

function summary(label: string, ts: number[], goal?: number): string {
  const p95 = percentile(ts, 95);
  const verdict = goal === undefined ? '' : p95 <= goal ? `  (goal <= ${goal} ms: met)` : `  (goal <= ${goal} ms: MISSED)`;
  return `${label.padEnd(44)} n=${String(ts.length).padStart(5)}  p50 ${percentile(ts, 50).toFixed(3)} ms  p95 ${p95.toFixed(3)} ms  max ${Math.max(...ts).toFixed(3)} ms${verdict}`;
}

/** Ordinary Python: functions, calls, subscripts, dicts, strings and comments; no array literals. */
function ordinaryCode(blocks: number): string {
  const out: string[] = [];
  for (let i = 0; i < blocks; i++) {
    out.push(
      `def step_${i}(model, batch, cfg):`,
      `    """Runs one training step (block ${i}); returns the loss."""`,
      `    x = batch["inputs"][:, ${i % 7}]  # a subscript, not a literal`,
      `    y = model(x, training=True)`,
      `    loss = cfg.loss_fn(y, batch["labels"]) * cfg.weights[${i % 3}]`,
      `    metrics = {"loss": float(loss), "step": ${i}, "name": f"step-{${i}}"}`,
      `    if loss > cfg.threshold and not cfg.quiet:`,
      `        print("loss [%d]: %f" % (${i}, loss), file=cfg.log)`,
      `    return loss, metrics`,
      '',
    );
  }
  return out.join('\n');
}

function literal(n: number): string {
  let seed = 2024;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const rows: string[] = [];
  for (let r = 0; r < n; r++) {
    rows.push(`[${Array.from({ length: n }, () => (Math.round((next() * 2 - 1) * 1e4) / 1e3).toString()).join(', ')}]`);
  }
  return `weights = np.array([${rows.join(',\n                     ')}], dtype=np.float32)\n`;
}

export async function run(): Promise<void> {
  const before = ordinaryCode(150);
  const lit = literal(100);
  const after = ordinaryCode(150);
  const text = `import numpy as np\n\n${before}\n${lit}\n${after}`;
  const litStart = text.indexOf('weights = np.array(');
  const litCursor = litStart + Math.floor(lit.length / 2);
  const req = (offset: number, version: number): Parameters<typeof hoverPreview>[0] => ({ text, offset, uri: URI, language: 'python', version });
  console.log(`document: ${text.length.toLocaleString('en-US')} characters, ${text.split('\n').length} lines; literal 100x100 = 10,000 elements, ${lit.length.toLocaleString('en-US')} characters`);

  // First call in the process: module initialisation, JIT, colour table, WASM kernels if any.
  let t0 = performance.now();
  const first = hoverPreview(req(litCursor, 0), SETTINGS, new HoverCache());
  const firstMs = performance.now() - t0;
  if (first?.kind !== 'preview') throw new Error(`expected a preview on the literal, got ${first?.kind ?? 'nothing'}`);
  console.log(`first hover in the process: ${firstMs.toFixed(3)} ms; markdown ${first.markdown.length.toLocaleString('en-US')} characters`);

  // Literal, cold cache: every hover parses, computes stats, pools and draws.
  for (let i = 0; i < 5; i++) hoverPreview(req(litCursor, -1 - i), SETTINGS, new HoverCache());
  const cold: number[] = [];
  for (let i = 0; i < 200; i++) {
    const offset = litStart + 20 + ((i * 7919) % (lit.length - 40));
    t0 = performance.now();
    const h = hoverPreview(req(offset, i + 1), SETTINGS, new HoverCache());
    cold.push(performance.now() - t0);
    if (h?.kind !== 'preview') throw new Error(`no preview at offset ${offset}`);
  }

  // Literal, cached: same document version, anywhere in the literal.
  const cache = new HoverCache();
  hoverPreview(req(litCursor, 1), SETTINGS, cache);
  const cached: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const offset = litStart + 20 + ((i * 7919) % (lit.length - 40));
    t0 = performance.now();
    hoverPreview(req(offset, 1), SETTINGS, cache);
    cached.push(performance.now() - t0);
  }

  // Ordinary code: every 37th character of the code before and after the literal; none may hover.
  const positions: number[] = [];
  for (let p = 0; p < text.length; p += 37) if (p < litStart || p > litStart + lit.length + 1) positions.push(p);
  for (const p of positions.slice(0, 200)) hoverPreview(req(p, 1), SETTINGS, cache);
  const ordinary: number[] = [];
  for (const p of positions) {
    t0 = performance.now();
    const h = hoverPreview(req(p, 1), SETTINGS, cache);
    ordinary.push(performance.now() - t0);
    if (h !== undefined) throw new Error(`unexpected hover on ordinary code at ${p}: ${text.slice(h.start, Math.min(h.end, h.start + 60))}`);
  }

  console.log(summary('10,000-element literal, cold cache', cold, 50));
  console.log(summary('10,000-element literal, cached', cached, 50));
  console.log(summary('ordinary code (no hover)', ordinary, 2));
}
