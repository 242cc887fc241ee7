// The parameter controls above the views: the active output's pooling settings (rules, operation, rank, pool size,
// strides, padding, ...) and the view settings (colours, scale, precision, squeeze, batch / channel / depth).
// Every typed field is a `validatedField`: one place that shows a field's error and clears it once it is valid.
import { COLORMAPS } from '../src/view/colormap';
import type { PoolRequest, ViewSettings } from '../src/protocol/messages';
import { batchCount, channelCount, spatialSizes, type Layout } from '../src/view/planes';
import { el } from './dom';
import {
  axesText, FieldError, OP_LABELS, opsFor, parseAxes, parsePositive, parseWhole, withFramework, withRank,
} from './requests';
import {
  activeRequest, activeTitle, hooks, root, selectPlane, setSqueeze, setView, showAllChannels, state, updateActive, updateAll,
} from './state';

/** A labelled control; an error recorded for `id` (state.fieldErrors) is drawn under it, else `help` is its tooltip. */
export function field(label: string, id: string, control: HTMLElement, help?: string): HTMLElement {
  const wrap = el('div', { class: 'field', 'data-field': id });
  const lab = el('label', { for: id }, label);
  control.id = id;
  wrap.append(lab, control);
  const err = state.fieldErrors.get(id);
  if (err) {
    markInvalid(wrap, control, err);
  } else if (help) {
    control.title = help;
  }
  return wrap;
}

function markInvalid(wrap: Element, control: Element | null, message: string): void {
  wrap.classList.add('invalid');
  control?.setAttribute('aria-invalid', 'true');
  let span = wrap.querySelector('.field-error');
  if (!span) {
    span = el('span', { class: 'field-error', role: 'alert' });
    wrap.append(span);
  }
  span.textContent = message;
}

/** The drawn field `id` and its control, when the controls show it. */
function fieldParts(id: string): { wrap: Element; control: Element | null } | undefined {
  const wrap = root.querySelector(`.field[data-field="${id}"]`);
  return wrap ? { wrap, control: wrap.querySelector(`[id="${id}"]`) } : undefined;
}

/** Shows `message` under field `id`, and keeps it for the next render. */
export function showFieldError(id: string, message: string): void {
  state.fieldErrors.set(id, message);
  const parts = fieldParts(id);
  if (parts) markInvalid(parts.wrap, parts.control, message);
}

export function clearFieldError(id: string): void {
  // Forgotten too, or the next render (a precision or batch change re-renders without new results) brings it back.
  state.fieldErrors.delete(id);
  const parts = fieldParts(id);
  parts?.wrap.classList.remove('invalid');
  parts?.control?.removeAttribute('aria-invalid');
  parts?.wrap.querySelector('.field-error')?.remove();
}

