// The inspector panel's host side: owns one webview panel and its input, answers the webview's
// requests (re-pool, copy, save), follows settings changes, and restores itself after a reload.
import * as vscode from 'vscode';
import type { Tensor } from '../core/tensor';
import { writeNpy } from '../io';
import {
  assertNever, parseSavedState, parseWebviewMessage, type HostToWebview, type Origin, type OutputPayload, type PoolRequest, type SourceInfo,
  type Explained, type PlaneSel, type RemoteTensor,
} from '../protocol/messages';
import { toWire } from '../protocol/wire';
import { explainValue, inferSpatialRank, planPool, windowOf, type PoolPlan, type PoolSpec } from '../core';
import type { LodRequest } from './poolRunner';
import { isMaxOp } from '../core/spec';
import { clampSel, lodPlane, planeTile, REMOTE_ELEMENTS } from '../view/lod';
import { inputLayout, inputLayoutFor, outputLayout, unflatten, type Layout } from '../view/planes';
import { computeOutputs, describeAxes, type ComputedOutput } from './compute';
import { newPanelRequests, readViewSettings } from './config';
import { copyRefusal, toJson, toNumpyLiteral } from './exportText';
import { plainPage, webviewHtml, webviewOptions } from './html';
import { log } from './log';
import { showError, showInfo, showWarning, statusMessage } from './notify';
import { loadFromFile, npzMemberPage, reload } from './sources';
import type { SharedPoolWorker } from './sharedWorker';
import { sharedWorkerFor } from './offThread';

export const INSPECTOR_VIEW_TYPE = 'poolingLens.inspector';

function sameSel(a: PlaneSel, b: PlaneSel): boolean {
  return a.batch === b.batch && a.channel === b.channel && a.depth === b.depth;
}

/**
 * Max outputs above this many cells are shown before their argmax is computed (it costs about as much as the values
 * again, on the TypeScript path): the host computes it when an explanation first needs it, and explains those cells.
 */
const DEFER_ARGMAX_ABOVE = 1 << 16;

/** Inputs above this many elements get a panel worker holding them in shared memory (below, pooling is inline). */
const SHARED_WORKER_ELEMENTS = 1 << 19;

/** Window cells sent with one explanation: the input cells and the padding ring the panel outlines. */
const MAX_EXPLAINED_CELLS = 4096;

export class InspectorPanel {
  private static readonly open = new Set<InspectorPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Set when the panel is closed or handed to another controller: nothing more is posted. */
  private closed = false;
  /** Big inputs: a worker that keeps the input in shared memory (this.input is then a view of it). */
  private shared: SharedPoolWorker | undefined;

  private sharedWorker(): SharedPoolWorker | undefined {
    if (!this.shared && this.input.data.length > SHARED_WORKER_ELEMENTS) {
      this.shared = sharedWorkerFor(this.input);
      this.input = this.shared.input;
    }
    return this.shared;
  }

  /** Each output's last result and the request it answered (by output id), so unchanged outputs are not redone. */
  private readonly computed = new Map<string, { key: string; output: ComputedOutput }>();
  /** The plane the webview shows (batch, channel, depth), for the overviews of tensors kept here. */
  private sel: PlaneSel = { batch: 0, channel: 0, depth: 0 };
  private pending: AbortController | undefined;
  /**
   * The first pooling (outputs and overviews), started with the panel so that it runs while the webview loads; `ready`
   * posts its payloads when the requests are still the ones it pooled.
   */
  private warmUp: {
    requests: PoolRequest[];
    outputs: Promise<OutputPayload[] | undefined>;
    /** The input's overview (inputs kept here), built beside the outputs, and for which layout and plane. */
    input?: { key: string; remote: Promise<RemoteTensor | undefined> };
  } | undefined;
  /** When this panel did each step of its first load (Date.now()), sent with it for the panel's timeline. */
  private readonly timeline: Record<string, number> = { panel: Date.now() };
  /** Set by the custom editor: the user picked another array of the .npz. */
  onPickMember: ((key: string) => void) | undefined;
  /** Set when opened from a layer in the code (src/extension/layers): the user clicked "Apply to code". */
  onApplyToCode: ((request: PoolRequest) => Promise<unknown>) | undefined;

  static show(extensionUri: vscode.Uri, input: Tensor, source: SourceInfo, origin: Origin | undefined, requests?: PoolRequest[], archive?: Uint8Array): InspectorPanel {
    const title = `Pooling Lens: ${source.label}`;
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    return InspectorPanel.attach(panel, extensionUri, input, source, origin, requests, archive);
  }

