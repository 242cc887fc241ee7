// The header line of a panel opened from a pooling layer in the code ("Inspect" on its CodeLens): the layer as
// written, and "Apply to code", which asks the host to write the layer output's current settings back into the
// layer's arguments. Nothing is written without this click.
import type { LayerLink } from '../src/protocol/messages';
import { button, el } from './dom';
import { state } from './state';
import { vscode } from './vscode';

export function layerHeader(layer: LayerLink): HTMLElement {
  const line = el('p', { class: 'layer' });
  line.append(el('span', {}, 'Layer: '), el('code', { 'data-role': 'layer-label' }, layer.label), document.createTextNode(' '));
  line.append(button('Apply to code', "Write this output's pool settings into the layer's arguments in the code (one undoable edit)", () => {
    const request = state.requests.find((r) => r.id === layer.outputId);
    if (request) vscode.postMessage({ type: 'applyToCode', request });
  }, { 'data-action': 'apply-to-code' }));
  return line;
}