export function select(value: string, options: [string, string][], onChange: (v: string) => void): HTMLElement {
  const s = el('vscode-single-select', {}) as HTMLElement & { value: string };
  for (const [v, label] of options) {
    const o = el('vscode-option', { value: v }, label);
    if (v === value) o.setAttribute('selected', '');
    s.append(o);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const c = el('vscode-checkbox', { label }) as HTMLElement & { checked: boolean };
  if (checked) c.setAttribute('checked', '');
  c.addEventListener('change', () => onChange(c.checked));
  return c;
}

/**
 * A labelled text field read by `parse`, which throws a FieldError saying what the field accepts. While the text
 * is invalid the field shows that error (aria-invalid and the message under it); as soon as it is valid again the
 * error goes and `apply` gets the value.
 */
function validatedField<T>(
  label: string, id: string, value: string, parse: (text: string) => T, apply: (v: T) => void, options: { size?: number; help?: string } = {},
): HTMLElement {
  const t = el('vscode-textfield', { value, size: String(options.size ?? 6) }) as HTMLElement & { value: string };
  t.addEventListener('input', () => {
    let v: T;
    try {
      v = parse(t.value);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      showFieldError(id, err.message);
      return;
    }
    clearFieldError(id);
    apply(v);
  });
  return field(label, id, t, options.help);
}

/** A per-axis number field (one value fills every axis) that updates the active request. */
function axesField(
  label: string, id: string, values: readonly number[], rank: number, min: number, apply: (r: PoolRequest, v: number[]) => PoolRequest, help: string,
): HTMLElement {
  return validatedField(label, id, axesText(values), (text) => parseAxes(label, text, rank, min), (v) => updateActive((r) => apply(r, v)), { help });
}

/** A choice that changes which controls show (framework, operation, rank): the controls are drawn again at once. */
function reshaping(label: string, id: string, value: string, options: [string, string][], change: (r: PoolRequest, v: string) => PoolRequest): HTMLElement {
  return field(label, id, select(value, options, (v) => {
    updateActive((q) => change(q, v));
    hooks.render();
  }));
}

/** The active output's rules, operation, rank and window. */
function windowRow(r: PoolRequest): HTMLElement {
  const rank = r.poolSize.length;
  const row = el('div', { class: 'control-row' });
  row.append(
    el('span', { class: 'editing' }, `Editing ${activeTitle()}`),
    reshaping('Rules', 'framework', r.framework, [['keras', 'Keras / TF'], ['pytorch', 'PyTorch']], (q, v) => withFramework(q, v as PoolRequest['framework'])),
    reshaping('Operation', 'op', r.op, opsFor(r.framework).map((o) => [o, OP_LABELS[o]]), (q, v) => ({ ...q, op: v as PoolRequest['op'] })),
    reshaping('Spatial axes', 'rank', String(rank), [['1', '1-D'], ['2', '2-D'], ['3', '3-D']], (q, v) => withRank(q, Number(v))),
  );
  if (isWindowed(r)) {
    row.append(
      axesField('Pool size', 'poolSize', r.poolSize, rank, 1, (q, v) => ({ ...q, poolSize: v }), 'Window size per spatial axis, e.g. 2 or 2, 3'),
      axesField('Strides', 'strides', r.strides, rank, 1, (q, v) => ({ ...q, strides: v }), 'Step per spatial axis'),
    );
    if (r.framework === 'pytorch') {
      row.append(axesField('Padding', 'padding', Array.isArray(r.padding) ? r.padding : [0], rank, 0, (q, v) => ({ ...q, padding: v }), 'Symmetric zero padding per axis (at most half the window)'));
    } else {
      row.append(field('Padding', 'padding', select(typeof r.padding === 'string' ? r.padding : 'valid', [['valid', 'valid'], ['same', 'same']], (v) => updateActive((q) => ({ ...q, padding: v as 'valid' | 'same' })))));
    }
  }
  if (r.op === 'adaptiveMax' || r.op === 'adaptiveAvg') {
    row.append(axesField('Output size', 'outputSize', r.outputSize, rank, 1, (q, v) => ({ ...q, outputSize: v }), 'Output length per spatial axis'));
  }
  return row;
}

function isWindowed(r: PoolRequest): boolean {
  return r.op === 'max' || r.op === 'avg' || r.op === 'lp';
}

/** The options of the active operation (PyTorch's window options, p, keepdims), the data format and NaN policy. */
function optionsRow(r: PoolRequest): HTMLElement {
  const row = el('div', { class: 'control-row' });
  if (r.framework === 'pytorch' && isWindowed(r)) {
    if (r.op === 'max') row.append(axesField('Dilation', 'dilation', r.dilation, r.poolSize.length, 1, (q, v) => ({ ...q, dilation: v }), 'Spacing between window cells'));
    row.append(field('Ceil mode', 'ceilMode', checkbox('round up', r.ceilMode, (v) => updateActive((q) => ({ ...q, ceilMode: v })))));
    if (r.op === 'avg') {
      row.append(
        field('Padding in divisor', 'countIncludePad', checkbox('count_include_pad', r.countIncludePad, (v) => updateActive((q) => ({ ...q, countIncludePad: v })))),
        validatedField('Divisor override', 'divisorOverride', r.divisorOverride ? String(r.divisorOverride) : '',
          // Empty reads as 0: no override.
          (text) => parseWhole('divisorOverride', text, 0, Infinity, 'Divisor override: a whole number > 0, or empty for none'),
          (v) => updateActive((q) => ({ ...q, divisorOverride: v })), { size: 4 }),
      );
    }
  }
  if (r.op === 'lp') {
    row.append(validatedField('p', 'p', String(r.p), (text) => parsePositive('p', text, 'p: a number greater than 0'),
      (v) => updateActive((q) => ({ ...q, p: v })), { size: 4 }));
  }
  if (r.op === 'globalMax' || r.op === 'globalAvg') {
    row.append(field('Keep dims', 'keepdims', checkbox('keepdims', r.keepdims, (v) => updateActive((q) => ({ ...q, keepdims: v })))));
  }
  row.append(
    field('Data format', 'dataFormat', select(r.dataFormat, [['channelsLast', 'channels_last (N, …, C)'], ['channelsFirst', 'channels_first (N, C, …)']],
      (v) => updateAll((q) => ({ ...q, dataFormat: v as PoolRequest['dataFormat'] })))),
    field('NaN', 'nan', select(r.nan, [['framework', 'framework\'s own'], ['propagate', 'propagate'], ['ignore', 'ignore']], (v) => updateActive((q) => ({ ...q, nan: v as PoolRequest['nan'] })))),
  );
  return row;
}

/** A plane index field: batch, channel or depth, 0 to n - 1. */
function indexField(label: string, id: 'batch' | 'channel' | 'depth', n: number): HTMLElement {
  return validatedField(label, id, String(state.sel[id]), (text) => parseWhole(id, text, 0, n - 1, `${label}: 0 to ${n - 1}`),
    (v) => selectPlane({ [id]: v }), { size: 4 });
}

/** How the views are drawn, and which plane of the input they show. */
function viewRow(inLayout: Layout): HTMLElement {
  const row = el('div', { class: 'control-row view-row' });
  row.append(
    field('Colours', 'colormap', select(state.view.colormap, [['auto', 'auto'], ...COLORMAPS.map((c): [string, string] => [c, c])],
      (v) => setView({ colormap: v as ViewSettings['colormap'] }))),
    field('Scale', 'sharedScale', checkbox('one scale for all', state.view.sharedScale, (v) => setView({ sharedScale: v }))),
    validatedField('Precision', 'precision', String(state.view.precision),
      (text) => parseWhole('precision', text, 1, 17, 'Precision: significant digits, 1 to 17'), (v) => setView({ precision: v }), { size: 3 }),
    field('Squeeze', 'squeeze', checkbox('drop size-1 axes', state.squeeze, setSqueeze)),
  );
  const B = batchCount(inLayout);
  const C = channelCount(inLayout);
  const D = inLayout.spatialRank === 3 ? (spatialSizes(inLayout)[0] ?? 1) : 1;
  if (B > 1) row.append(indexField(`Batch (of ${B})`, 'batch', B));
  if (C > 1) {
    row.append(
      indexField(`Channel (of ${C})`, 'channel', C),
      field('Channels', 'allChannels', checkbox('show all', state.allChannels, showAllChannels)),
    );
  }
  if (D > 1) row.append(indexField(`Depth (of ${D})`, 'depth', D));
  return row;
}

export function controls(inLayout: Layout): HTMLElement {
  const bar = el('div', { class: 'controls', role: 'group', 'aria-label': 'pooling settings for the selected output' });
  const r = activeRequest();
  if (r) bar.append(windowRow(r), optionsRow(r));
  bar.append(viewRow(inLayout));
  return bar;
}
