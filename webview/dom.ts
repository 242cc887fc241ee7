// Element builders shared by the panel's modules: a tagged element with attributes, and its two kinds of button.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label: string, title: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLElement {
  const b = el('vscode-button', { title, 'aria-label': title, ...attrs }, label);
  b.setAttribute('secondary', '');
  b.addEventListener('click', onClick);
  return b;
}

/** A compact text button for the per-view tools (theme-coloured like a link). */
export function toolButton(label: string, title: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLElement {
  const b = el('button', { type: 'button', class: 'tool', title, 'aria-label': title, ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}
