// Reading a panel's input from where it lives: a .npy/.npz file (through workspace.fs, so remote and
// virtual workspaces work) or an array literal in a document. Used by the commands, the custom editor
// and the restore after a window reload.
import * as vscode from 'vscode';
import type { Tensor } from '../core/tensor';
import { findArrayLiteralAt, listNpz, parseArrayLiteral, readNpyWithHeader, readNpzMember, type NpyHeader } from '../io';
import type { Origin, SourceInfo } from '../protocol/messages';

export interface Loaded {
  tensor: Tensor;
  source: SourceInfo;
  origin: Origin;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function headerText(h: NpyHeader): string {
  const order = h.byteOrder === '<' ? 'little-endian' : h.byteOrder === '>' ? 'big-endian' : h.byteOrder === '|' ? 'no byte order' : 'native order';
  return `${h.storedDType} '${h.descr}' · ${order}${h.fortranOrder ? ' · Fortran order' : ''} · .npy v${h.version}`;
}

/** The members of an .npz, for a picker. */
export function npzMembers(bytes: Uint8Array): { key: string; detail: string }[] {
  return listNpz(bytes).map((e) => ({ key: e.key, detail: `${e.method} · ${sizeText(e.uncompressedSize)}` }));
}

/** Reads a .npy, or member `member` of an .npz, from bytes already loaded. */
export function tensorFromFile(uri: vscode.Uri, bytes: Uint8Array, member?: string): Loaded {
  const name = fileName(uri);
  if (name.toLowerCase().endsWith('.npz')) {
    const key = member ?? listNpz(bytes)[0]?.key;
    if (key === undefined) throw new Error(`${name} holds no arrays`);
    const entry = readNpzMember(bytes, key);
    return {
      tensor: entry.tensor,
      source: { label: `${name} · ${key}`, description: `${headerText(entry.header)} · ${sizeText(bytes.length)} archive`, kind: '.npz member' },
      origin: { kind: 'file', uri: uri.toString(), member: key },
    };
  }
  const { header, tensor } = readNpyWithHeader(bytes);
  return {
    tensor,
    source: { label: name, description: `${headerText(header)} · ${sizeText(bytes.length)}`, kind: '.npy file' },
    origin: { kind: 'file', uri: uri.toString() },
  };
}

/** Reads an origin again (after a reload): the file, or the literal where it was if it still parses. */
export async function reload(origin: Origin): Promise<Loaded> {
  const uri = vscode.Uri.parse(origin.uri);
  if (origin.kind === 'file') {
    return tensorFromFile(uri, await vscode.workspace.fs.readFile(uri), origin.member);
  }
  let text = origin.text;
  let note = ' (saved copy: the document changed)';
  let language: string | undefined;
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    language = doc.languageId;
    const all = doc.getText();
    if (all.slice(origin.offset, origin.offset + origin.text.length) === origin.text) {
      note = '';
    } else {
      const found = findArrayLiteralAt(all, Math.min(origin.offset + 1, all.length));
      if (found) {
        text = all.slice(found.start, found.end);
        note = ' (re-read from the document)';
      }
    }
  } catch {
    note = ' (saved copy: the document is not available)';
  }
  const name = fileName(uri);
  return {
    tensor: parseArrayLiteral(text, { language }),
    source: { label: name, description: `${name}${note}`, kind: 'array literal' },
    origin: { ...origin, text },
  };
}