  /** Wires an existing webview panel (new, restored after a reload, or a custom editor's). */
  static attach(
    panel: vscode.WebviewPanel, extensionUri: vscode.Uri, input: Tensor, source: SourceInfo, origin: Origin | undefined,
    requests?: PoolRequest[], archive?: Uint8Array,
  ): InspectorPanel {
    panel.webview.options = webviewOptions(extensionUri);
    InspectorPanel.all().find((p) => p.panel === panel)?.detach();
    panel.title = `Pooling Lens: ${source.label}`;
    panel.webview.html = webviewHtml(panel.webview, extensionUri, panel.title);
    return new InspectorPanel(panel, input, source, origin, requests ?? newPanelRequests(inferSpatialRank(input.shape)), archive);
  }

  /** Every open inspector panel (settings changes reach them through this). */
  static all(): readonly InspectorPanel[] {
    return [...InspectorPanel.open];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private input: Tensor,
    private source: SourceInfo,
    private origin: Origin | undefined,
    private requests: PoolRequest[],
    /** The .npz archive's bytes, kept to page its member list and read another member. */
    private archive: Uint8Array | undefined,
  ) {
    InspectorPanel.open.add(this);
    // compute() moves a big input into the panel's shared memory before it awaits anything; the input's overview is
    // then built on the other worker while the first one pools.
    const outputs = this.compute(this.requests, true).catch(() => undefined);
    this.warmUp = {
      requests: this.requests, outputs,
      ...(this.input.data.length > REMOTE_ELEMENTS ? { input: { key: this.inputOverviewKey(), remote: this.remoteInput().catch(() => undefined) } } : {}),
    };
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage(
      (raw: unknown) => void this.receive(raw).catch((err: unknown) => {
        log(`error while handling a webview message: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        this.showFailure(`Pooling Lens hit an internal error: ${err instanceof Error ? err.message : String(err)}. Details are in the "Pooling Lens" output channel.`);
      }),
      undefined,
      this.disposables,
    );
  }

  /**
   * Posts to the webview unless this controller is done with it: work still running when the panel closes (a
   * pooling, a file read) finishes into nothing, since a disposed webview throws on access and rejects posts.
   */
  private post(message: HostToWebview): void {
    if (this.closed) return;
    try {
      this.panel.webview.postMessage(message).then(undefined, () => undefined);
    } catch {
      this.closed = true;
    }
  }

  /** Shows a new input (the file changed on disk, or another .npz member); keeps the user's requests when they fit. */
  async replaceInput(input: Tensor, source: SourceInfo, origin: Origin | undefined, archive?: Uint8Array): Promise<void> {
    const rankChanged = inferSpatialRank(input.shape) !== inferSpatialRank(this.input.shape);
    this.shared?.dispose();
    this.shared = undefined;
    this.warmUp = undefined;
    this.input = input;
    this.archive = archive;
    this.computed.clear();
    this.source = source;
    this.origin = origin;
    if (rankChanged) this.requests = newPanelRequests(inferSpatialRank(input.shape));
    await this.postLoad();
  }

  /**
   * Changes the header only (the data, the outputs and the user's settings stay): a followed debug value that is not
   * available at this stop, or whose session ended. Outputs already pooled are sent again as they are.
   */
  async updateSource(source: SourceInfo): Promise<void> {
    this.source = source;
    if (!this.closed) this.panel.title = `Pooling Lens: ${source.label}`;
    await this.postLoad();
  }

  private async postLoad(): Promise<void> {
    // The payloads of the pooling started with the panel, unless the requests changed since or it failed.
    const warm = this.warmUp;
    this.warmUp = undefined;
    const outputs = (warm?.requests === this.requests ? await warm.outputs : undefined) ?? await this.compute(this.requests, true);
    if (!outputs) return;
    this.timeline.pooled ??= Date.now();
    const remote = this.input.data.length > REMOTE_ELEMENTS;
    const warmInput = warm?.input?.key === this.inputOverviewKey() ? await warm.input.remote : undefined;
    const inputRemote = remote ? warmInput ?? await this.remoteInput() : undefined;
    if (remote) this.timeline.overview ??= Date.now();
    this.post({
      type: 'load',
      source: this.source,
      origin: this.origin,
      ...(inputRemote ? { inputRemote } : { input: toWire(this.input) }),
      axesNote: describeAxes(this.input.shape, this.requests[0]),
      outputs,
      view: readViewSettings(),
      sentAt: Date.now(),
      timeline: this.timeline,
    });
  }

  /** Settings changed: new display settings, and (when the pooling defaults changed) new requests. */
  applySettings(poolingChanged: boolean): void {
    const requests = poolingChanged ? newPanelRequests(inferSpatialRank(this.input.shape)) : undefined;
    if (requests) this.requests = requests;
    this.post({ type: 'view', view: readViewSettings(), requests });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      log(`ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.timeline.ready ??= Date.now();
        await this.postLoad();
        break;
      case 'pickMember':
        if (this.onPickMember) this.onPickMember(message.key);
        else await this.pickMember(message.key);
        break;
      case 'memberPage':
        if (this.archive) this.post({ type: 'members', page: npzMemberPage(this.archive, message.from) });
        break;
      case 'repool': {
        const received = Date.now();
        this.requests = message.requests;
        const outputs = await this.compute(message.requests, false);
        const pooled = Date.now();
        const pooling = Math.round(pooled - Math.max(0, ...(outputs ?? []).map((o) => (o.unchanged ? 0 : o.millis ?? 0))));
        if (outputs) this.post({ type: 'results', requestId: message.requestId, outputs, timeline: { received, pooling, pooled, posted: Date.now() } });
        break;
      }
      case 'copy':
        await this.copy(message.target, message.format);
        break;
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        statusMessage('Pooling Lens: copied to the clipboard', 3000);
        break;
      case 'save':
        await this.save(message.target);
        break;
      case 'rendered':
        // The first paint's figures go to the output channel: where a slow open spent its time, for bug reports.
        if (this.timeline.rendered === undefined) {
          const now = Date.now();
          this.timeline.rendered = now;
          const since = (mark: string | undefined): number => (mark === undefined ? now : this.timeline[mark] ?? now) - (this.timeline.panel ?? now);
          log(`first paint of ${this.source.label} (${this.input.shape.join('x')} ${this.input.dtype}): ${since(undefined)} ms after the panel opened ` +
            `(webview ready ${since('ready')} ms, pooled ${since('pooled')} ms; sections ${message.renderMs.toFixed(0)} ms, heatmaps ${message.paintMs.toFixed(0)} ms, ${message.cells} cells drawn)`);
        }
        break;
      case 'select':
        this.sel = message.sel;
        this.post({ type: 'planes', views: await this.remoteViews() });
        break;
      case 'tile': {
        const v = this.view(message.view);
        if (v) this.post({ type: 'tile', requestId: message.requestId, view: message.view, tile: planeTile(v.tensor, v.layout, clampSel(v.layout, message.sel), message.r0, message.c0, message.rows, message.cols) });
        break;
      }
      case 'explain': {
        const explained = await this.explain(message.view, message.outIndex);
        if (explained) this.post({ type: 'explained', requestId: message.requestId, view: message.view, explained });
        break;
      }
      case 'log':
        log(`[webview ${message.level}] ${message.message}`);
        break;
      case 'applyToCode':
        await this.onApplyToCode?.(message.request);
        break;
      default:
        assertNever(message);
    }
  }

  /** Another array of the archive this panel shows (panels opened by command; the custom editor reloads itself). */
  private async pickMember(key: string): Promise<void> {
    if (!this.archive || this.origin?.kind !== 'file') return;
    const uri = vscode.Uri.parse(this.origin.uri, true);
    try {
      const loaded = await loadFromFile(uri, this.archive, key);
      if (loaded) await this.replaceInput(loaded.tensor, loaded.source, loaded.origin, this.archive);
    } catch (err) {
      this.showFailure(`Pooling Lens cannot open '${key}': ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Pools every request; a newer call cancels an older one still running (undefined is returned). */
  private async compute(requests: PoolRequest[], sendAll: boolean): Promise<OutputPayload[] | undefined> {
    this.pending?.abort();
    const controller = new AbortController();
    this.pending = controller;
    // Only the outputs whose request changed are pooled again; the others keep their data here and in the webview.
    const keyOf = (r: PoolRequest): string => JSON.stringify(r);
    const todo = requests.filter((r) => this.computed.get(r.id)?.key !== keyOf(r));
    const shared = this.sharedWorker();
    // Big outputs get their overview built on the worker too, for the plane now shown.
    const lodFor = (spec: PoolSpec): LodRequest | undefined => {
      const plan = planPool(this.input.shape, spec);
      return plan.outputLength > REMOTE_ELEMENTS ? this.outputLod(plan) : undefined;
    };
    const fresh = await computeOutputs(this.input, todo, controller.signal, DEFER_ARGMAX_ABOVE,
      shared ? (spec, signal, argmax) => shared.pool(spec, { signal, argmax, lod: lodFor(spec) }) : undefined);
    if (controller.signal.aborted) return undefined;
    for (const c of fresh) {
      const r = todo.find((q) => q.id === c.payload.id);
      if (r) this.computed.set(r.id, { key: keyOf(r), output: c });
    }
    for (const id of [...this.computed.keys()]) if (!requests.some((r) => r.id === id)) this.computed.delete(id);
    const payloads: OutputPayload[] = [];
    for (const r of requests) {
      const c = this.computed.get(r.id)?.output;
      if (!c) continue;
      const { output: _output, argmax: _argmax, ...meta } = c.payload;
      if (!sendAll && !todo.includes(r)) {
        payloads.push({ ...meta, unchanged: true });
        continue;
      }
      // Outputs too big to send whole stay here: the webview gets their overview and asks for the rest.
      const plan = c.payload.plan;
      if (!c.tensor || !plan || c.tensor.data.length <= REMOTE_ELEMENTS) {
        payloads.push(c.payload);
        continue;
      }
      const want = this.outputLod(plan);
      const lod = c.lod && sameSel(c.lod.sel, want.sel) ? c.lod : lodPlane(c.tensor, want.layout, want.sel, want.reduction);
      payloads.push({ ...meta, remote: { dtype: c.tensor.dtype, shape: c.tensor.shape, lod } });
    }
    return payloads;
  }

  /** Output `id`'s last result, when it has data. */
  private output(id: string): (ComputedOutput & { tensor: Tensor }) | undefined {
    const c = this.computed.get(id)?.output;
    return c?.tensor ? c as ComputedOutput & { tensor: Tensor } : undefined;
  }

  /** The outputs with data, in the panel's order. */
  private outputsInOrder(): [string, ComputedOutput & { tensor: Tensor }][] {
    return this.requests.flatMap((r) => {
      const o = this.output(r.id);
      return o ? [[r.id, o] as [string, ComputedOutput & { tensor: Tensor }]] : [];
    });
  }

  /** How an output's overview is built: its layout, the plane now shown (clamped to it), the output's own reduction. */
  private outputLod(plan: PoolPlan): LodRequest {
    const layout = outputLayout(plan);
    return { layout, sel: clampSel(layout, this.sel), reduction: isMaxOp(plan.op) ? 'max' : 'mean' };
  }

  /** The input's layout as the webview reads it: from the first output's plan, else as a global pool reads it. */
  private inputLayout(): Layout {
    const plan = this.outputsInOrder().find(([, o]) => o.payload.plan)?.[1].payload.plan;
    return inputLayoutFor(this.input.shape, plan, this.requests[0]);
  }

  /** What the input's overview depends on: its layout and the plane shown. */
  private inputOverviewKey(): string {
    const layout = this.inputLayout();
    return JSON.stringify([layout, clampSel(layout, this.sel)]);
  }

  /** The input's overview for the plane now shown: built on the panel's worker when there is one. */
  private async remoteInput(): Promise<RemoteTensor> {
    const layout = this.inputLayout();
    const sel = clampSel(layout, this.sel);
    const lod = this.shared ? await this.shared.lod({ layout, sel, reduction: 'mean' }) : lodPlane(this.input, layout, sel, 'mean');
    return { dtype: this.input.dtype, shape: this.input.shape, lod };
  }

  /** The overviews of every view kept here, for the plane now selected. */
  private async remoteViews(): Promise<{ id: string; remote: RemoteTensor }[]> {
    const views: { id: string; remote: RemoteTensor }[] = [];
    if (this.input.data.length > REMOTE_ELEMENTS) views.push({ id: 'input', remote: await this.remoteInput() });
    for (const [id, o] of this.outputsInOrder()) {
      const plan = o.payload.plan;
      if (!plan || o.tensor.data.length <= REMOTE_ELEMENTS) continue;
      const { layout, sel, reduction } = this.outputLod(plan);
      views.push({ id, remote: { dtype: o.tensor.dtype, shape: o.tensor.shape, lod: lodPlane(o.tensor, layout, sel, reduction) } });
    }
    return views;
  }

  private view(id: string): { tensor: Tensor; layout: Layout } | undefined {
    if (id === 'input') return { tensor: this.input, layout: this.inputLayout() };
    const o = this.output(id);
    const plan = o?.payload.plan;
    return o && plan ? { tensor: o.tensor, layout: outputLayout(plan) } : undefined;
  }

  /** One output cell's window and the sentence explaining its value, from the data held here. */
  private async explain(id: string, outIndex: number): Promise<Explained | undefined> {
    const o = this.output(id);
    const plan = o?.payload.plan;
    if (!o || !plan || outIndex >= o.tensor.data.length) return undefined;
    if (!o.argmax && o.argmaxLater) o.argmax = await o.argmaxLater();
    const w = windowOf(plan, outIndex, { maxCells: MAX_EXPLAINED_CELLS });
    const text = explainValue(this.input, { output: o.tensor, argmax: o.argmax, plan, backend: 'ts' }, outIndex);
    const arg = o.argmax?.[outIndex] ?? -1;
    const winner = arg >= 0 ? unflatten(inputLayout(plan), arg) : undefined;
    return { outIndex, text, cells: w.cells.map((c) => ({ coords: c.coords, kind: c.kind })), ...(winner ? { winner } : {}) };
  }

  private target(id: string): { tensor: Tensor; title: string } | undefined {
    if (id === 'input') return { tensor: this.input, title: 'input' };
    const o = this.output(id);
    return o ? { tensor: o.tensor, title: o.payload.title } : undefined;
  }

  private async copy(id: string, format: 'numpy' | 'json'): Promise<void> {
    const t = this.target(id);
    if (!t) return;
    const refusal = copyRefusal(t.tensor, t.title);
    if (refusal !== null) {
      void showWarning(`Pooling Lens: ${refusal}`);
      return;
    }
    let text: string;
    let note = '';
    if (format === 'numpy') {
      text = toNumpyLiteral(t.tensor);
    } else {
      const json = toJson(t.tensor);
      text = json.text;
      if (json.nonFinite > 0) note = ` (${json.nonFinite} NaN/infinite values written as null: JSON has no spelling for them)`;
    }
    await vscode.env.clipboard.writeText(text);
    void showInfo(`Pooling Lens: copied ${t.title} (${t.tensor.shape.join('x') || 'scalar'}) as ${format === 'numpy' ? 'a NumPy literal' : 'JSON'}${note}.`);
  }

  private async save(id: string): Promise<void> {
    const t = this.target(id);
    if (!t) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = `${this.source.label.replace(/[^\w.-]+/g, '_').replace(/\.np[yz]$/, '')}_${t.title.replace(/\W+/g, '_')}.npy`;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, base) : undefined,
      filters: { 'NumPy array': ['npy'] },
      title: `Save ${t.title} as .npy`,
    });
    if (!uri) return;
    try {
      await vscode.workspace.fs.writeFile(uri, writeNpy(t.tensor));
      void showInfo(`Pooling Lens: saved ${t.title} to ${vscode.workspace.asRelativePath(uri)}.`);
    } catch (err) {
      void showError(`Pooling Lens: could not save ${uri.scheme === 'file' ? uri.fsPath : uri.toString(true)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Stops listening to the webview without closing it (the panel gets a new controller). */
  private detach(): void {
    this.closed = true;
    this.pending?.abort();
    this.shared?.dispose();
    this.shared = undefined;
    InspectorPanel.open.delete(this);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Shows a message in place of the pictures (e.g. the file became unreadable). */
  showFailure(message: string): void {
    this.post({ type: 'failed', message });
  }

  /** Stops this controller and closes its webview panel. */
  dispose(): void {
    this.detach();
    this.panel.dispose();
  }
}

/** Restores panels after a window reload (re-reading their source) and forwards settings changes. */
export function registerInspector(context: vscode.ExtensionContext): vscode.Disposable[] {
  const serializer = vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      // The state comes from storage the webview wrote: validated, never trusted; the file is read with the same
      // size questions as when it was opened.
      const saved = parseSavedState(state);
      if (!saved.origin) {
        panel.dispose();
        return;
      }
      const where = saved.origin.uri;
      try {
        const loaded = await reload(saved.origin);
        if (!loaded) {
          panel.webview.html = plainPage(`Pooling Lens did not re-read ${where}: it is larger than "poolingLens.fileSizeLimitMB" and opening it was not confirmed. Close this tab and open the file again.`);
          return;
        }
        InspectorPanel.attach(panel, context.extensionUri, loaded.tensor, loaded.source, loaded.origin, saved.requests);
      } catch (err) {
        panel.webview.html = plainPage(`Pooling Lens could not re-read ${where}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  });
  const settings = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('poolingLens')) return;
    const pooling = ['framework', 'poolSize', 'strides', 'padding', 'dataFormat', 'nan', 'defaultOp'].some((k) => e.affectsConfiguration(`poolingLens.${k}`));
    for (const p of InspectorPanel.all()) p.applySettings(pooling);
  });
  return [serializer, settings, { dispose: () => InspectorPanel.all().forEach((p) => p.dispose()) }];
}
