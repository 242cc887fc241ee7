// The webview's state, one instance: what the host sent (source, input, outputs), what the user chose (requests,
// active output, plane, view settings, table views) and the views last drawn; and the actions that change it.
// Actions save what a reload must keep (vscode.setState) and end with what they need: a repool through the host,
// or a render through `hooks` (this module sits below the ones that draw, so main.ts wires them in).
import type { PoolPlan, Tensor } from '../src/core';
import type {
  HostToWebview, MemberPage, OutputPayload, PoolRequest, RemoteTensor, SavedState, SourceInfo, Tile, ViewSettings,
} from '../src/protocol/messages';
import { fromWire } from '../src/protocol/wire';
import { batchCount, channelCount, inputLayoutFor, spatialSizes, type Layout, type PlaneSelection } from '../src/view/planes';
import type { HeatmapView, Plane } from './heatmap';
import type { Cell } from './highlight';
import { TileStore } from './remote';
import { fieldOfCoreError } from './requests';
import { vscode } from './vscode';

export interface OutputState {
  payload: OutputPayload;
  tensor?: Tensor;
  argmax?: Int32Array;
  /** The host keeps this output (too big to send): its overview, and tiles fetched on demand. */
  store?: TileStore;
}

/** A view's tensor: here in full, or kept by the host (`store`). */
export interface ViewData {
  dtype: Tensor['dtype'];
  shape: number[];
  full?: Tensor;
  store?: TileStore;
}

/** One drawn view: its plane, heatmap (absent when shown as a table) and section. */
export interface ViewHandle {
  id: string;
  role: 'input' | 'output';
  layout: Layout;
  data: ViewData;
  plane: Plane;
  heatmap?: HeatmapView;
  section: HTMLElement;
}

export const root = document.getElementById('pooling-lens-root') as HTMLElement;

export const state = {
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
  /** Errors shown under controls, by field id; a render draws them again. */
  fieldErrors: new Map<string, string>(),
  saved: (vscode.getState() ?? {}) as SavedState,
  views: [] as ViewHandle[],
};

/** How the actions reach the modules that draw; main.ts sets them. */
export const hooks = {
  render: (): void => undefined,
  /** A tile of view `id` arrived. */
  tileArrived: (_id: string): void => undefined,
};

// ---------------------------------------------------------------------------------------------------
// Reading the state

export function firstPlan(): PoolPlan | undefined {
  return state.outputs.find((o) => o.payload.plan)?.payload.plan;
}

/** The input, whole or kept by the host. */
export function inputData(): ViewData | undefined {
  if (state.input) return { dtype: state.input.dtype, shape: state.input.shape, full: state.input };
  const st = state.inputStore;
  return st ? { dtype: st.remote.dtype, shape: st.remote.shape, store: st } : undefined;
}

export function outputData(o: OutputState): ViewData | undefined {
  if (o.tensor) return { dtype: o.tensor.dtype, shape: o.tensor.shape, full: o.tensor };
  return o.store ? { dtype: o.store.remote.dtype, shape: o.store.remote.shape, store: o.store } : undefined;
}

export function activeRequest(): PoolRequest | undefined {
  return state.requests.find((r) => r.id === state.activeId) ?? state.requests[0];
}

export function activeTitle(): string {
  const o = state.outputs.find((x) => x.payload.id === state.activeId);
  return o ? o.payload.title : state.activeId;
}

/** The input's layout from a successful plan, else as the core reads the shape for a global pool. */
export function currentInputLayout(): Layout {
  return inputLayoutFor(inputData()?.shape ?? [0], firstPlan(), activeRequest());
}

function depthOf(l: Layout): number {
  return l.spatialRank === 3 ? (spatialSizes(l)[0] ?? 1) : 1;
}

/** The plane selection kept inside the input's layout (after a new shape or data format). */
export function clampSelection(l: Layout): void {
  state.sel.batch = Math.min(state.sel.batch, Math.max(0, batchCount(l) - 1));
  state.sel.channel = Math.min(state.sel.channel, Math.max(0, channelCount(l) - 1));
  state.sel.depth = Math.min(state.sel.depth, Math.max(0, depthOf(l) - 1));
}

/** The selection in an output: its depth may be shorter than the input's. */
export function outputSelection(l: Layout): PlaneSelection {
  return { ...state.sel, depth: Math.min(state.sel.depth, Math.max(0, depthOf(l) - 1)) };
}

function selText(sel: PlaneSelection): string {
  return `${sel.batch},${sel.channel},${sel.depth}`;
}

// ---------------------------------------------------------------------------------------------------
// Actions: what the host sent

export function saveState(): void {
  const s: SavedState = { ...state.saved, requests: state.requests, view: state.view };
  state.saved = s;
  vscode.setState(s);
}

/** Tells the host the plane now shown, when it keeps a view's data (it sends that plane's overviews). */
export function postSelection(): void {
  const text = selText(state.sel);
  if (text === state.postedSel) return;
  state.postedSel = text;
  if (state.inputStore || state.outputs.some((o) => o.store)) vscode.postMessage({ type: 'select', sel: { ...state.sel } });
}

/** A store for a view the host keeps, reusing the one it had while the data is the same. */
function storeFor(id: string, remote: RemoteTensor, previous: TileStore | undefined, dataChanged: boolean): TileStore {
  if (previous) {
    previous.replace(remote, dataChanged);
    return previous;
  }
  const st = new TileStore(id, remote, (m) => vscode.postMessage(m), () => ++state.messageSeq);
  st.onTile = () => hooks.tileArrived(id);
  return st;
}

