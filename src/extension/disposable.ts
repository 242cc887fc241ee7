// A base for objects that own resources (watchers, event emitters, subscriptions, timers): they register each one
// as they make it, and disposing the owner disposes them all, once. Only `dispose()` is needed of a resource, so
// this module uses no VS Code API at run time and is unit-tested in plain Node.
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposedAlready = false;

  /** True once `dispose()` has run: late async work checks it before touching what was disposed. */
  protected get isDisposed(): boolean {
    return this.disposedAlready;
  }

  /** Takes ownership of `d` and returns it; after `dispose()`, `d` is disposed at once instead. */
  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.disposedAlready) d.dispose();
    else this.owned.push(d);
    return d;
  }

  /**
   * Disposes everything registered, newest first (a subscription goes before the emitter it listens to), and
   * only the first time it is called. A resource that throws does not stop the others; the first error is
   * rethrown after all have been disposed.
   */
  dispose(): void {
    if (this.disposedAlready) return;
    this.disposedAlready = true;
    let failure: { error: unknown } | undefined;
    for (const d of this.owned.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
