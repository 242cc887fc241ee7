// The one place that builds the webview's HTML (the inspector's, and the plain page shown instead when there is no
// inspector to show), its Content Security Policy and its options.
import * as vscode from 'vscode';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

/**
 * A fresh nonce for the page's script: 18 random bytes (Web Crypto, the same in Node and the browser) as base64.
 */
export function scriptNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

/** Text as HTML that shows it verbatim: `& < > " '` as character references (safe in elements and quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page with one paragraph of text (escaped, at most 4,000 characters), for panels that cannot show the inspector. */
export function plainPage(text: string): string {
  return `<!DOCTYPE html><html><body><p>${escapeHtml(text.slice(0, 4000))}</p></body></html>`;
}

/**
 * Strict CSP: nothing by default; scripts only by nonce from dist/; styles and fonts from the webview's
 * own origin; images from data:/blob: (the heatmaps). No eval, no inline scripts, no remote origins.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = scriptNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    'img-src data: blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="pooling-lens-root" aria-live="polite"><p class="status">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
