/**
 * One file's pooling layers, what they do to the arrays in it, and what its `print` lines will show: the
 * entry point of src/analysis. Pure (no `vscode`): the editor features in src/extension/layers render it.
 *
 * Contracts:
 * - `analyse` never throws and never runs code; its cost is linear in the file plus the literals it reads and
 *   the (small) inputs it pools. Callers cache it per document version.
 * - Each layer gets one `LayerReport`: the first application whose input is known (or the first one), the
 *   CodeLens title, and the problems to underline. A layer applied several times is reported once; every
 *   application is in `applications`.
 * - Print hints are made only for `print(...)` lines whose value comes from a pooling layer, with at most
 *   `MAX_PRINTED` elements, formatted as the library holding the value prints it (printing.ts).
 */
import { isGlobalOp, isAdaptiveOp } from '../core/spec';
import type { AxisPlan, PoolPlan } from '../core';
import { constText, recognise, type LayerSite, type Recognised, type Span } from './recognise';
import { Evaluator, type Application, type Lib, type Value } from './evaluate';
import { buildSpec, type LayerSpec } from './layerSpec';
import { numpyStr, oneLine, tfStr, torchStr } from './printing';
import { shapeText } from './tensorOps';
import { NameFilter, type Expr } from './syntax';

export interface AnalysisDiagnostic {
  span: Span;
  message: string;
  severity: 'error' | 'warning';
}

export interface LayerReport {
  site: LayerSite;
  /** The layer as a call with the arguments it was given: `MaxPool2D(pool_size=(2, 2), strides=(1, 1))`. */
  label: string;
  layerSpec: LayerSpec;
  /** The application shown (first with a known input), if the layer is applied. */
  application?: Application;
  applications: Application[];
  /** CodeLens title: `(1, 4, 4, 1) → (1, 2, 2, 1)`, or why there is none. */
  lens: string;
  /** Whether `lens` is a shape (true) or an explanation. */
  shaped: boolean;
}

export interface PrintHint {
  /** The `print(...)` statement. */
  span: Span;
  /** What the program will print (multi-line as the library prints it). */
  printed: string;
  /** `printed` on one line, for an inlay hint. */
  inline: string;
  lib: Lib;
}

export interface Analysis {
  layers: LayerReport[];
  prints: PrintHint[];
  diagnostics: AnalysisDiagnostic[];
  recognised: Recognised;
}

/** Printed values with more elements than this get no inline hint (the line would not be readable). */
export const MAX_PRINTED = 64;

export function formatValue(v: Value): string | undefined {
  switch (v.lib) {
    case 'tf':
      return tfStr(v.tensor);
    case 'torch':
      return torchStr(v.tensor);
    case 'numpy':
      return numpyStr(v.tensor);
    default:
      return undefined;
  }
}

function layerLabel(site: LayerSite, text: string): string {
  const args = site.call.args
    .filter((a) => !(site.def.form === 'functional' && site.args.get('input')?.span.start === a.start))
    .map((a) => text.slice(a.start, a.end).replace(/\s+/g, ' '));
  return `${site.def.name}(${args.join(', ')})`;
}

function lensFor(site: LayerSite, app: Application | undefined, layerSpec: LayerSpec): { lens: string; shaped: boolean } {
  if (layerSpec.missing.length > 0) {
    const names = layerSpec.missing.map((m) => m.param);
    return { lens: `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not a constant`, shaped: false };
  }
  const error = layerSpec.problems.find((p) => p.severity === 'error');
  if (error) return { lens: 'invalid layer (see Problems)', shaped: false };
  if (!app) return { lens: site.def.form === 'layer' ? 'not applied to an array in this file' : 'no input', shaped: false };
  if (app.input && app.outputShape) return { lens: `${shapeText(app.input.tensor.shape)} → ${shapeText(app.outputShape)}`, shaped: true };
  if (app.input && app.error?.severity === 'error') return { lens: `${shapeText(app.input.tensor.shape)} → error (see Problems)`, shaped: false };
  if (app.error) return { lens: app.error.reason, shaped: false };
  return { lens: 'input not known', shaped: false };
}

const PRINT = new NameFilter(['print']);

function isPrint(e: Expr): e is Extract<Expr, { k: 'call' }> {
  return e.k === 'call' && e.func.k === 'name' && e.func.id === 'print';
}

