import * as assert from 'node:assert/strict';
import { Disposable } from '../../../src/extension/disposable';

/** An owner that records the order its resources are disposed in. */
class Owner extends Disposable {
  readonly log: string[] = [];
  take(name: string, fail = false): { dispose(): void } {
    return this.register({
      dispose: () => {
        this.log.push(name);
        if (fail) throw new Error(`${name} failed`);
      },
    });
  }
  get disposed(): boolean {
    return this.isDisposed;
  }
}

describe('Disposable', () => {
  it('disposes what it registered, newest first', () => {
    const o = new Owner();
    o.take('watcher');
    o.take('subscription');
    assert.equal(o.disposed, false);
    o.dispose();
    assert.deepEqual(o.log, ['subscription', 'watcher']);
    assert.equal(o.disposed, true);
  });
  it('disposes once, however often dispose() is called', () => {
    const o = new Owner();
    o.take('a');
    o.dispose();
    o.dispose();
    assert.deepEqual(o.log, ['a']);
  });
  it('disposes a resource registered after dispose() at once', () => {
    const o = new Owner();
    o.dispose();
    o.take('late');
    assert.deepEqual(o.log, ['late']);
  });
  it('a resource that throws does not stop the others; the first error is rethrown', () => {
    const o = new Owner();
    o.take('a');
    o.take('b', true);
    o.take('c', true);
    assert.throws(() => o.dispose(), /c failed/);
    assert.deepEqual(o.log, ['c', 'b', 'a']);
  });
});
