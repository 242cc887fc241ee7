// The webview's handle on VS Code: typed posting and saved state.
import type { WebviewToHost } from '../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();

// The API can be acquired only once per page. The integration tests reach it here to post deliberately
// malformed messages and check that the host validates and ignores them; page scripts are limited by
// the CSP to our own bundle, so this exposes nothing new.
Object.defineProperty(window, '__poolingLensApi', { value: vscode });
