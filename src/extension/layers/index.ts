// Pooling layers in Python code (src/analysis does the reading): a CodeLens with the shapes and "Inspect" above
// each layer, inline values at the end of `print(...)` lines, a hover with the per-axis formula and pictures,
// diagnostics in the library's words, and "Apply to code" from a panel opened on a layer.
//
// The analysis runs when VS Code asks a provider (it debounces those itself) or, for diagnostics, 300 ms after
// typing stops; once per document version (store.ts). Nothing is written to a document without the user's click.
import * as vscode from 'vscode';
import { buildSpec } from '../../analysis/layerSpec';
import { constantOf, type LayerSite } from '../../analysis/recognise';
import { LAYER_OUTPUT_ID, requestFromSpec, rewriteArguments } from '../../analysis/request';
import { parseModule } from '../../analysis/syntax';
import { shapeText } from '../../analysis/tensorOps';
import type { Analysis, LayerReport } from '../../analysis/analyse';
import type { PoolRequest } from '../../protocol/messages';
import { readViewSettings } from '../config';
import { log } from '../log';
import { showError, statusMessage } from '../notify';
import { InspectorPanel } from '../panel';
import { plainMessage } from '../untrusted';
import { layerHoverMarkdown } from './layerHover';
import { AnalysisStore } from './store';

export const INSPECT_LAYER_COMMAND = 'poolingLens.inspectLayer';
const SELECTOR: vscode.DocumentSelector = [{ language: 'python' }];
const DIAGNOSTIC_DELAY_MS = 300;
/** Inline values longer than this are cut (the hover on the hint shows all of it). */
const MAX_HINT_CHARS = 160;

type Setting = 'codeLens' | 'inlineValues' | 'diagnostics';

function enabled(setting: Setting): boolean {
  return vscode.workspace.getConfiguration('poolingLens.layers').get<unknown>(setting, true) !== false;
}

export type InspectLayerOutcome =
  | { ok: true; request: PoolRequest; shape: number[]; layer: string }
  | { ok: false; message: string };

export type ApplyOutcome = { ok: true; edits: number } | { ok: false; message: string };

function rangeOf(document: vscode.TextDocument, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

class LayerCodeLenses implements vscode.CodeLensProvider {
  readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  constructor(private readonly store: AnalysisStore) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!enabled('codeLens')) return [];
    const analysis = this.store.get(document);
    if (!analysis) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const report of analysis.layers) {
      const range = rangeOf(document, { start: report.site.call.start, end: report.site.call.start });
      // Titles quote the file's text (names, literal errors): VS Code renders `$(icon)` in them, so neutralise it.
      const tooltip = plainMessage(report.shaped ? `${report.label}: input shape → output shape` : `${report.label}: ${report.lens}`);
      lenses.push(new vscode.CodeLens(range, { title: plainMessage(report.lens), command: '', tooltip }));
      lenses.push(new vscode.CodeLens(range, {
        title: 'Inspect',
        command: INSPECT_LAYER_COMMAND,
        arguments: [document.uri.toString(), report.site.call.start],
        tooltip: plainMessage(`Open Pooling Lens on this layer's input with ${report.label}`),
      }));
    }
    return lenses;
  }
}

class LayerInlayHints implements vscode.InlayHintsProvider {
  readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  constructor(private readonly store: AnalysisStore) {}

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!enabled('inlineValues')) return [];
    const analysis = this.store.get(document);
    if (!analysis) return [];
    const hints: vscode.InlayHint[] = [];
    for (const p of analysis.prints) {
      const line = document.positionAt(p.span.end).line;
      if (line < range.start.line || line > range.end.line) continue;
      const text = p.inline.length > MAX_HINT_CHARS ? `${p.inline.slice(0, MAX_HINT_CHARS - 1)}…` : p.inline;
      const hint = new vscode.InlayHint(document.lineAt(line).range.end, plainMessage(`→ ${text}`));
      hint.paddingLeft = true;
      const tooltip = new vscode.MarkdownString();
      tooltip.appendMarkdown(`What this line prints (${p.lib === 'tf' ? 'TensorFlow' : p.lib === 'torch' ? 'PyTorch' : 'NumPy'}), worked out by Pooling Lens without running it:\n\n`);
      tooltip.appendCodeblock(p.printed, 'text');
      hint.tooltip = tooltip;
      hints.push(hint);
    }
    return hints;
  }
}

