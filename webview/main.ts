// The inspector webview: the input and each pooled output side by side as heatmaps, linked highlighting
// between them, controls that re-pool through the host, and the caption / code that reproduce the call.
// It renders and asks; pooling semantics come from the core (windows, explanations) and the host (values).
import './style.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { explainValue, formatValue, pool, windowOf, type PoolPlan, type PoolResult, type Tensor } from '../src/core';
import {
  assertNever, type Explained, type HostToWebview, type MemberPage, type OutputPayload, type RemoteTensor, type PoolRequest, type SavedState, type SourceInfo, type ViewSettings,
} from '../src/protocol/messages';
import { fromWire } from '../src/protocol/wire';
import { COLORMAPS, finiteRange as finiteMinMax, lut, pickColormap, scaleFor, thumbnailRgba, type ColourScale, type ColormapName } from '../src/view/colormap';
import { formatShape } from './format';
import { isMaxOp } from '../src/core/spec';
import { HeatmapView, TILE, type Cell, type Highlight, type Plane } from './heatmap';
import {
  batchCount, cellOfSpatial, channelCount, inputLayoutFor, outputLayout, outputsCovering, planeIndex, planeSlice,
  spatialSizes, unflatten, type Layout, type PlaneSelection,
} from '../src/view/planes';
import { REMOTE_ELEMENTS } from '../src/view/lod';
import { TileStore } from './remote';
import { axesText, FieldError, OP_LABELS, opsFor, parseAxes, withFramework, withRank } from './requests';
import { planeTable } from './table';
import { vscode } from './vscode';

/** When the page's own files (script, style sheet) started and finished loading, in Date.now() terms. */
function resourceTimes(): Record<string, number> {
  const times: Record<string, number> = {};
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const name = /webview\.(js|css)/.exec(e.name)?.[1];
    if (!name) continue;
    times[`${name}Asked`] = Math.round(performance.timeOrigin + e.startTime);
    times[`${name}Loaded`] = Math.round(performance.timeOrigin + e.responseEnd);
  }
  return times;
}

/** When this script started (Date.now()), for the first paint's timeline. */
const bootedAt = Date.now();

interface OutputState {
  payload: OutputPayload;
  tensor?: Tensor;
  argmax?: Int32Array;
  /** The host keeps this output (too big to send): its overview, and tiles fetched on demand. */
  store?: TileStore;
}

/** A view's tensor: here in full, or kept by the host (`store`). */
interface ViewData {
  dtype: Tensor['dtype'];
  shape: number[];
  full?: Tensor;
  store?: TileStore;
}

interface ViewHandle {
  id: string;
  role: 'input' | 'output';
  layout: Layout;
  data: ViewData;
  plane: Plane;
  heatmap?: HeatmapView;
  section: HTMLElement;
}

const root = document.getElementById('pooling-lens-root') as HTMLElement;

