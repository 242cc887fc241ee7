// A read-only custom editor for .npy and .npz files: double-clicking one opens the inspector on it.
// Files are read through workspace.fs (remote and virtual workspaces work), large ones with a
// cancellable progress notification and, above the configured size, only after asking. The editor
// follows the file: when it changes on disk, the document re-reads it and every editor on it shows the result.
//
// `NumpyFile` (the document) owns the file's state: its bytes, the .npz member shown, the watcher and the
// re-read. `NumpyEditorProvider` only wires each editor's webview panel to a document.
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { plainPage } from './html';
import { InspectorPanel } from './panel';
import { fileName, type Loaded, loadFromFile, readFileWithConsent } from './sources';

export const NPY_EDITOR_VIEW_TYPE = 'poolingLens.npyEditor';

/** Time a burst of change events (an editor saving, a script rewriting the file) is given to settle. */
const RELOAD_DEBOUNCE_MS = 200;

/** What a document has to show: the tensor it read (with the file's bytes) or why it has none. */
export type NumpyFileState =
  | { kind: 'loaded'; loaded: Loaded; bytes: Uint8Array }
  | { kind: 'failed'; message: string };

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class NumpyFile extends Disposable implements vscode.CustomDocument {
  private readonly changes = this.register(new vscode.EventEmitter<NumpyFileState>());
  /** Fires after each re-read, with a new tensor or a failure. */
  readonly onDidChangeState = this.changes.event;
  private current: NumpyFileState | undefined;
  /** The .npz member shown (undefined: the archive's first, and always for a .npy). */
  private member: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Reads the file once (asking first if it is large), then follows it on disk. */
  static async open(uri: vscode.Uri): Promise<NumpyFile> {
    const file = new NumpyFile(uri);
    await file.reload();
    // Watching starts after the first read, so a change on disk cannot ask the size question a second time
    // while the first is still open.
    file.watch();
    return file;
  }

  private constructor(readonly uri: vscode.Uri) {
    super();
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  /** The result of the last read (set once `open` has resolved). */
  get state(): NumpyFileState | undefined {
    return this.current;
  }

  /** Shows another array of the archive: re-reads the file and keeps `key` while the archive has it. */
  pickMember(key: string): void {
    this.member = key;
    void this.reload();
  }

  /**
   * Re-reads the file and fires `onDidChangeState` with the tensor of the member shown before, while the archive
   * still has it, else of its first array; or with a message saying why there is none.
   */
  async reload(): Promise<void> {
    const uri = this.uri;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readFileWithConsent(uri);
    } catch (err) {
      this.settle({ kind: 'failed', message: `Pooling Lens cannot read ${fileName(uri)}: ${messageOf(err)}` });
      return;
    }
    if (!bytes) {
      this.settle({ kind: 'failed', message: `Not opened: ${fileName(uri)} was not read. Close this tab and open the file again to retry.` });
      return;
    }
    const read = bytes;
    try {
      const loaded = await loadFromFile(uri, read, this.member).catch((err: unknown) => {
        if (this.member === undefined) throw err;
        this.member = undefined;
        return loadFromFile(uri, read, undefined);
      });
      if (!loaded) {
        this.settle({ kind: 'failed', message: `Not opened: the array of ${fileName(uri)} was not read. Close this tab and open the file again to retry.` });
        return;
      }
      this.member = loaded.source.member;
      this.settle({ kind: 'loaded', loaded, bytes: read });
    } catch (err) {
      this.settle({ kind: 'failed', message: `Pooling Lens cannot open ${fileName(uri)}: ${messageOf(err)}` });
    }
  }

  private settle(state: NumpyFileState): void {
    if (this.isDisposed) return;
    this.current = state;
    this.changes.fire(state);
  }

  /** Follows the file on disk (through workspace.fs watching, so remote workspaces work too). */
  private watch(): void {
    if (this.isDisposed) return;
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(this.uri, '..'), fileName(this.uri))));
    const changed = (): void => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
    };
    this.register(watcher.onDidChange(changed));
    this.register(watcher.onDidCreate(changed));
  }
}

export class NumpyEditorProvider implements vscode.CustomReadonlyEditorProvider<NumpyFile> {
  constructor(private readonly extensionUri: vscode.Uri) {}

  openCustomDocument(uri: vscode.Uri): Promise<NumpyFile> {
    return NumpyFile.open(uri);
  }

  /** Shows the document's state in `panel` now and after every re-read, until the panel closes. */
  resolveCustomEditor(document: NumpyFile, panel: vscode.WebviewPanel): void {
    const uri = document.uri;
    let inspector: InspectorPanel | undefined;
    const placeholder = (text: string): void => {
      try {
        panel.webview.html = plainPage(text);
      } catch {
        // the editor was closed while the file was read: nothing to show it in
      }
    };
    const failed = (message: string): void => {
      if (inspector) inspector.showFailure(message);
      else placeholder(message);
    };
    const cannotOpen = (err: unknown): void => failed(`Pooling Lens cannot open ${fileName(uri)}: ${messageOf(err)}`);
    const show = (state: NumpyFileState): void => {
      if (state.kind === 'failed') {
        failed(state.message);
        return;
      }
      const { loaded, bytes } = state;
      if (inspector) {
        void inspector.replaceInput(loaded.tensor, loaded.source, loaded.origin, bytes).catch(cannotOpen);
        return;
      }
      try {
        inspector = InspectorPanel.attach(panel, this.extensionUri, loaded.tensor, loaded.source, loaded.origin, undefined, bytes);
        inspector.onPickMember = (key) => document.pickMember(key);
      } catch (err) {
        cannotOpen(err);
      }
    };

    if (document.state) show(document.state);
    const subscription = document.onDidChangeState(show);
    panel.onDidDispose(() => subscription.dispose());
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