/** New outputs (an unchanged one keeps what it had); the active output's error goes under the control it names. */
function acceptOutputs(outputs: OutputPayload[]): void {
  const kept = new Map(state.outputs.map((o) => [o.payload.id, o]));
  state.outputs = outputs.map((p) => {
    const old = kept.get(p.id);
    if (p.unchanged && old) return { ...old, payload: p };
    return {
      payload: p,
      tensor: p.output ? fromWire(p.output) : undefined,
      argmax: p.argmax ? new Int32Array(p.argmax) : undefined,
      store: p.remote ? storeFor(p.id, p.remote, old?.store, true) : undefined,
    };
  });
  const active = outputs.find((p) => p.id === state.activeId);
  if (active?.error) state.fieldErrors.set(fieldOfCoreError(active.error), active.error);
}

export function load(message: Extract<HostToWebview, { type: 'load' }>): void {
  // A new input: the host dropped any pooling still running for the old one.
  inFlight = false;
  changedSince = false;
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
}

/** When the newest repool was posted (Date.now()), the start of a change's timeline. */
export let askedAt = 0;

/** The outputs of a repool; false when they answer an older request than the newest (they are dropped). */
export function acceptResults(requestId: number, outputs: OutputPayload[]): boolean {
  if (requestId !== state.pendingId) return false;
  inFlight = false;
  if (changedSince) {
    // The user moved on while this was pooled: ask for the newest instead of drawing this one.
    repool();
    return false;
  }
  root.classList.remove('busy');
  state.fieldErrors.clear();
  acceptOutputs(outputs);
  return true;
}

/** View settings from the host (its configuration changed), and with them requests to pool when it sends them. */
export function setHostView(view: ViewSettings, requests: PoolRequest[] | undefined): void {
  state.view = view;
  if (requests) {
    state.requests = requests;
    state.activeId = state.requests[0]?.id ?? '';
  }
  saveState();
}

export function acceptTile(view: string, tile: Tile): void {
  const st = view === 'input' ? state.inputStore : state.outputs.find((o) => o.payload.id === view)?.store;
  st?.accept(tile);
}

/** New overviews of the views the host keeps (the plane shown changed); their tiles stay. */
export function acceptPlanes(views: { id: string; remote: RemoteTensor }[]): void {
  for (const v of views) {
    if (v.id === 'input') {
      if (state.inputStore) state.inputStore = storeFor('input', v.remote, state.inputStore, false);
    } else {
      const o = state.outputs.find((x) => x.payload.id === v.id);
      if (o?.store) o.store = storeFor(v.id, v.remote, o.store, false);
    }
  }
}

export function setMemberPage(page: MemberPage): void {
  if (state.source) state.source = { ...state.source, memberPage: page };
}

// ---------------------------------------------------------------------------------------------------
// Actions: what the user chose

export function selectPlane(change: Partial<PlaneSelection>): void {
  Object.assign(state.sel, change);
  hooks.render();
}

export function setActiveOutput(id: string): void {
  state.activeId = id;
  hooks.render();
}

export function setView(change: Partial<ViewSettings>): void {
  state.view = { ...state.view, ...change };
  saveState();
  hooks.render();
}

export function toggleTable(id: string): void {
  if (state.tableViews.has(id)) state.tableViews.delete(id);
  else state.tableViews.add(id);
  hooks.render();
}

export function showAllChannels(on: boolean): void {
  state.allChannels = on;
  hooks.render();
}

export function setSqueeze(on: boolean): void {
  state.squeeze = on;
  hooks.render();
}

/** A repool the host has not answered yet; and whether requests changed since it was sent. */
let inFlight = false;
let changedSince = false;

/**
 * Re-pools at once when no repool is out (no wait for typing to pause: the first change is shown as soon as the host
 * answers). While one is out, changes only accumulate; its answer is then dropped unseen and the newest requests go
 * as one repool, so a burst of typing costs at most one extra pooling and never shows an older picture.
 */
function repoolSoon(): void {
  if (inFlight) changedSince = true;
  else repool();
}

/** Changes the active output's request and re-pools (see `repoolSoon`). */
export function updateActive(change: (r: PoolRequest) => PoolRequest): void {
  const r = activeRequest();
  if (!r) return;
  state.requests = state.requests.map((q) => (q.id === r.id ? change(q) : q));
  saveState();
  repoolSoon();
}

/** Changes every output's request at once (the data format is the input's), and re-pools now. */
export function updateAll(change: (r: PoolRequest) => PoolRequest): void {
  state.requests = state.requests.map(change);
  saveState();
  repool();
}

export function repool(): void {
  inFlight = true;
  changedSince = false;
  state.requestId += 1;
  state.pendingId = state.requestId;
  root.classList.add('busy');
  askedAt = Date.now();
  vscode.postMessage({ type: 'repool', requestId: state.requestId, requests: state.requests });
}

/** A new output with the active one's settings (at most 8), made active. */
export function addOutput(): void {
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

export function removeOutput(id: string): void {
  state.requests = state.requests.filter((r) => r.id !== id);
  state.outputs = state.outputs.filter((o) => o.payload.id !== id);
  if (state.activeId === id) state.activeId = state.requests[0]?.id ?? '';
  saveState();
  hooks.render();
}
