// The inspector panel's host side: owns one webview panel, answers its requests, and keeps the input.
import * as vscode from 'vscode';
import type { Tensor } from '../core/tensor';
import {
  assertNever,
  parseWebviewMessage,
  type HostToWebview,
  type OutputPayload,
  type PoolRequest,
  type SourceInfo,
} from '../protocol/messages';
import { toWire } from '../protocol/wire';
import { computeOutputs, describeAxes } from './compute';
import { webviewHtml, webviewOptions } from './html';

export const INSPECTOR_VIEW_TYPE = 'poolingLens.inspector';

const output = (() => {
  let channel: vscode.OutputChannel | undefined;
  return (): vscode.OutputChannel => (channel ??= vscode.window.createOutputChannel('Pooling Lens'));
})();

export class InspectorPanel {
  private static readonly open = new Set<InspectorPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, input: Tensor, source: SourceInfo, requests: PoolRequest[]): InspectorPanel {
    const title = `Pooling Lens: ${source.label}`;
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    panel.webview.html = webviewHtml(panel.webview, extensionUri, title);
    return new InspectorPanel(panel, input, source, requests);
  }

  /** Every open inspector panel (tests and settings changes reach them through this). */
  static all(): readonly InspectorPanel[] {
    return [...InspectorPanel.open];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly input: Tensor,
    readonly source: SourceInfo,
    private requests: PoolRequest[],
  ) {
    InspectorPanel.open.add(this);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw), undefined, this.disposables);
  }

  private post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      output().appendLine(`ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.post({
          type: 'load',
          source: this.source,
          input: toWire(this.input),
          axesNote: describeAxes(this.input.shape, this.requests[0]),
          outputs: this.compute(this.requests),
        });
        break;
      case 'repool':
        this.requests = message.requests;
        this.post({ type: 'results', requestId: message.requestId, outputs: this.compute(message.requests) });
        break;
      case 'rendered':
        break;
      case 'log':
        output().appendLine(`[webview ${message.level}] ${message.message}`);
        break;
      default:
        assertNever(message);
    }
  }

  private compute(requests: PoolRequest[]): OutputPayload[] {
    return computeOutputs(this.input, requests);
  }

  dispose(): void {
    InspectorPanel.open.delete(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
