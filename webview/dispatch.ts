// The host's messages, one by one: `receive` hands each to the state's actions and draws what changed. It also
// keeps the figures the integration tests and the benchmark read from root.dataset: bytesIn (tensor bytes
// received), transferMs (host post to arrival of the load), firstPaintMs and timeline (the first paint).
import { assertNever, type HostToWebview } from '../src/protocol/messages';
import { el } from './dom';
import { showExplained } from './hover';
import { render } from './sections';
import {
  acceptPlanes, acceptResults, askedAt, acceptTile, load, repool, root, setHostView, setMemberPage, state,
} from './state';

/** When this script started (Date.now()), for the first paint's timeline. */
const bootedAt = Date.now();

/** When the page's own files (script, style sheet) started and finished loading, in Date.now() terms. */
function resourceTimes(): Record<string, number> {
  const times: Record<string, number> = {};
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const name = /webview\.(js|css)/.exec(e.name)?.[1];
    if (!name) continue;
    times[`${name}Asked`] = Math.round(performance.timeOrigin + e.startTime);
    times[`${name}Loaded`] = Math.round(performance.timeOrigin + e.responseEnd);
  }
  // The document's own navigation (VS Code loads an empty page first, then writes ours into it).
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav) {
    const at = (t: number): number => Math.round(performance.timeOrigin + t);
    if (nav.workerStart > 0) times.docWorker = at(nav.workerStart);
    times.docAsked = at(nav.requestStart);
    times.docAnswered = at(nav.responseStart);
    times.docFetched = at(nav.responseEnd);
    times.docLoaded = Math.round(performance.timeOrigin + nav.loadEventEnd);
  }
  return times;
}

/** Bytes of tensor data a message carried (what the benchmark reports as crossing host -> webview). */
function payloadBytes(v: unknown, depth = 0): number {
  if (v instanceof ArrayBuffer) return v.byteLength;
  if (depth > 6 || typeof v !== 'object' || v === null) return 0;
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) n += payloadBytes(x, depth + 1);
  return n;
}

/** The first load: drawn at once, then its timeline recorded when the frame is painted. */
function receiveLoad(message: Extract<HostToWebview, { type: 'load' }>): void {
  const arrived = performance.now();
  root.dataset.transferMs = String(Date.now() - message.sentAt);
  load(message);
  render();
  requestAnimationFrame(() => {
    root.dataset.firstPaintMs = (performance.now() - arrived).toFixed(1);
    // Where the time to the first paint went, in Date.now() terms comparable with the host's (same machine).
    const timeline = {
      ...message.timeline, posted: message.sentAt, document: Math.round(performance.timeOrigin), script: bootedAt,
      arrived: Math.round(performance.timeOrigin + arrived), painted: Date.now(),
      ...resourceTimes(),
    };
    root.dataset.timeline = JSON.stringify(timeline);
  });
}

export function receive(message: HostToWebview): void {
  root.dataset.bytesIn = String(Number(root.dataset.bytesIn ?? 0) + payloadBytes(message));
  switch (message.type) {
    case 'load':
      receiveLoad(message);
      break;
    case 'results':
      if (acceptResults(message.requestId, message.outputs)) {
        const arrived = Date.now();
        render();
        const drawn = Date.now();
        // When the new picture reached the screen (Date.now(), the benchmark's "change -> shown"), and the steps.
        requestAnimationFrame(() => {
          const shown = Date.now();
          root.dataset.shownAt = String(shown);
          root.dataset.changeTimeline = JSON.stringify({ asked: askedAt, ...message.timeline, arrived, drawn, shown });
        });
      }
      break;
    case 'busy':
      root.classList.add('busy');
      break;
    case 'view':
      setHostView(message.view, message.requests);
      if (message.requests) repool();
      else render();
      break;
    case 'tile':
      acceptTile(message.view, message.tile);
      break;
    case 'explained': {
      if (message.requestId !== state.explainId) break;
      const view = state.views.find((v) => v.id === message.view);
      const plan = state.outputs.find((o) => o.payload.id === message.view)?.payload.plan;
      if (view && plan) showExplained(view, plan, message.explained);
      break;
    }
    case 'planes':
      acceptPlanes(message.views);
      render();
      break;
    case 'members':
      if (state.source) {
        setMemberPage(message.page);
        render();
      }
      break;
    case 'failed':
      root.replaceChildren(el('p', { class: 'error', role: 'alert' }, message.message));
      break;
    default:
      assertNever(message);
  }
}
