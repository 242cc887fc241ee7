// The rendered page: the header (source, axes note, .npz member picker), the controls, one section per tensor
// (title, shape, heatmap or table, colour bar, all-channels thumbnails, notes, tools), the detail line and the
// caption with the code that reproduces the call. `render` draws it all from the state and reports its timings.
import { formatValue, nanRuleText, type Tensor } from '../src/core';
import type { MemberPage } from '../src/protocol/messages';
import { lut, thumbnailRgba, type ColourScale, type ColormapName } from '../src/view/colormap';
import { REMOTE_ELEMENTS } from '../src/view/lod';
import { channelCount, outputLayout, type Layout, type PlaneSelection } from '../src/view/planes';
import { controls, field, select } from './controls';
import { button, el, toolButton } from './dom';
import { formatShape } from './format';
import { HeatmapView, type Plane } from './heatmap';
import { hover } from './hover';
import { layerHeader } from './layer';
import { colourFor, finiteRange, overview, planeOf } from './planeData';
import {
  addOutput, clampSelection, currentInputLayout, inputData, outputData, outputSelection, postSelection, removeOutput, root,
  selectPlane, setActiveOutput, state, toggleTable, type ViewData, type ViewHandle,
} from './state';
import { planeTable } from './table';
import { arithFlags, flaggedCells } from './arithMarks';
import { vscode } from './vscode';

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

/** Every channel of the plane (the first 64) as a thumbnail; a click shows that channel. */
function smallMultiples(t: Tensor, l: Layout, sel: PlaneSelection, scale: ColourScale, map: ColormapName): HTMLElement {
  const wrap = el('div', { class: 'multiples', role: 'list', 'aria-label': 'all channels' });
  const C = Math.min(channelCount(l), 64);
  const side = 56;
  for (let c = 0; c < C; c++) {
    const plane = planeOf(t, l, { ...sel, channel: c }, state.view.precision);
    const canvas = el('canvas', { width: String(side), height: String(side), role: 'listitem', title: `channel ${c}` });
    const ctx = canvas.getContext('2d');
    if (ctx) {
      const img = new ImageData(side, side);
      img.data.set(thumbnailRgba(plane.values, plane.rows, plane.cols, side, scale, lut(map)));
      ctx.putImageData(img, 0, 0);
    }
    canvas.classList.toggle('selected', c === sel.channel);
    canvas.addEventListener('click', () => selectPlane({ channel: c }));
    const fig = el('figure', {});
    fig.append(canvas, el('figcaption', {}, `c${c}`));
    wrap.append(fig);
  }
  return wrap;
}

/** A section's heading: the title (an output's selects it for the controls) and, for an output, its remove button. */
function sectionHead(role: 'input' | 'output', id: string, title: string): HTMLElement {
  const head = el('div', { class: 'tensor-head' });
  const h2 = el('h2', { tabindex: role === 'output' ? '0' : '-1' }, title);
  head.append(h2);
  if (role === 'output') {
    h2.title = 'Select this output to edit it with the controls above';
    h2.addEventListener('click', () => setActiveOutput(id));
    h2.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && setActiveOutput(id));
    head.append(toolButton('✕', 'Remove this output', () => removeOutput(id), { 'data-action': 'remove' }));
  }
  return head;
}

/** The per-view tools: table / heatmap, copy as NumPy or JSON, save as .npy. */
function sectionTools(id: string): HTMLElement {
  const tools = el('div', { class: 'tensor-tools' });
  const tableOn = state.tableViews.has(id);
  tools.append(
    toolButton(tableOn ? 'Heatmap' : 'Table', tableOn ? 'Show as heatmap' : 'Show the values as a table', () => toggleTable(id), { 'data-action': 'toggle-table' }),
    toolButton('NumPy', 'Copy as a NumPy literal', () => vscode.postMessage({ type: 'copy', target: id, format: 'numpy' }), { 'data-action': 'copy-numpy' }),
    toolButton('JSON', 'Copy as JSON', () => vscode.postMessage({ type: 'copy', target: id, format: 'json' }), { 'data-action': 'copy-json' }),
    toolButton('.npy', 'Save as a .npy file', () => vscode.postMessage({ type: 'save', target: id }), { 'data-action': 'save' }),
  );
  return tools;
}

/**
 * Where the heatmap goes (`.tensor-body`), or why there is none; records the plane and its range for the render.
 * False when the tensor has no plane to show.
 */
function sectionBody(
  section: HTMLElement, role: 'input' | 'output', id: string, t: ViewData, l: Layout, sel: PlaneSelection,
  ranges: Map<string, [number, number]>, planes: Map<string, Plane>,
): boolean {
  const plane = t.full ? planeOf(t.full, l, sel, state.view.precision) : t.store ? t.store.plane(state.view.precision) : undefined;
  if (!plane) return false;
  planes.set(id, plane);
  ranges.set(id, t.store ? t.store.remote.lod.range : finiteRange(plane.values));
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
  return true;
}

function tensorSection(
  role: 'input' | 'output', id: string, title: string, t: ViewData | undefined, l: Layout | undefined,
  sel: PlaneSelection, note: string, error: string | undefined, ranges: Map<string, [number, number]>, planes: Map<string, Plane>,
): HTMLElement {
  const section = el('section', { class: 'tensor', 'data-role': role, 'data-id': id });
  section.classList.toggle('active', role === 'output' && id === state.activeId);
  section.append(sectionHead(role, id, title));
  if (t) section.append(el('p', { class: 'shape' }, shapeLabel(t)));
  // A tensor with no plane to draw shows no notes and no tools.
  if (t && l && !sectionBody(section, role, id, t, l, sel, ranges, planes)) return section;
  if (note) section.append(el('p', { class: 'note' }, note));
  if (error) section.append(el('p', { class: 'error', role: 'alert' }, error));
  section.append(t ? sectionTools(id) : el('div', { class: 'tensor-tools' }));
  return section;
}

