// One analysis per document version (src/analysis), shared by the CodeLens, inlay hint, hover and diagnostic
// features. A notebook cell is analysed with the text of the code cells above it as context (their imports and
// arrays count). Never throws: a failure is logged and gives an empty analysis.
import * as vscode from 'vscode';
import { analyse, type Analysis } from '../../analysis/analyse';
import { log } from '../log';

/** Documents larger than this are not analysed (the analysis is linear, but such files are data, not code). */
export const MAX_ANALYSED_CHARS = 2 * 1024 * 1024;

const EMPTY_CONTEXT: readonly string[] = [];

function notebookContext(document: vscode.TextDocument): { texts: readonly string[]; key: string } {
  if (document.uri.scheme !== 'vscode-notebook-cell') return { texts: EMPTY_CONTEXT, key: '' };
  const uri = document.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cells = notebook.getCells();
    const index = cells.findIndex((c) => c.document.uri.toString() === uri);
    if (index < 0) continue;
    const above = cells.slice(0, index).filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    return { texts: above.map((c) => c.document.getText()), key: above.map((c) => `${c.document.uri.toString()}@${c.document.version}`).join('|') };
  }
  return { texts: EMPTY_CONTEXT, key: '' };
}

export class AnalysisStore {
  private readonly cache = new Map<string, { key: string; analysis: Analysis }>();
  /** Milliseconds the last analysis took, per document (for the output channel when it is slow). */
  lastMillis = 0;

  /** The analysis of `document` as it is now (computed once per version). */
  get(document: vscode.TextDocument): Analysis | undefined {
    if (document.languageId !== 'python') return undefined;
    const text = document.getText();
    if (text.length > MAX_ANALYSED_CHARS) return undefined;
    const context = notebookContext(document);
    const key = `${document.version}#${context.key}`;
    const uri = document.uri.toString();
    const hit = this.cache.get(uri);
    if (hit && hit.key === key) return hit.analysis;
    try {
      const started = performance.now();
      const analysis = analyse(text, context.texts);
      this.lastMillis = performance.now() - started;
      if (this.lastMillis > 50) log(`analysing the pooling layers of ${uri} took ${this.lastMillis.toFixed(0)} ms`);
      this.cache.set(uri, { key, analysis });
      return analysis;
    } catch (err) {
      log(`could not analyse the pooling layers of ${uri}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return undefined;
    }
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  clear(): void {
    this.cache.clear();
  }
}