class LayerHovers implements vscode.HoverProvider {
  constructor(private readonly store: AnalysisStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.store.get(document);
    if (!analysis) return undefined;
    const offset = document.offsetAt(position);
    // The innermost layer call under the cursor.
    const report = analysis.layers
      .filter((l) => l.site.call.start <= offset && offset < l.site.call.end)
      .sort((a, b) => (a.site.call.end - a.site.call.start) - (b.site.call.end - b.site.call.start))[0];
    if (!report) return undefined;
    try {
      const md = new vscode.MarkdownString(layerHoverMarkdown(report, readViewSettings().colormap));
      md.isTrusted = false;
      return new vscode.Hover(md, rangeOf(document, report.site.call));
    } catch (err) {
      log(`layer hover failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return undefined;
    }
  }
}

function diagnosticsOf(document: vscode.TextDocument, analysis: Analysis | undefined): vscode.Diagnostic[] {
  if (!analysis || !enabled('diagnostics')) return [];
  return analysis.diagnostics.map((d) => {
    const diagnostic = new vscode.Diagnostic(rangeOf(document, d.span), plainMessage(d.message),
      d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    diagnostic.source = 'Pooling Lens';
    return diagnostic;
  });
}

/** Reads a Python constant typed by the user (`3`, `(2, 2)`, `'same'`), or undefined. */
function readConstant(text: string): ReturnType<typeof constantOf> {
  const s = parseModule(text.trim()).statements[0];
  return s && s.k === 'expr' ? constantOf(s.value) : undefined;
}

/** Asks for each argument the code does not give as a constant; undefined when the user cancels. */
async function askMissing(report: LayerReport): Promise<LayerSite | undefined> {
  const args = new Map(report.site.args);
  for (const m of report.layerSpec.missing) {
    const answer = await vscode.window.showInputBox({
      title: `Pooling Lens: ${report.site.def.name}`,
      prompt: `${m.param} is ${m.text} in the code, which is not a constant. Which value should the panel use?`,
      placeHolder: 'e.g. 2, (2, 2), \'same\'',
      validateInput: (v) => (readConstant(v) === undefined ? 'a constant: a number, a tuple of numbers, a string, True/False or None' : undefined),
    });
    if (answer === undefined) return undefined;
    args.set(m.param, { ...m, value: readConstant(answer)! });
  }
  return { ...report.site, args };
}

export class LayerFeatures {
  private readonly store = new AnalysisStore();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('poolingLens.layers');
  private readonly lenses = new LayerCodeLenses(this.store);
  private readonly hints = new LayerInlayHints(this.store);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  register(): vscode.Disposable[] {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    return [
      this.diagnostics,
      this.lenses.changed,
      this.hints.changed,
      vscode.languages.registerCodeLensProvider(SELECTOR, this.lenses),
      vscode.languages.registerInlayHintsProvider(SELECTOR, this.hints),
      vscode.languages.registerHoverProvider(SELECTOR, new LayerHovers(this.store)),
      vscode.commands.registerCommand(INSPECT_LAYER_COMMAND, (uri: unknown, offset: unknown) => this.inspect(uri, offset)),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DIAGNOSTIC_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.store.forget(d.uri);
        this.diagnostics.delete(d.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('poolingLens.layers') && !e.affectsConfiguration('poolingLens.colormap')) return;
        this.lenses.changed.fire();
        this.hints.changed.fire();
        for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
      }),
      { dispose: () => this.timers.forEach((t) => clearTimeout(t)) },
    ];
  }

  /** Diagnostics follow the document once typing pauses. */
  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== 'python') return;
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (document.isClosed) return;
      this.diagnostics.set(document.uri, diagnosticsOf(document, this.store.get(document)));
    }, delay));
  }

  /** "Inspect": the panel on the layer's input with exactly this layer's parameters. */
  async inspect(uri: unknown, offset: unknown): Promise<InspectLayerOutcome> {
    const fail = (message: string): InspectLayerOutcome => {
      void showError(message);
      return { ok: false, message };
    };
    if (typeof uri !== 'string' || !Number.isInteger(offset)) return fail('Pooling Lens: "Inspect" needs a document and the place of a layer.');
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const analysis = this.store.get(document);
      const index = analysis?.layers.findIndex((l) => l.site.call.start === offset) ?? -1;
      const report = analysis?.layers[index];
      if (!report) return fail('Pooling Lens: there is no pooling layer at this place any more.');
      const app = report.application;
      if (!app?.input) {
        return fail(`Pooling Lens: ${report.label} is not applied to an array this file defines (${app?.error ? app.error.reason : report.lens}). Select the array and run "Inspect Selection" instead.`);
      }
      const site = report.layerSpec.missing.length > 0 ? await askMissing(report) : report.site;
      if (!site) return { ok: false, message: 'cancelled' };
      const layerSpec = buildSpec(site, app.input.tensor.shape.length);
      if (!layerSpec.spec) return fail(`Pooling Lens: ${layerSpec.problems[0]?.message ?? 'this layer cannot be read'}`);
      const tensor = app.coreInput ?? app.input.tensor;
      const request = requestFromSpec(layerSpec.spec);
      const position = document.positionAt(report.site.call.start);
      const file = document.isUntitled ? 'Untitled' : vscode.workspace.asRelativePath(document.uri, false);
      const where = `${file.split('/').pop() ?? file}:${position.line + 1}`;
      const name = report.site.variable ?? report.site.def.name;
      const panel = InspectorPanel.show(this.extensionUri, tensor, {
        label: `${name} on ${app.inputText ?? 'input'} (${where})`,
        description: `${file}:${position.line + 1}:${position.character + 1}`,
        kind: `${report.site.def.name} layer, input ${shapeText(app.input.tensor.shape)} ${app.input.tensor.dtype}${tensor !== app.input.tensor ? ` (pooled as ${shapeText(tensor.shape)} ${tensor.dtype})` : ''}`,
        layer: { label: report.label, outputId: LAYER_OUTPUT_ID },
      }, undefined, [request]);
      const version = document.version;
      panel.onApplyToCode = (r) => this.apply(document.uri, { offset: report.site.call.start, index, name: report.site.def.name, version }, r);
      return { ok: true, request, shape: [...tensor.shape], layer: report.label };
    } catch (err) {
      return fail(`Pooling Lens: could not inspect this layer: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** "Apply to code": rewrites the layer's arguments as one undoable edit. */
  async apply(uri: vscode.Uri, where: { offset: number; index: number; name: string; version: number }, request: PoolRequest): Promise<ApplyOutcome> {
    const fail = (message: string): ApplyOutcome => {
      void showError(message);
      return { ok: false, message };
    };
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const analysis = this.store.get(document);
      // The layer where it was; after edits elsewhere, the same layer by its place in the file.
      const report = (document.version === where.version ? analysis?.layers.find((l) => l.site.call.start === where.offset) : undefined)
        ?? (analysis?.layers[where.index]?.site.def.name === where.name ? analysis.layers[where.index] : undefined);
      if (!report) return fail(`Pooling Lens: the ${where.name} layer this panel was opened from is no longer in ${vscode.workspace.asRelativePath(uri)}.`);
      const result = rewriteArguments(report.site, request);
      if ('error' in result) return fail(`Pooling Lens: ${result.error}`);
      if (result.edits.length === 0) {
        statusMessage(`Pooling Lens: ${report.label} already says this`, 4000);
        return { ok: true, edits: 0 };
      }
      const edit = new vscode.WorkspaceEdit();
      for (const e of result.edits) edit.replace(document.uri, rangeOf(document, e), e.text);
      const applied = await vscode.workspace.applyEdit(edit);
      if (!applied) return fail('Pooling Lens: VS Code did not apply the edit (the document may be read-only).');
      statusMessage(`Pooling Lens: ${report.site.def.name} updated`, 4000);
      return { ok: true, edits: result.edits.length };
    } catch (err) {
      return fail(`Pooling Lens: could not apply to code: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export function registerLayers(context: vscode.ExtensionContext): vscode.Disposable[] {
  return new LayerFeatures(context.extensionUri).register();
}