function planeCaption(l: Layout, sel: PlaneSelection): string {
  const parts = [`batch ${sel.batch}`, `channel ${sel.channel}`];
  if (l.spatialRank === 3) parts.push(`depth ${sel.depth}`);
  return parts.join(', ');
}

function captionBlock(): HTMLElement {
  const wrap = el('div', { class: 'caption-block' });
  const o = state.outputs.find((x) => x.payload.id === state.activeId) ?? state.outputs[0];
  if (!o) return wrap;
  if (o.payload.caption) wrap.append(el('p', { class: 'caption', 'data-testid': 'caption' }, o.payload.caption + (state.squeeze ? '  ·  then tf.squeeze' : '')));
  if (o.payload.plan) wrap.append(el('p', { class: 'nan-rule', 'data-testid': 'nan-rule' }, nanRuleText(o.payload.plan)));
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

interface SectionSpec {
  role: 'input' | 'output';
  id: string;
  tensor?: ViewData;
  layout?: Layout;
  sel: PlaneSelection;
  section: HTMLElement;
}

/** Draws a section's plane (heatmap and colour bar, or table) once every view's range is known; its handle, if drawn. */
function drawView(s: SectionSpec, plane: Plane | undefined, allRanges: [number, number][], own: [number, number], detail: HTMLElement): ViewHandle | undefined {
  const body = s.section.querySelector('.tensor-body');
  if (!plane || !s.tensor || !s.layout || !body) return undefined;
  const { scale, map } = colourFor(state.view, allRanges, own);
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
    if (s.role === 'output') markArithmetic(s, plane, hm);
  }
  if (state.allChannels && channelCount(s.layout) > 1 && s.tensor.full) s.section.append(smallMultiples(s.tensor.full, s.layout, s.sel, scale, map));
  return handle;
}

/**
 * Marks the output cells where the framework's own arithmetic departs materially from the exact value shown, and
 * says so under the heatmap; `data-arith-marked` lists them ([row, column] in the plane) for tests.
 */
function markArithmetic(s: SectionSpec, plane: Plane, hm: HeatmapView): void {
  const o = state.outputs.find((x) => x.payload.id === s.id);
  const plan = o?.payload.plan;
  if (!o?.tensor || !plan || !state.input || !s.layout) return;
  const flags = arithFlags(plan, state.input, o.tensor);
  const cells = flags ? flaggedCells(s.layout, s.sel, plane.rows, plane.cols, flags) : [];
  s.section.setAttribute('data-arith-marked', JSON.stringify(cells.map((c) => [c.r, c.c])));
  if (cells.length === 0) return;
  hm.setFlagged(cells);
  const who = plan.framework === 'keras' ? 'Keras' : 'PyTorch';
  s.section.append(el('p', { class: 'note arith-note' },
    `▲ ${cells.length} cell${cells.length === 1 ? '' : 's'} of this plane: ${who}'s own ${state.input.dtype} arithmetic gives a materially different value (overflow, cancellation or underflow); hover one for both values.`));
}

/** Draws the whole page from the state; tells the host (and the benchmark, through root.dataset) how long it took. */
export function render(): void {
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
  if (source.layer) header.append(layerHeader(source.layer));
  if (state.axesNote) header.append(el('p', { class: 'axes' }, state.axesNote));
  const page = source.memberPage;
  if (page && page.members.length > 0) header.append(memberPicker(page, source.member));

  const row = el('div', { class: 'tensors' });
  const inSection = tensorSection('input', 'input', 'input', input, inLayout, state.sel, '', undefined, ranges, planes);
  const specs: SectionSpec[] = [{ role: 'input', id: 'input', tensor: input, layout: inLayout, sel: state.sel, section: inSection }];
  row.append(inSection);
  for (const o of state.outputs) {
    const plan = o.payload.plan;
    const l = plan ? outputLayout(plan) : undefined;
    const sel = l ? outputSelection(l) : state.sel;
    const note = o.payload.error ? '' : plan?.empty ? plan.emptyReason ?? '' : o.payload.note ?? '';
    const data = outputData(o);
    const s = tensorSection('output', o.payload.id, o.payload.title, data, l, sel, note, o.payload.error, ranges, planes);
    if (o.payload.error) s.classList.add('stale');
    specs.push({ role: 'output', id: o.payload.id, tensor: data, layout: l, sel, section: s });
    row.append(s);
  }
  const add = button('+ Add output', 'Add an output with the settings of the selected one, to compare configurations', addOutput, { 'data-action': 'add-output' });
  add.classList.add('add-output');
  row.append(add);

  const detail = el('p', { class: 'detail', 'aria-live': 'polite', id: 'detail' }, 'Hover a cell (or focus a heatmap and use the arrow keys) to see where its value comes from.');
  const allRanges = [...ranges.values()];
  state.views = [];
  for (const s of specs) {
    const handle = drawView(s, planes.get(s.id), allRanges, ranges.get(s.id) ?? [0, 1], detail);
    if (handle) state.views.push(handle);
  }

  root.replaceChildren(header, controls(inLayout), row, detail, captionBlock());
  const renderMs = performance.now() - started;
  const paintMs = state.views.reduce((n, v) => n + (v.heatmap?.lastPaintMs ?? 0), 0);
  root.dataset.renderMs = renderMs.toFixed(1);
  root.dataset.paintMs = paintMs.toFixed(1);
  root.dataset.renders = String(Number(root.dataset.renders ?? 0) + 1);
  vscode.postMessage({ type: 'rendered', cells: state.views.reduce((n, v) => n + v.plane.values.length, 0), renderMs, paintMs });
}
