/**
 * Which module a name in the file stands for, from its import statements: `import tensorflow as tf`,
 * `from tensorflow.keras.layers import MaxPool2D as MP`, `from torch.nn import functional as F`, ...
 *
 * Contracts:
 * - `resolve('tf.keras.layers.MaxPool2D')` replaces the first component by what it was imported as
 *   (`tensorflow.keras.layers.MaxPool2D`); a name imported by `from m import *` resolves to `m.name` when the
 *   catalogue knows that name (checked by the caller through `starModules`).
 * - Names never imported fall back to the conventions people write in snippets and notebook cells whose imports
 *   are elsewhere: `tf`, `keras`, `layers`, `torch`, `nn`, `F`, `np`. A later import or assignment of the name
 *   wins over the convention.
 * - Relative imports (`from . import x`) bind nothing known.
 */
import type { Statement } from './syntax';

const CONVENTIONS: Readonly<Record<string, string>> = {
  tf: 'tensorflow', tensorflow: 'tensorflow', keras: 'keras', layers: 'keras.layers', torch: 'torch', nn: 'torch.nn',
  F: 'torch.nn.functional', np: 'numpy', numpy: 'numpy',
};

/** `tensorflow.python.keras`, `tf.compat.v2.keras`... are spelled the plain way in the catalogue. */
function canonical(qualified: string): string {
  return qualified
    .replace(/^tensorflow\.compat\.v[12]\./, 'tensorflow.')
    .replace(/^tensorflow\.python\.keras\./, 'tensorflow.keras.')
    .replace(/^keras\.src\.layers\.pooling\.[a-z_0-9]+\./, 'keras.layers.')
    .replace(/^keras\.layers\.pooling\./, 'keras.layers.');
}

export class Imports {
  private readonly aliases = new Map<string, string>();
  /** Names bound by something other than an import (an assignment, a def): conventions no longer apply. */
  private readonly shadowed = new Set<string>();
  readonly starModules: string[] = [];

  add(statement: Statement): void {
    if (statement.k === 'import') {
      for (const { module, alias } of statement.names) {
        if (alias) this.aliases.set(alias, module);
        else {
          const head = module.split('.')[0]!;
          this.aliases.set(head, head);
        }
      }
    } else if (statement.k === 'from') {
      if (statement.module.startsWith('.')) return;
      for (const { name, alias } of statement.names) {
        if (name === '*') this.starModules.push(statement.module);
        else this.aliases.set(alias ?? name, `${statement.module}.${name}`);
      }
    }
  }

  /** Records a plain name assigned in the file (`F = ...`): it no longer means what convention says. */
  shadow(name: string): void {
    if (!this.aliases.has(name)) this.shadowed.add(name);
  }

  /** The fully qualified name for a dotted name as written, or undefined when its head is unknown. */
  resolve(dotted: string): string | undefined {
    const dot = dotted.indexOf('.');
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    const rest = dot < 0 ? '' : dotted.slice(dot);
    const bound = this.aliases.get(head) ?? (this.shadowed.has(head) ? undefined : CONVENTIONS[head]);
    if (bound === undefined) return undefined;
    return canonical(bound + rest);
  }

  /** Local names imported under another name for one of `names` (`MP` for `from ... import MaxPool2D as MP`). */
  aliasesOf(names: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const [alias, target] of this.aliases) if (names.has(target.slice(target.lastIndexOf('.') + 1))) out.push(alias);
    return out;
  }

  /** Candidates for a bare name that no import binds: `m.name` for each `from m import *`. */
  starCandidates(name: string): string[] {
    if (this.aliases.has(name)) return [];
    return this.starModules.map((m) => canonical(`${m}.${name}`));
  }
}
