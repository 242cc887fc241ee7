// A read-only custom editor for .npy and .npz files: double-clicking one opens the inspector on it.
// Files are read through workspace.fs (remote and virtual workspaces work), large ones with a
// cancellable progress notification and, above the configured size, only after asking. The editor
// follows the file: when it changes on disk, the panel re-reads it.
import * as vscode from 'vscode';
import type { Origin } from '../protocol/messages';
import { fileSizeLimitBytes } from './config';
import { askModal } from './notify';
import { InspectorPanel } from './panel';
import { npzMembers, sizeText, tensorFromFile } from './sources';

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

/**
 * Reads a file, asking first when it is larger than the limit and showing cancellable progress
 * while it loads. Resolves undefined when the user declines or cancels.
 */
export async function readFileWithConsent(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  const stat = await vscode.workspace.fs.stat(uri);
  const limit = fileSizeLimitBytes();
  if (stat.size > limit) {
    const open = 'Open anyway';
    const answer = await askModal(
      `${nameOf(uri)} is ${sizeText(stat.size)}, more than the ${sizeText(limit)} set in "poolingLens.fileSizeLimitMB". Reading it may take a while and a lot of memory.`,
      open,
    );
    if (answer !== open) return undefined;
  }
  if (stat.size < 16 * 1024 * 1024) return vscode.workspace.fs.readFile(uri);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pooling Lens: reading ${nameOf(uri)} (${sizeText(stat.size)})`, cancellable: true },
    async (_progress, token) => {
      const read = vscode.workspace.fs.readFile(uri);
      const cancelled = new Promise<undefined>((resolve) => token.onCancellationRequested(() => resolve(undefined)));
      return Promise.race([read, cancelled]);
    },
  );
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

    const load = async (): Promise<void> => {
      let bytes: Uint8Array | undefined;
      try {
        bytes = await readFileWithConsent(uri);
      } catch (err) {
        const message = `Pooling Lens cannot read ${nameOf(uri)}: ${err instanceof Error ? err.message : String(err)}`;
        if (inspector) inspector.showFailure(message);
        else placeholder(message);
        return;
      }
      if (!bytes) {
        const message = `Not opened: ${nameOf(uri)} was not read. Close this tab and open the file again to retry.`;
        if (inspector) inspector.showFailure(message);
        else placeholder(message);
        return;
      }
      try {
        const isNpz = uri.path.toLowerCase().endsWith('.npz');
        const members = isNpz ? npzMembers(bytes) : undefined;
        if (members && (member === undefined || !members.some((m) => m.key === member))) member = members[0]?.key;
        const loaded = tensorFromFile(uri, bytes, member);
        const source = { ...loaded.source, members, member };
        const origin: Origin = loaded.origin;
        if (inspector) {
          await inspector.replaceInput(loaded.tensor, source, origin);
        } else {
          inspector = InspectorPanel.attach(panel, this.extensionUri, loaded.tensor, source, origin);
          inspector.onPickMember = (key) => {
            member = key;
            void load();
          };
        }
      } catch (err) {
        const message = `Pooling Lens cannot open ${nameOf(uri)}: ${err instanceof Error ? err.message : String(err)}`;
        if (inspector) inspector.showFailure(message);
        else placeholder(message);
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
