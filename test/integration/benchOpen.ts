// One benchmark step shared by the integration benchmark (bigdata.test.ts) and the 1 GiB file benchmark
// (bigfile.bench.ts): open a float32 array, time the first paint, a parameter change and a zoom to 1:1, and print
// the figures with the first paint's timeline. Times are read from outside the webview: the command's start here,
// the paint's Date.now() taken by the webview in the frame after it drew (same machine, same clock).
import * as assert from 'node:assert/strict';
import { panelEvaluate, panelFill, panelWheel, waitFor } from './bridge';

export interface OpenFigures {
  /** Command -> every view painted. */
  paintedMs: number;
  changeMs: number;
  zoomMs: number;
  firstBytes: number;
  totalBytes: number;
  timeline: Record<string, number>;
}

const inputCanvas = 'section.tensor[data-role="input"][data-id="input"] canvas.heatmap-base';

/** The first paint's timeline (host and webview marks, Date.now()) as "step +ms" from `t0`, in time order. */
export function timelineText(timeline: Record<string, number>, t0: number): string {
  return Object.entries(timeline).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v - t0}`).join(', ');
}

/**
 * Runs `open` (which opens the array in a panel titled `title`, or the active one), then changes the pool size to 4
 * and zooms the input to 1:1 at its centre. Prints one `[bench]` line about `label` and returns the figures.
 */
export async function benchOpen(label: string, open: () => Promise<void>, title?: string): Promise<OpenFigures> {
  const root = (key: string): Promise<string | null> => panelEvaluate<string | null>(`document.getElementById('pooling-lens-root')?.dataset.${key} ?? null`, title);
  const t0 = Date.now();
  await open();
  await waitFor(() => root('firstPaintMs'), (v) => v !== null, 'the first paint', 180_000);
  const openMs = Date.now() - t0;
  const timeline = JSON.parse((await root('timeline')) ?? '{}') as Record<string, number>;
  const paintedMs = (timeline.painted ?? NaN) - t0;
  const firstBytes = Number(await root('bytesIn'));
  const heatmapsMs = await root('paintMs');
  const renders = Number(await root('renders'));
  const t1 = Date.now();
  await panelFill('[data-field="poolSize"] input', '4', title);
  await waitFor(async () => [await panelEvaluate<string>(`document.querySelector('.caption')?.textContent ?? ''`, title), Number(await root('renders'))] as const,
    ([c, r]) => c.includes('pool_size=(4, 4)') && r > renders, 'the re-pooled output', 180_000);
  // The webview stamps the frame after it drew the new output (Date.now()); polling only finds it later.
  const shownAt = Number(await waitFor(() => root('shownAt'), (v) => v !== null, 'the new output on screen'));
  const changeMs = shownAt - t1;
  const changeTimeline = JSON.parse((await root('changeTimeline')) ?? '{}') as Record<string, number>;
  const box = await panelEvaluate<{ width: number; height: number } | null>(`(() => {
    const c = document.querySelector('${inputCanvas}');
    if (!c) return null;
    const b = c.getBoundingClientRect();
    return { width: b.width, height: b.height };
  })()`, title);
  let zoomMs = NaN;
  if (box) {
    const t2 = Date.now();
    await panelWheel(inputCanvas, { x: box.width / 2, y: box.height / 2 }, -500, 10, title);
    await waitFor(() => panelEvaluate<string>(`(() => { const c = document.querySelector('${inputCanvas}'); return c.dataset.tiles ?? (Number(c.dataset.scale) >= 20 ? 'complete' : ''); })()`, title),
      (t) => t === 'complete', 'the values at 1:1', 60_000);
    zoomMs = Date.now() - t2;
  }
  const totalBytes = Number(await root('bytesIn'));
  const mb = (b: number): string => (b / 1e6).toFixed(1);
  console.log(`    [bench] ${label}: open -> all views painted ${paintedMs} ms (seen by polling after ${openMs} ms); pool size 2 -> 4 shown ${changeMs} ms; ` +
    `zoom to 1:1 -> values drawn ${Number.isNaN(zoomMs) ? 'n/a' : `${zoomMs} ms`} (wheel steps included; the input view is ${box ? `${box.width.toFixed(0)}x${box.height.toFixed(0)}` : '?'} px); host -> webview ${mb(firstBytes)} MB for the first paint, ${mb(totalBytes)} MB in all`);
  console.log(`            first paint, step by step (ms from the command): ${timelineText(timeline, t0)}; drawing the heatmaps took ${heatmapsMs ?? '?'} ms of it`);
  console.log(`            the change, step by step (ms from typing): ${timelineText(changeTimeline, t1)}`);
  assert.ok(firstBytes > 0);
  return { paintedMs, changeMs, zoomMs, firstBytes, totalBytes, timeline };
}