/** The Problems entries for one layer: its argument problems, its applications' errors, and empty outputs. */
function layerDiagnostics(site: LayerSite, applications: readonly Application[], layerSpec: LayerSpec): AnalysisDiagnostic[] {
  const diagnostics: AnalysisDiagnostic[] = layerSpec.problems.map((p) => ({ span: p.span, message: p.message, severity: p.severity }));
  for (const a of applications) {
    const e = a.error;
    if (e && e.severity === 'error' && e.span && !layerSpec.problems.some((p) => p.message === e.reason)) {
      diagnostics.push({ span: e.span, message: e.reason, severity: 'error' });
    }
    if (a.plan?.empty && site.def.framework !== 'pytorch') {
      const k = site.args.get(site.def.params.includes('pool_size') ? 'pool_size' : 'ksize');
      diagnostics.push({
        span: k?.valueSpan ?? { start: site.call.start, end: site.call.open },
        message: `The output is empty ${shapeText(a.outputShape ?? a.plan.outputShape)}: ${a.plan.emptyReason ?? 'the window is larger than the input'}`,
        severity: 'warning',
      });
    }
  }
  return diagnostics;
}

/** The hint for one `print(...)` statement: only when every argument is a string or a small value and one is pooled. */
function printHint(call: Extract<Expr, { k: 'call' }>, ev: Evaluator): PrintHint | undefined {
  if (call.args.length === 0) return undefined;
  const parts: string[] = [];
  let lib: Lib | undefined;
  let pooled = false;
  for (const a of call.args) {
    if (a.name || a.star) return undefined;
    if (a.value.k === 'str') {
      parts.push(a.value.value);
      continue;
    }
    const v = ev.evaluate(a.value);
    if (!v.ok || v.value.tensor.data.length > MAX_PRINTED) return undefined;
    const printed = formatValue(v.value);
    if (printed === undefined) return undefined;
    pooled ||= v.value.pooled;
    lib ??= v.value.lib;
    parts.push(printed);
  }
  if (!pooled || lib === undefined) return undefined;
  const printed = parts.join(' ');
  return { span: { start: call.start, end: call.end }, printed, inline: oneLine(printed), lib };
}

export function analyse(text: string, context: readonly string[] = []): Analysis {
  const r = recognise(text, context);
  const ev = new Evaluator(r);
  const diagnostics: AnalysisDiagnostic[] = [];
  const layers: LayerReport[] = [];
  for (const site of r.layers) {
    const applications = site.uses.map((u) => ev.apply(site, u));
    const application = applications.find((a) => a.input) ?? applications[0];
    const layerSpec = application?.layerSpec ?? buildSpec(site);
    diagnostics.push(...layerDiagnostics(site, applications, layerSpec));
    layers.push({ site, label: layerLabel(site, text), layerSpec, application, applications, ...lensFor(site, application, layerSpec) });
  }
  const prints: PrintHint[] = [];
  const printRebound = r.assignments.some((a) => a.target === 'print');
  for (const s of r.statements) {
    if (printRebound || s.k !== 'expr' || !s.hasName(PRINT) || !isPrint(s.value)) continue;
    const hint = printHint(s.value, ev);
    if (hint) prints.push(hint);
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { layers, prints, diagnostics, recognised: r };
}

/** One line per spatial axis: how its output length follows from the input, with this input's numbers. */
export function axisFormulas(plan: PoolPlan): string[] {
  if (isGlobalOp(plan.op)) return plan.axes.map((a) => `${a.name}: ${a.inSize} → ${plan.keepdims ? '1 (kept)' : 'reduced'}`);
  if (isAdaptiveOp(plan.op)) return plan.axes.map((a) => `${a.name}: output_size = ${a.outSize} (windows [floor(i·${a.inSize}/${a.outSize}), ceil((i+1)·${a.inSize}/${a.outSize})))`);
  return plan.axes.map((a) => `${a.name}: ${axisFormula(plan, a)}`);
}

function axisFormula(plan: PoolPlan, a: AxisPlan): string {
  if (plan.framework === 'keras') {
    if (plan.paddingMode === 'same') return `ceil(${a.inSize} / ${a.stride}) = ${a.outSize}`;
    const k = a.dilation === 1 ? `${a.poolSize}` : `${(a.poolSize - 1) * a.dilation + 1}`;
    return `floor((${a.inSize} - ${k}) / ${a.stride}) + 1 = ${a.outSize}`;
  }
  const pad = a.padBefore === 0 ? '' : ` + 2·${a.padBefore}`;
  const eff = a.dilation === 1 ? `${a.poolSize}` : `${a.dilation}·(${a.poolSize} - 1) - 1`;
  const num = `${a.inSize}${pad} - ${eff}`;
  if (plan.ceilMode) {
    const raw = Math.ceil((a.inSize + 2 * a.padBefore - ((a.poolSize - 1) * a.dilation + 1)) / a.stride) + 1;
    const note = raw !== a.outSize ? ` (the last window would start in the right padding: ${raw} - 1)` : '';
    return `ceil((${num}) / ${a.stride}) + 1 = ${a.outSize}${note}`;
  }
  return `floor((${num}) / ${a.stride}) + 1 = ${a.outSize}`;
}

export { constText };
