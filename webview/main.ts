// The inspector webview: receives tensors from the host and draws the input and each pooled output.
import './style.css';
import type { HostToWebview, OutputPayload, SourceInfo } from '../src/protocol/messages';
import { assertNever } from '../src/protocol/messages';
import { fromWire } from '../src/protocol/wire';
import type { Tensor } from '../src/core/tensor';
import { formatShape, formatValue } from './format';
import { defaultSlice } from './slice';
import { vscode } from './vscode';

const root = document.getElementById('pooling-lens-root') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function valueAt(t: Tensor, i: number): number | bigint {
  return t.data[i] ?? NaN;
}

function gridOf(t: Tensor, channelsFirst: boolean): HTMLTableElement {
  const slice = defaultSlice(t.shape, channelsFirst);
  const table = el('table', { class: 'grid' });
  const body = el('tbody');
  for (let r = 0; r < slice.rows; r++) {
    const tr = el('tr');
    for (let c = 0; c < slice.cols; c++) {
      const i = slice.index(r, c);
      tr.append(el('td', { 'data-row': String(r), 'data-col': String(c), 'data-index': String(i) }, formatValue(valueAt(t, i))));
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

function tensorSection(role: 'input' | 'output', id: string, heading: string, t: Tensor | undefined, note: string, channelsFirst: boolean): HTMLElement {
  const section = el('section', { class: 'tensor', 'data-role': role, 'data-id': id });
  section.append(el('h2', {}, heading));
  if (t) {
    section.append(el('p', { class: 'shape' }, `${t.dtype} ${formatShape(t.shape)}`));
    if (t.data.length === 0) section.append(el('p', { class: 'empty' }, 'empty output: no window fits'));
    else section.append(gridOf(t, channelsFirst));
  }
  if (note) section.append(el('p', { class: 'note' }, note));
  return section;
}

function outputSection(o: OutputPayload): HTMLElement {
  const t = o.output ? fromWire(o.output) : undefined;
  const section = tensorSection('output', o.id, o.title, t, o.error ? '' : o.caption, o.request.dataFormat === 'channelsFirst');
  if (o.error) section.append(el('p', { class: 'error', role: 'alert' }, o.error));
  return section;
}

function render(source: SourceInfo, input: Tensor, axesNote: string, outputs: OutputPayload[]): void {
  const channelsFirst = outputs[0]?.request.dataFormat === 'channelsFirst';
  const header = el('header');
  header.append(el('h1', {}, source.label), el('p', { class: 'source' }, `${source.kind} · ${source.description}`));
  const row = el('div', { class: 'tensors' });
  row.append(tensorSection('input', 'input', 'input', input, axesNote, channelsFirst));
  for (const o of outputs) row.append(outputSection(o));
  root.replaceChildren(header, row);
  vscode.postMessage({ type: 'rendered', cells: root.querySelectorAll('td').length });
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'load':
      render(message.source, fromWire(message.input), message.axesNote, message.outputs);
      break;
    case 'results':
      break;
    case 'failed':
      root.replaceChildren(el('p', { class: 'error', role: 'alert' }, message.message));
      break;
    default:
      assertNever(message);
  }
});

vscode.postMessage({ type: 'ready' });