const state = {
  source: undefined as SourceInfo | undefined,
  input: undefined as Tensor | undefined,
  /** Set instead of `input` when the host keeps the input. */
  inputStore: undefined as TileStore | undefined,
  /** The plane selection last sent to the host (it builds the overviews of the views it keeps). */
  postedSel: '',
  messageSeq: 0,
  explainId: 0,
  lastHover: undefined as { view: ViewHandle; cell: Cell } | undefined,
  axesNote: '',
  outputs: [] as OutputState[],
  requests: [] as PoolRequest[],
  activeId: '',
  view: { colormap: 'auto', precision: 4, sharedScale: false } as ViewSettings,
  sel: { batch: 0, channel: 0, depth: 0 } as PlaneSelection,
  tableViews: new Set<string>(),
  allChannels: false,
  squeeze: false,
  requestId: 0,
  pendingId: 0,
  fieldErrors: new Map<string, string>(),
  saved: (vscode.getState() ?? {}) as SavedState,
  views: [] as ViewHandle[],
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, title: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLElement {
  const b = el('vscode-button', { title, 'aria-label': title, ...attrs }, label);
  b.setAttribute('secondary', '');
  b.addEventListener('click', onClick);
  return b;
}

/** A compact text button for the per-view tools (theme-coloured like a link). */
function toolButton(label: string, title: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLElement {
  const b = el('button', { type: 'button', class: 'tool', title, 'aria-label': title, ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

function saveState(): void {
  const s: SavedState = { ...state.saved, requests: state.requests, view: state.view };
  state.saved = s;
  vscode.setState(s);
}

// ---------------------------------------------------------------------------------------------------
// Layout and planes

function selText(sel: PlaneSelection): string {
  return `${sel.batch},${sel.channel},${sel.depth}`;
}

/** Tells the host the plane now shown, when it keeps a view's data (it sends that plane's overviews). */
function postSelection(): void {
  const text = selText(state.sel);
  if (text === state.postedSel) return;
  state.postedSel = text;
  if (state.inputStore || state.outputs.some((o) => o.store)) vscode.postMessage({ type: 'select', sel: { ...state.sel } });
}

function firstPlan(): PoolPlan | undefined {
  return state.outputs.find((o) => o.payload.plan)?.payload.plan;
}

/** The input, whole or kept by the host. */
function inputData(): ViewData | undefined {
  if (state.input) return { dtype: state.input.dtype, shape: state.input.shape, full: state.input };
  const st = state.inputStore;
  return st ? { dtype: st.remote.dtype, shape: st.remote.shape, store: st } : undefined;
}

function outputData(o: OutputState): ViewData | undefined {
  if (o.tensor) return { dtype: o.tensor.dtype, shape: o.tensor.shape, full: o.tensor };
  return o.store ? { dtype: o.store.remote.dtype, shape: o.store.remote.shape, store: o.store } : undefined;
}

/** The input's layout from a successful plan, else as the core reads the shape for a global pool. */
function currentInputLayout(): Layout {
  const r = state.requests.find((q) => q.id === state.activeId) ?? state.requests[0];
  return inputLayoutFor(inputData()?.shape ?? [0], firstPlan(), r);
}

/** A store for a view the host keeps, reusing the one it had while the data is the same. */
function storeFor(id: string, remote: RemoteTensor, previous: TileStore | undefined, dataChanged: boolean): TileStore {
  if (previous) {
    previous.replace(remote, dataChanged);
    return previous;
  }
  const st = new TileStore(id, remote, (m) => vscode.postMessage(m), () => ++state.messageSeq);
  st.onTile = () => {
    const view = state.views.find((v) => v.id === id);
    view?.heatmap?.onTile();
    // The hovered cell's value may have been in this tile: say it now.
    const last = state.lastHover;
    if (view && last && last.view.id === id) hover(last.view, last.cell);
  };
  return st;
}

function clampSelection(l: Layout): void {
  state.sel.batch = Math.min(state.sel.batch, Math.max(0, batchCount(l) - 1));
  state.sel.channel = Math.min(state.sel.channel, Math.max(0, channelCount(l) - 1));
  const depth = l.spatialRank === 3 ? (spatialSizes(l)[0] ?? 1) : 1;
  state.sel.depth = Math.min(state.sel.depth, Math.max(0, depth - 1));
}

function outputSelection(l: Layout): PlaneSelection {
  const depth = l.spatialRank === 3 ? (spatialSizes(l)[0] ?? 1) : 1;
  return { ...state.sel, depth: Math.min(state.sel.depth, Math.max(0, depth - 1)) };
}

function planeOf(t: Tensor, l: Layout, sel: PlaneSelection): Plane {
  const { rows, cols, base, rowStride, colStride } = planeSlice(l, sel);
  const values = new Float64Array(rows * cols);
  const data = t.data;
  // A zero-size plane (one axis 0, the other up to 2^53) has nothing to copy: never loop over its rows.
  if (values.length > 0) {
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      for (let r = 0, k = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++, k++) values[k] = Number(data[base + r * rowStride + c * colStride] ?? 0);
      }
    } else if (colStride === 1) {
      for (let r = 0; r < rows; r++) {
        const start = base + r * rowStride;
        values.set(data.subarray(start, start + cols), r * cols);
      }
    } else {
      for (let r = 0, k = 0; r < rows; r++) {
        const rowBase = base + r * rowStride;
        for (let c = 0; c < cols; c++, k++) values[k] = data[rowBase + c * colStride] ?? NaN;
      }
    }
  }
  const precision = state.view.precision;
  const at = (i: number): number => base + Math.floor(i / cols) * rowStride + (i % cols) * colStride;
  return { rows, cols, values, label: (i) => formatValue(data[at(i)] ?? NaN, precision) };
}

/** The core's own average pooling, NaN-tolerant, serves as the overview when cells get below a pixel. */
function overview(plane: Plane, factor: number): { rows: number; cols: number; values: Float64Array } {
  const t: Tensor = { dtype: 'float64', shape: [plane.rows, plane.cols], data: plane.values };
  const r = pool(t, { op: 'avg', poolSize: factor, padding: 'same', nan: 'ignore', spatialRank: 2 }, { backend: 'ts' });
  return { rows: r.output.shape[1] ?? 0, cols: r.output.shape[2] ?? 0, values: r.output.data as Float64Array };
}

/** Finite [min, max] of a plane, [0, 1] when it has no finite value. */
function finiteRange(values: Float64Array): [number, number] {
  const { min, max } = finiteMinMax(values);
  return Number.isNaN(min) ? [0, 1] : [min, max];
}

function colourFor(ranges: [number, number][], own: [number, number]): { scale: ColourScale; map: ColormapName } {
  let [lo, hi] = own;
  if (state.view.sharedScale) {
    lo = Math.min(...ranges.map((r) => r[0]));
    hi = Math.max(...ranges.map((r) => r[1]));
  }
  const map = pickColormap(state.view.colormap, lo, hi);
  return { scale: scaleFor(lo, hi, map), map };
}

// ---------------------------------------------------------------------------------------------------
// Rendering

function shapeLabel(t: { dtype: string; shape: number[] }): string {
  const shape = state.squeeze ? t.shape.filter((d) => d !== 1) : t.shape;
  return `${t.dtype} ${formatShape(shape)}${state.squeeze ? ' squeezed' : ''}`;
}

function colourBar(scale: ColourScale, map: ColormapName): HTMLElement {
  const wrap = el('div', { class: 'colourbar', 'aria-label': `colour scale from ${formatValue(scale.lo)} to ${formatValue(scale.hi)}` });
  const canvas = el('canvas', { width: '256', height: '1' });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const img = new ImageData(256, 1);
    img.data.set(lut(map));
    ctx.putImageData(img, 0, 0);
  }
  wrap.append(canvas, el('span', { class: 'lo' }, formatValue(scale.lo)), el('span', { class: 'hi' }, formatValue(scale.hi)));
  return wrap;
}

function smallMultiples(t: Tensor, l: Layout, sel: PlaneSelection, scale: ColourScale, map: ColormapName): HTMLElement {
  const wrap = el('div', { class: 'multiples', role: 'list', 'aria-label': 'all channels' });
  const C = Math.min(channelCount(l), 64);
  for (let c = 0; c < C; c++) {
    const plane = planeOf(t, l, { ...sel, channel: c });
    const side = 56;
    const canvas = el('canvas', { width: String(side), height: String(side), role: 'listitem', title: `channel ${c}` });
    const ctx = canvas.getContext('2d');
    if (ctx) {
      const img = new ImageData(side, side);
      img.data.set(thumbnailRgba(plane.values, plane.rows, plane.cols, side, scale, lut(map)));
      ctx.putImageData(img, 0, 0);
    }
    canvas.classList.toggle('selected', c === sel.channel);
    canvas.addEventListener('click', () => {
      state.sel.channel = c;
      render();
    });
    const fig = el('figure', {});
    fig.append(canvas, el('figcaption', {}, `c${c}`));
    wrap.append(fig);
  }
  return wrap;
}

function tensorSection(
  role: 'input' | 'output', id: string, title: string, t: ViewData | undefined, l: Layout | undefined,
  sel: PlaneSelection, note: string, error: string | undefined, ranges: Map<string, [number, number]>, planes: Map<string, Plane>,
): HTMLElement {
  const section = el('section', { class: 'tensor', 'data-role': role, 'data-id': id });
  section.classList.toggle('active', role === 'output' && id === state.activeId);
  const head = el('div', { class: 'tensor-head' });
  const h2 = el('h2', { tabindex: role === 'output' ? '0' : '-1' }, title);
  if (role === 'output') {
    h2.title = 'Select this output to edit it with the controls above';
    const activate = (): void => {
      state.activeId = id;
      render();
    };
    h2.addEventListener('click', activate);
    h2.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && activate());
  }
  head.append(h2);
  if (role === 'output') head.append(toolButton('✕', 'Remove this output', () => removeOutput(id), { 'data-action': 'remove' }));
  section.append(head);
  const tools = el('div', { class: 'tensor-tools' });
  if (t) {
    const tableOn = state.tableViews.has(id);
    tools.append(
      toolButton(tableOn ? 'Heatmap' : 'Table', tableOn ? 'Show as heatmap' : 'Show the values as a table', () => {
        if (tableOn) state.tableViews.delete(id);
        else state.tableViews.add(id);
        render();
      }, { 'data-action': 'toggle-table' }),
      toolButton('NumPy', 'Copy as a NumPy literal', () => vscode.postMessage({ type: 'copy', target: id, format: 'numpy' }), { 'data-action': 'copy-numpy' }),
      toolButton('JSON', 'Copy as JSON', () => vscode.postMessage({ type: 'copy', target: id, format: 'json' }), { 'data-action': 'copy-json' }),
      toolButton('.npy', 'Save as a .npy file', () => vscode.postMessage({ type: 'save', target: id }), { 'data-action': 'save' }),
    );
  }
  if (t) section.append(el('p', { class: 'shape' }, shapeLabel(t)));
  if (t && l) {
    const plane = t.full ? planeOf(t.full, l, sel) : t.store ? t.store.plane(state.view.precision) : undefined;
    if (!plane) return section;
    planes.set(id, plane);
    const own = t.store ? t.store.remote.lod.range : finiteRange(plane.values);
    ranges.set(id, own);
    if (t.store) {
      const lod = t.store.remote.lod;
      section.append(el('div', { class: 'tensor-body' }));
      if (lod.factor > 1) {
        section.append(el('p', { class: 'note lod-note' },
          `overview: ${lod.reduction} of ${lod.factor}x${lod.factor} blocks; zoom in for the exact values`));
      }
    } else if (plane.values.length === 0) {
      section.append(el('p', { class: 'empty' }, role === 'input'
        ? `empty array: shape (${t.shape.join(', ')}) holds no values, so there is nothing to draw`
        : 'empty output: no window fits'));
    } else {
      section.append(el('div', { class: 'tensor-body' }));
    }
  }
  if (note) section.append(el('p', { class: 'note' }, note));
  if (error) section.append(el('p', { class: 'error', role: 'alert' }, error));
  section.append(tools);
  return section;
}

function render(): void {
  const input = inputData();
  const source = state.source;
  if (!input || !source) return;
  const started = performance.now();
  const inLayout = currentInputLayout();
  clampSelection(inLayout);
  postSelection();
  const ranges = new Map<string, [number, number]>();
  const planes = new Map<string, Plane>();
  const header = el('header');
  header.append(el('h1', {}, source.label), el('p', { class: 'source' }, `${source.kind} · ${source.description}`));
  if (state.axesNote) header.append(el('p', { class: 'axes' }, state.axesNote));
  const page = source.memberPage;
  if (page && page.members.length > 0) header.append(memberPicker(page, source.member));

  const row = el('div', { class: 'tensors' });
  const specs: { role: 'input' | 'output'; id: string; tensor?: ViewData; layout?: Layout; sel: PlaneSelection; section: HTMLElement }[] = [];
  const inSection = tensorSection('input', 'input', 'input', input, inLayout, state.sel, '', undefined, ranges, planes);
  specs.push({ role: 'input', id: 'input', tensor: input, layout: inLayout, sel: state.sel, section: inSection });
  row.append(inSection);
  for (const o of state.outputs) {
    const plan = o.payload.plan;
    const l = plan ? outputLayout(plan) : undefined;
    const sel = l ? outputSelection(l) : state.sel;
    const note = o.payload.error ? '' : plan?.empty ? plan.emptyReason ?? '' : '';
    const data = outputData(o);
    const s = tensorSection('output', o.payload.id, o.payload.title, data, l, sel, note, o.payload.error, ranges, planes);
    if (o.payload.error) s.classList.add('stale');
    specs.push({ role: 'output', id: o.payload.id, tensor: data, layout: l, sel, section: s });
    row.append(s);
  }
  const add = button('+ Add output', 'Add an output with the settings of the selected one, to compare configurations', addOutput, { 'data-action': 'add-output' });
  add.classList.add('add-output');
  row.append(add);

  const allRanges = [...ranges.values()];
  state.views = [];
  for (const s of specs) {
    const plane = planes.get(s.id);
    const body = s.section.querySelector('.tensor-body');
    if (!plane || !s.tensor || !s.layout || !body) continue;
    const { scale, map } = colourFor(allRanges, ranges.get(s.id) ?? [0, 1]);
    const handle: ViewHandle = { id: s.id, role: s.role, layout: s.layout, data: s.tensor, plane, section: s.section };
    if (state.tableViews.has(s.id) && plane.remote) {
      body.append(el('p', { class: 'note' }, `The table view holds at most ${REMOTE_ELEMENTS.toLocaleString('en-US')} values; this tensor stays with the extension. Zoom into the heatmap to read its values.`));
    } else if (state.tableViews.has(s.id)) {
      body.append(planeTable(plane, `${s.id} ${formatShape(s.tensor.shape)}, plane ${planeCaption(s.layout, s.sel)}`));
    } else {
      const hm = new HeatmapView(s.id, {
        onHover: (cell) => hover(handle, cell),
        onFocusCell: (cell) => {
          hover(handle, cell);
          hm.announce(`${s.id} row ${cell.r}, column ${cell.c}: ${plane.label(cell.r * plane.cols + cell.c)}. ${detail.textContent ?? ''}`);
        },
      }, overview);
      handle.heatmap = hm;
      body.append(hm.element);
      hm.setPlane(plane, scale, map);
      s.section.append(colourBar(scale, map));
    }
    if (state.allChannels && channelCount(s.layout) > 1 && s.tensor.full) s.section.append(smallMultiples(s.tensor.full, s.layout, s.sel, scale, map));
    state.views.push(handle);
  }

  const detail = el('p', { class: 'detail', 'aria-live': 'polite', id: 'detail' }, 'Hover a cell (or focus a heatmap and use the arrow keys) to see where its value comes from.');
  root.replaceChildren(header, controls(inLayout), row, detail, captionBlock());
  const paintMs = performance.now() - started;
  root.dataset.renderMs = paintMs.toFixed(1);
  root.dataset.renders = String(Number(root.dataset.renders ?? 0) + 1);
  vscode.postMessage({
    type: 'rendered', cells: state.views.reduce((n, v) => n + v.plane.values.length, 0), renderMs: paintMs,
    paintMs: state.views.reduce((n, v) => n + (v.heatmap?.lastPaintMs ?? 0), 0),
  });
}

function planeCaption(l: Layout, sel: PlaneSelection): string {
  const parts = [`batch ${sel.batch}`, `channel ${sel.channel}`];
  if (l.spatialRank === 3) parts.push(`depth ${sel.depth}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------------
// Linked highlighting

function detailLine(text: string): void {
  const d = document.getElementById('detail');
  if (d) d.textContent = text;
}

/** Outlines an output cell's window in the input, marks the winner, and writes the explanation line. */
function showExplained(view: ViewHandle, plan: PoolPlan, e: Explained): void {
  const inputView = state.views.find((v) => v.role === 'input');
  const inSel = state.sel;
  const cells: NonNullable<Highlight['window']>['cells'] = [];
  for (const wc of e.cells) {
    const pc = cellOfSpatial(view.layout, inSel, wc.coords);
    if (pc) cells.push({ ...pc, kind: wc.kind });
  }
  let winner: Cell | undefined;
  const u = e.winner;
  if (u && inputView && u.batch === inSel.batch && u.channel === inSel.channel) winner = cellOfSpatial(inputView.layout, inSel, u.spatial);
  inputView?.heatmap?.setHighlight({ window: { cells }, winner });
  let depthNote = '';
  const depths = e.cells.filter((c) => c.kind === 'input').map((c) => c.coords[0] ?? 0);
  if (plan.spatialRank === 3 && depths.length > 0) {
    const lo = Math.min(...depths);
    const hi = Math.max(...depths);
    depthNote = ` (the window spans depth ${lo === hi ? lo : `${lo}–${hi}`}; the input shows depth ${inSel.depth})`;
  }
  const o = state.outputs.find((x) => x.payload.id === view.id);
  const spatial = unflatten(view.layout, e.outIndex).spatial;
  detailLine(`${o?.payload.title ?? view.id} ${coordText(spatial)}: ${e.text}${depthNote}`);
  const inBounds = e.cells.filter((c) => c.kind === 'input').map((c) => c.coords);
  inputView?.section.setAttribute('data-window', JSON.stringify(inBounds));
  inputView?.section.setAttribute('data-winner', winner ? `${winner.r},${winner.c}` : '');
}

function hover(view: ViewHandle, cell: Cell | undefined): void {
  const started = performance.now();
  state.lastHover = cell ? { view, cell } : undefined;
  for (const v of state.views) v.heatmap?.setHighlight({});
  if (!cell) return;
  const inputView = state.views.find((v) => v.role === 'input');
  if (view.role === 'output') {
    const o = state.outputs.find((x) => x.payload.id === view.id);
    const plan = o?.payload.plan;
    if (!o || !plan) return;
    const sel = outputSelection(view.layout);
    const outIndex = planeIndex(view.layout, sel).index(cell.r, cell.c);
    view.heatmap?.setHighlight({ marked: [cell] });
    if (o.tensor && state.input && (o.argmax || !isMaxOp(plan.op))) {
      // Both tensors (and a max's winners) are here: explained on the spot.
      const w = windowOf(plan, outIndex);
      const arg = o.argmax?.[outIndex] ?? -1;
      const winner = arg >= 0 && inputView ? unflatten(inputView.layout, arg) : undefined;
      const result = { output: o.tensor, argmax: o.argmax, plan, backend: 'ts' } as PoolResult;
      showExplained(view, plan, { outIndex, text: explainValue(state.input, result, outIndex), cells: w.cells, ...(winner ? { winner } : {}) });
    } else {
      // The host keeps the data: it explains, exactly as it would here; only the newest hover's answer is shown.
      state.explainId = ++state.messageSeq;
      detailLine(`${o.payload.title}: …`);
      vscode.postMessage({ type: 'explain', requestId: state.explainId, view: view.id, outIndex });
    }
  } else {
    const spatial = planeIndex(view.layout, state.sel).spatial(cell.r, cell.c);
    const value = view.plane.label(cell.r * view.plane.cols + cell.c);
    // A view the host keeps: the value comes with the cell's tile (asked for now when it is not here yet).
    if (view.data.store && view.plane.remote && value === '…') view.plane.remote.request(Math.floor(cell.r / TILE), Math.floor(cell.c / TILE));
    const counts: string[] = [];
    for (const ov of state.views.filter((v) => v.role === 'output')) {
      const o = state.outputs.find((x) => x.payload.id === ov.id);
      const plan = o?.payload.plan;
      if (!plan) continue;
      const lists = outputsCovering(plan, spatial);
      const osel = outputSelection(ov.layout);
      const marked: Cell[] = [];
      const combos = lists.reduce<number[][]>((acc, xs) => acc.flatMap((a) => xs.map((x) => [...a, x])), [[]]);
      for (const sp of combos) {
        const pc = cellOfSpatial(ov.layout, osel, sp);
        if (pc) marked.push(pc);
      }
      ov.heatmap?.setHighlight({ marked });
      ov.section.setAttribute('data-marked', JSON.stringify(marked.map((m) => [m.r, m.c])));
      counts.push(`${marked.length} ${o?.payload.title ?? ''} cell${marked.length === 1 ? '' : 's'}`);
    }
    view.heatmap?.setHighlight({ marked: [cell] });
    detailLine(`input ${coordText(spatial)} = ${value}; part of the windows of ${counts.join(', ') || 'no output'}`);
  }
  root.dataset.hoverMs = (performance.now() - started).toFixed(2);
}

function coordText(c: readonly number[]): string {
  return `(${c.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------
// Controls

function activeRequest(): PoolRequest | undefined {
  return state.requests.find((r) => r.id === state.activeId) ?? state.requests[0];
}

let debounce: ReturnType<typeof setTimeout> | undefined;

function updateActive(change: (r: PoolRequest) => PoolRequest): void {
  const r = activeRequest();
  if (!r) return;
  state.requests = state.requests.map((q) => (q.id === r.id ? change(q) : q));
  saveState();
  clearTimeout(debounce);
  debounce = setTimeout(() => repool(), 120);
}

function repool(): void {
  state.requestId += 1;
  state.pendingId = state.requestId;
  root.classList.add('busy');
  vscode.postMessage({ type: 'repool', requestId: state.requestId, requests: state.requests });
}

function addOutput(): void {
  const r = activeRequest();
  if (!r || state.requests.length >= 8) return;
  let n = state.requests.length + 1;
  while (state.requests.some((q) => q.id === `out${n}`)) n++;
  const id = `out${n}`;
  state.requests = [...state.requests, { ...r, id }];
  state.activeId = id;
  saveState();
  repool();
}

function removeOutput(id: string): void {
  state.requests = state.requests.filter((r) => r.id !== id);
  state.outputs = state.outputs.filter((o) => o.payload.id !== id);
  if (state.activeId === id) state.activeId = state.requests[0]?.id ?? '';
  saveState();
  render();
}

function field(label: string, id: string, control: HTMLElement, help?: string): HTMLElement {
  const wrap = el('div', { class: 'field', 'data-field': id });
  const lab = el('label', { for: id }, label);
  control.id = id;
  wrap.append(lab, control);
  const err = state.fieldErrors.get(id);
  if (err) {
    wrap.classList.add('invalid');
    wrap.append(el('span', { class: 'field-error', role: 'alert' }, err));
  } else if (help) {
    control.title = help;
  }
  return wrap;
}

/**
 * The .npz member picker: one page of the archive's members (the host sends at most 100 at a time; an archive
 * may hold a million), with buttons for the pages before and after when there are more.
 */
function memberPicker(page: MemberPage, current: string | undefined): HTMLElement {
  const { from, total, members } = page;
  const last = from + members.length;
  const label = total > members.length
    ? `Array (${(from + 1).toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} in this archive)`
    : `Array (${total.toLocaleString('en-US')} in this archive)`;
  const options = members.map((m): [string, string] => [m.key, `${m.key} · ${m.detail}`]);
  const shown = current !== undefined && members.some((m) => m.key === current) ? current : '';
  if (shown === '' && current !== undefined) options.unshift(['', `${current} (shown; on another page)`]);
  const wrap = field(label, 'member', select(shown, options, (key) => key !== '' && vscode.postMessage({ type: 'pickMember', key })));
  if (total > members.length) {
    const prev = toolButton('‹ Previous', 'Previous page of members', () => vscode.postMessage({ type: 'memberPage', from: Math.max(0, from - members.length) }), { 'data-action': 'members-prev' });
    const next = toolButton('Next ›', 'Next page of members', () => vscode.postMessage({ type: 'memberPage', from: last }), { 'data-action': 'members-next' });
    if (from === 0) prev.setAttribute('disabled', '');
    if (last >= total) next.setAttribute('disabled', '');
    wrap.append(prev, next);
  }
  return wrap;
}

function select(value: string, options: [string, string][], onChange: (v: string) => void): HTMLElement {
  const s = el('vscode-single-select', {}) as HTMLElement & { value: string };
  for (const [v, label] of options) {
    const o = el('vscode-option', { value: v }, label);
    if (v === value) o.setAttribute('selected', '');
    s.append(o);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function textField(value: string, onChange: (v: string) => void, size = 6): HTMLElement {
  const t = el('vscode-textfield', { value, size: String(size) }) as HTMLElement & { value: string };
  t.addEventListener('input', () => onChange(t.value));
  return t;
}

function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const c = el('vscode-checkbox', { label }) as HTMLElement & { checked: boolean };
  if (checked) c.setAttribute('checked', '');
  c.addEventListener('change', () => onChange(c.checked));
  return c;
}

/** A per-axis number field that reports its own error under itself and otherwise updates the request. */
function axesField(label: string, id: string, values: readonly number[], rank: number, min: number, apply: (r: PoolRequest, v: number[]) => PoolRequest, help: string): HTMLElement {
  return field(label, id, textField(axesText(values), (text) => {
    try {
      const v = parseAxes(label, text, rank, min);
      state.fieldErrors.delete(id);
      clearFieldError(id);
      updateActive((r) => apply(r, v));
    } catch (err) {
      if (err instanceof FieldError) showFieldError(id, err.message);
    }
  }), help);
}

function showFieldError(id: string, message: string): void {
  state.fieldErrors.set(id, message);
  const wrap = root.querySelector(`.field[data-field="${id}"]`);
  if (!wrap) return;
  wrap.classList.add('invalid');
  let span = wrap.querySelector('.field-error');
  if (!span) {
    span = el('span', { class: 'field-error', role: 'alert' });
    wrap.append(span);
  }
  span.textContent = message;
}

function clearFieldError(id: string): void {
  // Forgotten too, or the next render (a precision or batch change re-renders without new results) brings it back.
  state.fieldErrors.delete(id);
  const wrap = root.querySelector(`.field[data-field="${id}"]`);
  wrap?.classList.remove('invalid');
  wrap?.querySelector('.field-error')?.remove();
}

/** Which control a core error message is about, from the parameter it names first. */
function fieldOfCoreError(message: string): string {
  const param = /^(\w+)/.exec(message)?.[1] ?? '';
  const map: Record<string, string> = {
    poolSize: 'poolSize', strides: 'strides', padding: 'padding', dilation: 'dilation', outputSize: 'outputSize',
    p: 'p', divisorOverride: 'divisorOverride', spatialRank: 'rank', dataFormat: 'dataFormat',
  };
  return map[param] ?? 'op';
}

function controls(inLayout: Layout): HTMLElement {
  const bar = el('div', { class: 'controls', role: 'group', 'aria-label': 'pooling settings for the selected output' });
  const r = activeRequest();
  if (r) {
    const rank = r.poolSize.length;
    const isWindowed = r.op === 'max' || r.op === 'avg' || r.op === 'lp';
    const torch = r.framework === 'pytorch';
    const row1 = el('div', { class: 'control-row' });
    row1.append(
      el('span', { class: 'editing' }, `Editing ${activeTitle()}`),
      field('Rules', 'framework', select(r.framework, [['keras', 'Keras / TF'], ['pytorch', 'PyTorch']], (v) => {
        updateActive((q) => withFramework(q, v as PoolRequest['framework']));
        render();
      })),
      field('Operation', 'op', select(r.op, opsFor(r.framework).map((o) => [o, OP_LABELS[o]]), (v) => {
        updateActive((q) => ({ ...q, op: v as PoolRequest['op'] }));
        render();
      })),
      field('Spatial axes', 'rank', select(String(rank), [['1', '1-D'], ['2', '2-D'], ['3', '3-D']], (v) => {
        updateActive((q) => withRank(q, Number(v)));
        render();
      })),
    );
    if (isWindowed) {
      row1.append(
        axesField('Pool size', 'poolSize', r.poolSize, rank, 1, (q, v) => ({ ...q, poolSize: v }), 'Window size per spatial axis, e.g. 2 or 2, 3'),
        axesField('Strides', 'strides', r.strides, rank, 1, (q, v) => ({ ...q, strides: v }), 'Step per spatial axis'),
      );
      if (torch) {
        row1.append(axesField('Padding', 'padding', Array.isArray(r.padding) ? r.padding : [0], rank, 0, (q, v) => ({ ...q, padding: v }), 'Symmetric zero padding per axis (at most half the window)'));
      } else {
        row1.append(field('Padding', 'padding', select(typeof r.padding === 'string' ? r.padding : 'valid', [['valid', 'valid'], ['same', 'same']], (v) => updateActive((q) => ({ ...q, padding: v as 'valid' | 'same' })))));
      }
    }
    if (r.op === 'adaptiveMax' || r.op === 'adaptiveAvg') {
      row1.append(axesField('Output size', 'outputSize', r.outputSize, rank, 1, (q, v) => ({ ...q, outputSize: v }), 'Output length per spatial axis'));
    }
    const row2 = el('div', { class: 'control-row' });
    if (torch && isWindowed) {
      if (r.op === 'max') row2.append(axesField('Dilation', 'dilation', r.dilation, rank, 1, (q, v) => ({ ...q, dilation: v }), 'Spacing between window cells'));
      row2.append(field('Ceil mode', 'ceilMode', checkbox('round up', r.ceilMode, (v) => updateActive((q) => ({ ...q, ceilMode: v })))));
      if (r.op === 'avg') {
        row2.append(
          field('Padding in divisor', 'countIncludePad', checkbox('count_include_pad', r.countIncludePad, (v) => updateActive((q) => ({ ...q, countIncludePad: v })))),
          field('Divisor override', 'divisorOverride', textField(r.divisorOverride ? String(r.divisorOverride) : '', (text) => {
            const v = text.trim() === '' ? 0 : Number(text);
            if (!Number.isInteger(v) || v < 0) return showFieldError('divisorOverride', 'Divisor override: a whole number > 0, or empty for none');
            clearFieldError('divisorOverride');
            state.fieldErrors.delete('divisorOverride');
            updateActive((q) => ({ ...q, divisorOverride: v }));
          }, 4)),
        );
      }
    }
    if (r.op === 'lp') {
      row2.append(field('p', 'p', textField(String(r.p), (text) => {
        const v = Number(text);
        if (!(v > 0) || !Number.isFinite(v)) return showFieldError('p', 'p: a number greater than 0');
        clearFieldError('p');
        state.fieldErrors.delete('p');
        updateActive((q) => ({ ...q, p: v }));
      }, 4)));
    }
    if (r.op === 'globalMax' || r.op === 'globalAvg') {
      row2.append(field('Keep dims', 'keepdims', checkbox('keepdims', r.keepdims, (v) => updateActive((q) => ({ ...q, keepdims: v })))));
    }
    row2.append(
      field('Data format', 'dataFormat', select(r.dataFormat, [['channelsLast', 'channels_last (N, …, C)'], ['channelsFirst', 'channels_first (N, C, …)']], (v) => {
        state.requests = state.requests.map((q) => ({ ...q, dataFormat: v as PoolRequest['dataFormat'] }));
        saveState();
        repool();
      })),
      field('NaN', 'nan', select(r.nan, [['propagate', 'propagate'], ['ignore', 'ignore']], (v) => updateActive((q) => ({ ...q, nan: v as PoolRequest['nan'] })))),
    );
    bar.append(row1, row2);
  }
  const row3 = el('div', { class: 'control-row view-row' });
  row3.append(
    field('Colours', 'colormap', select(state.view.colormap, [['auto', 'auto'], ...COLORMAPS.map((c): [string, string] => [c, c])], (v) => {
      state.view = { ...state.view, colormap: v as ViewSettings['colormap'] };
      saveState();
      render();
    })),
    field('Scale', 'sharedScale', checkbox('one scale for all', state.view.sharedScale, (v) => {
      state.view = { ...state.view, sharedScale: v };
      saveState();
      render();
    })),
    field('Precision', 'precision', textField(String(state.view.precision), (text) => {
      const v = Number(text);
      if (!Number.isInteger(v) || v < 1 || v > 17) return showFieldError('precision', 'Precision: significant digits, 1 to 17');
      clearFieldError('precision');
      state.view = { ...state.view, precision: v };
      saveState();
      render();
    }, 3)),
    field('Squeeze', 'squeeze', checkbox('drop size-1 axes', state.squeeze, (v) => {
      state.squeeze = v;
      render();
    })),
  );
  const B = batchCount(inLayout);
  const C = channelCount(inLayout);
  const D = inLayout.spatialRank === 3 ? (spatialSizes(inLayout)[0] ?? 1) : 1;
  const indexSelect = (label: string, id: string, n: number, value: number, set: (v: number) => void): HTMLElement =>
    field(label, id, textField(String(value), (text) => {
      const v = Number(text);
      if (!Number.isInteger(v) || v < 0 || v >= n) return showFieldError(id, `${label}: 0 to ${n - 1}`);
      clearFieldError(id);
      set(v);
      render();
    }, 4));
  if (B > 1) row3.append(indexSelect(`Batch (of ${B})`, 'batch', B, state.sel.batch, (v) => (state.sel.batch = v)));
  if (C > 1) {
    row3.append(
      indexSelect(`Channel (of ${C})`, 'channel', C, state.sel.channel, (v) => (state.sel.channel = v)),
      field('Channels', 'allChannels', checkbox('show all', state.allChannels, (v) => {
        state.allChannels = v;
        render();
      })),
    );
  }
  if (D > 1) row3.append(indexSelect(`Depth (of ${D})`, 'depth', D, state.sel.depth, (v) => (state.sel.depth = v)));
  bar.append(row3);
  return bar;
}

function activeTitle(): string {
  const o = state.outputs.find((x) => x.payload.id === state.activeId);
  return o ? o.payload.title : state.activeId;
}

function captionBlock(): HTMLElement {
  const wrap = el('div', { class: 'caption-block' });
  const o = state.outputs.find((x) => x.payload.id === state.activeId) ?? state.outputs[0];
  if (!o) return wrap;
  if (o.payload.caption) wrap.append(el('p', { class: 'caption', 'data-testid': 'caption' }, o.payload.caption + (state.squeeze ? '  ·  then tf.squeeze' : '')));
  const snippet = (label: string, code: string | null | undefined): void => {
    if (!code) return;
    const line = el('div', { class: 'snippet', 'data-lib': label });
    line.append(el('code', {}, code), button('Copy', `Copy the ${label} code`, () => vscode.postMessage({ type: 'copyText', text: code }), { 'data-action': `copy-${label}` }));
    wrap.append(line);
  };
  snippet('keras', o.payload.keras);
  snippet('pytorch', o.payload.pytorch);
  return wrap;
}

// ---------------------------------------------------------------------------------------------------
// Messages

function acceptOutputs(outputs: OutputPayload[]): void {
  const before = new Map(state.outputs.map((o) => [o.payload.id, o.store]));
  const kept = new Map(state.outputs.map((o) => [o.payload.id, o]));
  state.outputs = outputs.map((p) => {
    const old = kept.get(p.id);
    if (p.unchanged && old) return { ...old, payload: p };
    return {
      payload: p,
      tensor: p.output ? fromWire(p.output) : undefined,
      argmax: p.argmax ? new Int32Array(p.argmax) : undefined,
      store: p.remote ? storeFor(p.id, p.remote, before.get(p.id), true) : undefined,
    };
  });
  for (const p of outputs) {
    if (p.error) showLater(fieldOfCoreError(p.error), p.error, p.id);
  }
}

const coreErrors: { field: string; message: string; id: string }[] = [];
function showLater(fieldId: string, message: string, id: string): void {
  coreErrors.push({ field: fieldId, message, id });
}

function applyCoreErrors(): void {
  for (const e of coreErrors.splice(0)) {
    if (e.id === state.activeId) showFieldError(e.field, e.message);
  }
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  try {
    receive(event.data);
  } catch (err) {
    // A message the panel cannot draw must say so, never leave "Loading…" (or a stale picture) behind.
    const text = err instanceof Error ? err.message : String(err);
    vscode.postMessage({ type: 'log', level: 'error', message: `while handling '${event.data?.type}': ${text}` });
    root.replaceChildren(el('p', { class: 'error', role: 'alert' }, `Pooling Lens could not draw this: ${text}`));
  }
});

/** Bytes of tensor data a message carried (what the benchmark reports as crossing host -> webview). */
function payloadBytes(v: unknown, depth = 0): number {
  if (v instanceof ArrayBuffer) return v.byteLength;
  if (depth > 6 || typeof v !== 'object' || v === null) return 0;
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) n += payloadBytes(x, depth + 1);
  return n;
}

function receive(message: HostToWebview): void {
  root.dataset.bytesIn = String(Number(root.dataset.bytesIn ?? 0) + payloadBytes(message));
  switch (message.type) {
    case 'load': {
      const arrived = performance.now();
      root.dataset.transferMs = String(Date.now() - message.sentAt);
      state.source = message.source;
      state.input = message.input ? fromWire(message.input) : undefined;
      state.inputStore = message.inputRemote ? storeFor('input', message.inputRemote, state.inputStore, true) : undefined;
      state.postedSel = selText(state.sel);
      state.axesNote = message.axesNote;
      state.view = { ...message.view, ...state.saved.view };
      state.requests = message.outputs.map((o) => o.request);
      state.activeId = state.requests[0]?.id ?? '';
      state.saved = { ...state.saved, origin: message.origin };
      acceptOutputs(message.outputs);
      saveState();
      render();
      applyCoreErrors();
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
      break;
    }
    case 'results':
      if (message.requestId !== state.pendingId) break;
      root.classList.remove('busy');
      state.fieldErrors.clear();
      acceptOutputs(message.outputs);
      render();
      applyCoreErrors();
      break;
    case 'busy':
      root.classList.add('busy');
      break;
    case 'view':
      state.view = message.view;
      if (message.requests) {
        state.requests = message.requests;
        state.activeId = state.requests[0]?.id ?? '';
        saveState();
        repool();
      } else {
        saveState();
        render();
      }
      break;
    case 'tile': {
      const st = message.view === 'input' ? state.inputStore : state.outputs.find((o) => o.payload.id === message.view)?.store;
      st?.accept(message.tile);
      break;
    }
    case 'explained': {
      if (message.requestId !== state.explainId) break;
      const view = state.views.find((v) => v.id === message.view);
      const plan = state.outputs.find((o) => o.payload.id === message.view)?.payload.plan;
      if (view && plan) showExplained(view, plan, message.explained);
      break;
    }
    case 'planes':
      for (const v of message.views) {
        if (v.id === 'input') {
          if (state.inputStore) state.inputStore = storeFor('input', v.remote, state.inputStore, false);
        } else {
          const o = state.outputs.find((x) => x.payload.id === v.id);
          if (o?.store) o.store = storeFor(v.id, v.remote, o.store, false);
        }
      }
      render();
      break;
    case 'members':
      if (state.source) {
        state.source = { ...state.source, memberPage: message.page };
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

window.addEventListener('error', (e) => vscode.postMessage({ type: 'log', level: 'error', message: `${e.message} at ${e.filename}:${e.lineno}` }));

vscode.postMessage({ type: 'ready' });
