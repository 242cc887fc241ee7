// The hover on array literals: VS Code wiring around the pure `hoverPreview` (hoverPreview.ts).
// Settings are read on every hover (cheap), so changes apply at once; the provider is registered for the
// languages in `poolingLens.hover.languages` and registered again when that setting changes.
import * as vscode from 'vscode';
import { DEFAULT_MAX_SCAN_CHARS } from '../io';
import { readDefaults, readViewSettings } from './config';
import { clampSetting } from './settingsRange';
import {
  DEFAULT_HOVER_LANGUAGES, DEFAULT_HOVER_MAX_ELEMENTS, HoverCache, INSPECT_RANGE_COMMAND, hoverPreview, type HoverSettings,
} from './hoverPreview';

function hoverConfig(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('poolingLens.hover');
}

/** `poolingLens.hover.languages`, ignoring entries that are not strings. */
function hoverLanguages(): string[] {
  const value = hoverConfig().get<unknown>('languages', DEFAULT_HOVER_LANGUAGES);
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string' && x !== '') : [...DEFAULT_HOVER_LANGUAGES];
}

function hoverSettings(): HoverSettings {
  return {
    maxElements: clampSetting('hover.maxElements', hoverConfig().get<unknown>('maxElements'), DEFAULT_HOVER_MAX_ELEMENTS),
    pool: readDefaults(),
    colormap: readViewSettings().colormap,
  };
}

/**
 * Every language in the setting, in any scheme: files, untitled documents and notebook cells
 * (`vscode-notebook-cell`) alike.
 */
function selectorFor(languages: readonly string[]): vscode.DocumentFilter[] {
  return languages.map((language) => ({ language }));
}

class ArrayHoverProvider implements vscode.HoverProvider {
  constructor(private readonly cache: HoverCache) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    const config = hoverConfig();
    if (!config.get<boolean>('enabled', true) || token.isCancellationRequested) return undefined;
    if (!hoverLanguages().includes(document.languageId)) return undefined;
    // A window of the document around the cursor, starting at a line start: the locator looks no
    // further than DEFAULT_MAX_SCAN_CHARS either way, and a big document is never copied whole.
    const offset = document.offsetAt(position);
    const from = new vscode.Position(document.positionAt(Math.max(0, offset - DEFAULT_MAX_SCAN_CHARS)).line, 0);
    const to = document.positionAt(offset + DEFAULT_MAX_SCAN_CHARS);
    const textStart = document.offsetAt(from);
    const preview = hoverPreview({
      text: document.getText(new vscode.Range(from, to)),
      offset: offset - textStart,
      textStart,
      firstLine: from.line,
      language: document.languageId,
      uri: document.uri.toString(),
      version: document.version,
    }, hoverSettings(), this.cache);
    if (preview === undefined) return undefined;
    const md = new vscode.MarkdownString(preview.markdown);
    // Trust exactly one command, the link to the panel; never `true` (any command a link could name).
    md.isTrusted = { enabledCommands: [INSPECT_RANGE_COMMAND] };
    return new vscode.Hover(md, new vscode.Range(document.positionAt(preview.start), document.positionAt(preview.end)));
  }
}

/**
 * Registers the array-literal hover. The returned disposables unregister it and stop listening to
 * settings and document closes.
 */
export function registerHover(_context: vscode.ExtensionContext): vscode.Disposable[] {
  const cache = new HoverCache();
  const provider = new ArrayHoverProvider(cache);
  let registration = vscode.languages.registerHoverProvider(selectorFor(hoverLanguages()), provider);
  return [
    { dispose: () => registration.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('poolingLens.hover.languages')) {
        registration.dispose();
        registration = vscode.languages.registerHoverProvider(selectorFor(hoverLanguages()), provider);
      }
      if (e.affectsConfiguration('poolingLens')) cache.clear();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => cache.forget(doc.uri.toString())),
  ];
}
