// The inspector webview: the input and each pooled output side by side as heatmaps, linked highlighting
// between them, controls that re-pool through the host, and the caption / code that reproduce the call.
// It renders and asks; pooling semantics come from the core (windows, explanations) and the host (values).
// This file boots it: state.ts holds the state and its actions, dispatch.ts the host's messages, sections.ts
// and controls.ts draw the page, hover.ts and highlight.ts link the views.
import './style.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostToWebview } from '../src/protocol/messages';
import { receive } from './dispatch';
import { el } from './dom';
import { tileArrived } from './hover';
import { render } from './sections';
import { hooks, root } from './state';
import { vscode } from './vscode';

hooks.render = render;
hooks.tileArrived = tileArrived;

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

window.addEventListener('error', (e) => vscode.postMessage({ type: 'log', level: 'error', message: `${e.message} at ${e.filename}:${e.lineno}` }));

vscode.postMessage({ type: 'ready' });
