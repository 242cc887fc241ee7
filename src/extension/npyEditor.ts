// A read-only custom editor for .npy and .npz files: double-clicking one opens the inspector on it.
// Files are read through workspace.fs (remote and virtual workspaces work), large ones with a
// cancellable progress notification and, above the configured size, only after asking. The editor
// follows the file: when it changes on disk, the panel re-reads it.
import * as vscode from 'vscode';
import type { Origin } from '../protocol/messages';
import { InspectorPanel } from './panel';
import { loadFromFile, readFileWithConsent } from './sources';

export const NPY_EDITOR_VIEW_TYPE = 'poolingLens.npyEditor';

class NumpyFile implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {
    // nothing held: the bytes live in the panel's tensor
  }
}

function nameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

export class NumpyEditorProvider implements vscode.CustomReadonlyEditorProvider<NumpyFile> {
  constructor(private readonly extensionUri: vscode.Uri) {}

  openCustomDocument(uri: vscode.Uri): NumpyFile {
    return new NumpyFile(uri);
  }

  async resolveCustomEditor(document: NumpyFile, panel: vscode.WebviewPanel): Promise<void> {
    const uri = document.uri;
    let member: string | undefined;
    let inspector: InspectorPanel | undefined;
    const placeholder = (text: string): void => {
      panel.webview.html = `<!DOCTYPE html><html><body><p>${text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p></body></html>`;
    };

    const failed = (message: string): void => {
      if (inspector) inspector.showFailure(message);
      else placeholder(message);
    };
    const load = async (): Promise<void> => {
      let read: Uint8Array | undefined;
      try {
        read = await readFileWithConsent(uri);
      } catch (err) {
        failed(`Pooling Lens cannot read ${nameOf(uri)}: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      if (!read) {
        failed(`Not opened: ${nameOf(uri)} was not read. Close this tab and open the file again to retry.`);
        return;
      }
      const bytes = read;
      try {
        // The member shown before, while the archive still has it; else its first.
        const loaded = await loadFromFile(uri, bytes, member).catch((err: unknown) => {
          if (member === undefined) throw err;
          member = undefined;
          return loadFromFile(uri, bytes, undefined);
        });
        if (!loaded) {
          failed(`Not opened: the array of ${nameOf(uri)} was not read. Close this tab and open the file again to retry.`);
          return;
        }
        member = loaded.source.member;
        const origin: Origin = loaded.origin;
        if (inspector) {
          await inspector.replaceInput(loaded.tensor, loaded.source, origin, bytes);
        } else {
          inspector = InspectorPanel.attach(panel, this.extensionUri, loaded.tensor, loaded.source, origin, undefined, bytes);
          inspector.onPickMember = (key) => {
            member = key;
            void load();
          };
        }
      } catch (err) {
        failed(`Pooling Lens cannot open ${nameOf(uri)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };

    await load();
    // Follow the file on disk (through workspace.fs watching, so remote workspaces work too).
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), nameOf(uri)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 200);
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    panel.onDidDispose(() => {
      clearTimeout(timer);
      watcher.dispose();
    });
  }
}

export function registerNumpyEditor(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.window.registerCustomEditorProvider(NPY_EDITOR_VIEW_TYPE, new NumpyEditorProvider(context.extensionUri), {
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
  ];
}
