// Linked highlighting on the drawn views: hovering (or focusing) a cell outlines what it is linked to and writes
// the detail line; answers the host sends for the views it keeps are drawn the same way. What to outline comes
// from highlight.ts; this module draws it and records it in the sections' data-* attributes.
import type { PoolPlan } from '../src/core';
import { isMaxOp } from '../src/core/spec';
import type { Explained } from '../src/protocol/messages';
import { planeIndex, unflatten } from '../src/view/planes';
import { TILE } from './heatmap';
import { coordText, coveringCells, depthNote, explainHere, windowHighlight, windowInputs, type Cell, type Highlight } from './highlight';
import { outputSelection, root, state, type ViewHandle } from './state';
import { vscode } from './vscode';

function detailLine(text: string): void {
  const d = document.getElementById('detail');
  if (d) d.textContent = text;
}

/** Draws `h` on a view's overlay; the benchmark reads how long the last such draw took. */
function highlightView(view: ViewHandle | undefined, h: Highlight): void {
  if (!view?.heatmap) return;
  view.heatmap.setHighlight(h);
  root.dataset.overlayMs = view.heatmap.lastOverlayMs.toFixed(1);
}

/** Outlines an output cell's window in the input, marks the winner, and writes the explanation line. */
export function showExplained(view: ViewHandle, plan: PoolPlan, e: Explained): void {
  const inputView = state.views.find((v) => v.role === 'input');
  const h = inputView ? windowHighlight(inputView.layout, state.sel, e) : {};
  highlightView(inputView, h);
  const o = state.outputs.find((x) => x.payload.id === view.id);
  const spatial = unflatten(view.layout, e.outIndex).spatial;
  detailLine(`${o?.payload.title ?? view.id} ${coordText(spatial)}: ${e.text}${depthNote(plan, e, state.sel.depth)}`);
  inputView?.section.setAttribute('data-window', JSON.stringify(windowInputs(e)));
  inputView?.section.setAttribute('data-winner', h.winner ? `${h.winner.r},${h.winner.c}` : '');
}

/** An output cell: its window, explained here when both tensors are here, else by the host. */
function hoverOutput(view: ViewHandle, cell: Cell): void {
  const o = state.outputs.find((x) => x.payload.id === view.id);
  const plan = o?.payload.plan;
  if (!o || !plan) return;
  const outIndex = planeIndex(view.layout, outputSelection(view.layout)).index(cell.r, cell.c);
  highlightView(view, { marked: [cell] });
  if (o.tensor && state.input && (o.argmax || !isMaxOp(plan.op))) {
    const inputView = state.views.find((v) => v.role === 'input');
    showExplained(view, plan, explainHere(plan, state.input, o.tensor, o.argmax, outIndex, inputView?.layout));
  } else {
    // The host keeps the data: it explains, exactly as it would here; only the newest hover's answer is shown.
    state.explainId = ++state.messageSeq;
    detailLine(`${o.payload.title}: …`);
    vscode.postMessage({ type: 'explain', requestId: state.explainId, view: view.id, outIndex });
  }
}

/** An input cell: its value, and every output cell whose window contains it. */
function hoverInput(view: ViewHandle, cell: Cell): void {
  const spatial = planeIndex(view.layout, state.sel).spatial(cell.r, cell.c);
  const value = view.plane.label(cell.r * view.plane.cols + cell.c);
  // A view the host keeps: the value comes with the cell's tile (asked for now when it is not here yet).
  if (view.data.store && view.plane.remote && value === '…') view.plane.remote.request(Math.floor(cell.r / TILE), Math.floor(cell.c / TILE));
  const counts: string[] = [];
  for (const ov of state.views.filter((v) => v.role === 'output')) {
    const o = state.outputs.find((x) => x.payload.id === ov.id);
    const plan = o?.payload.plan;
    if (!plan) continue;
    const marked = coveringCells(plan, ov.layout, outputSelection(ov.layout), spatial);
    highlightView(ov, { marked });
    ov.section.setAttribute('data-marked', JSON.stringify(marked.map((m) => [m.r, m.c])));
    counts.push(`${marked.length} ${o?.payload.title ?? ''} cell${marked.length === 1 ? '' : 's'}`);
  }
  highlightView(view, { marked: [cell] });
  detailLine(`input ${coordText(spatial)} = ${value}; part of the windows of ${counts.join(', ') || 'no output'}`);
}

/** The pointer (or keyboard focus) is on `cell` of `view`, or has left it (undefined). */
export function hover(view: ViewHandle, cell: Cell | undefined): void {
  const started = performance.now();
  state.lastHover = cell ? { view, cell } : undefined;
  for (const v of state.views) highlightView(v, {});
  if (!cell) return;
  if (view.role === 'output') hoverOutput(view, cell);
  else hoverInput(view, cell);
  root.dataset.hoverMs = (performance.now() - started).toFixed(2);
}

/** A tile of view `id` arrived: repaint it, and say the hovered cell's value if the tile held it. */
export function tileArrived(id: string): void {
  const view = state.views.find((v) => v.id === id);
  view?.heatmap?.onTile();
  const last = state.lastHover;
  if (view && last && last.view.id === id) hover(last.view, last.cell);
}
