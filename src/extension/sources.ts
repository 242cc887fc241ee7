// Reading a panel's input from where it lives: a .npy/.npz file (see platform/files.ts: in Node's host big local
// files straight into shared memory, everything else through workspace.fs, so remote and virtual workspaces and the
// browser work) or an array literal in
// a document. Used by the commands, the custom editor
// and the restore after a window reload.
import * as vscode from 'vscode';
import type { Tensor } from '../core/tensor';
import {
  findArrayLiteralAt, findNpzEntry, listNpzPage, parseArrayLiteral, readNpyWithHeader, readNpzMember, type NpyHeader, type NpzEntry,
} from '../io';
import type { MemberPage, Origin, SourceInfo } from '../protocol/messages';
import { fileSizeLimitBytes } from './config';
import { askModal } from './notify';
import { readNpzMemberOffThread } from './offThread';
import { platform } from './platform';
import { ReadCancelled } from './platform/files';

/** Members above this many inflated bytes are read on a worker thread (inflating and checking them takes time). */
const INLINE_MEMBER_BYTES = 1 << 20;
/** Members listed per page in the panel's picker and the command's quick pick. */
export const MEMBER_PAGE_SIZE = 100;

export interface Loaded {
  tensor: Tensor;
  source: SourceInfo;
  origin: Origin;
}

/** The last segment of a URI's path: how messages name a file. */
export function fileName(uri: vscode.Uri): string {
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

/** One page of an .npz's members, for the panel's picker (an archive may hold a million). */
export function npzMemberPage(bytes: Uint8Array, from: number, size = MEMBER_PAGE_SIZE): MemberPage {
  const page = listNpzPage(bytes, from, size);
  return {
    from: page.from,
    total: page.records,
    members: page.entries.map((e) => ({ key: e.key, detail: `${e.method} · ${sizeText(e.uncompressedSize)}` })),
  };
}

/**
 * Reads a file (see `FileReading.readWholeFile`), asking first when it is larger than `poolingLens.fileSizeLimitMB` and
 * showing cancellable progress while a large one loads. Resolves undefined when the user declines or cancels
 * (a refused modal, as in tests, counts as declining).
 */
export async function readFileWithConsent(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  const stat = await vscode.workspace.fs.stat(uri);
  const limit = fileSizeLimitBytes();
  if (stat.size > limit) {
    const open = 'Open anyway';
    const answer = await askModal(
      `${fileName(uri)} is ${sizeText(stat.size)}, more than the ${sizeText(limit)} set in "poolingLens.fileSizeLimitMB". Reading it may take a while and a lot of memory.`,
      open,
    );
    if (answer !== open) return undefined;
  }
  if (stat.size < 16 * 1024 * 1024) return platform().files.readWholeFile(uri, stat.size);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pooling Lens: reading ${fileName(uri)} (${sizeText(stat.size)})`, cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const step = (bytesRead: number): void => {
        progress.report({ increment: ((bytesRead - reported) / stat.size) * 100, message: `${sizeText(bytesRead)} read` });
        reported = bytesRead;
      };
      const read = platform().files.readWholeFile(uri, stat.size, step, token).catch((err: unknown) => {
        if (err instanceof ReadCancelled) return undefined;
        throw err;
      });
      // workspace.fs reads cannot be stopped: a cancel answers at once and the bytes are dropped when they come.
      const cancelled = new Promise<undefined>((resolve) => token.onCancellationRequested(() => resolve(undefined)));
      return Promise.race([read, cancelled]);
    },
  );
}

/**
 * The user's consent to inflate an .npz member bigger than the size limit: the archive's size says nothing about
 * it (a 1 MiB archive can hold a 1 GiB member), its central directory does. Resolves false when declined.
 */
async function consentToInflate(uri: vscode.Uri, archiveBytes: number, e: NpzEntry): Promise<boolean> {
  const limit = fileSizeLimitBytes();
  if (e.uncompressedSize <= limit) return true;
  const open = 'Open anyway';
  const answer = await askModal(
    `The array '${e.key}' of ${fileName(uri)} (${sizeText(archiveBytes)}) inflates to ${sizeText(e.uncompressedSize)}, more than the ` +
    `${sizeText(limit)} set in "poolingLens.fileSizeLimitMB". Reading it may take a while and a lot of memory.`,
    open,
  );
  return answer === open;
}

/**
 * Reads a .npy, or member `member` (default: the first) of an .npz, from bytes already loaded. An .npz member
 * above the size limit is read only with the user's consent (undefined when declined); big members are inflated
 * on a worker thread. Throws the reader's `NpyFormatError` for a bad file.
 */
export async function loadFromFile(uri: vscode.Uri, bytes: Uint8Array, member?: string, signal?: AbortSignal): Promise<Loaded | undefined> {
  const name = fileName(uri);
  if (name.toLowerCase().endsWith('.npz')) {
    const entry = member !== undefined ? findNpzEntry(bytes, member) : listNpzPage(bytes, 0, 1).entries[0];
    if (entry === undefined) {
      // No such member: the reader's error names the members there are.
      if (member !== undefined) readNpzMember(bytes, member);
      throw new Error(`${name} holds no arrays`);
    }
    if (!(await consentToInflate(uri, bytes.length, entry))) return undefined;
    const read = entry.uncompressedSize > INLINE_MEMBER_BYTES
      ? await readNpzMemberOffThread(bytes, entry.fileName, signal)
      : readNpzMember(bytes, entry.fileName);
    return {
      tensor: read.tensor,
      source: {
        label: `${name} · ${entry.key}`,
        description: `${headerText(read.header)} · ${sizeText(bytes.length)} archive`,
        kind: '.npz member',
        memberPage: npzMemberPage(bytes, 0),
        member: entry.key,
      },
      origin: { kind: 'file', uri: uri.toString(), member: entry.key },
    };
  }
  const { header, tensor } = readNpyWithHeader(bytes);
  return {
    tensor,
    source: { label: name, description: `${headerText(header)} · ${sizeText(bytes.length)}`, kind: '.npy file' },
    origin: { kind: 'file', uri: uri.toString() },
  };
}

/**
 * Reads an origin again (after a reload): the file (with the same size questions as opening it: undefined when
 * declined), or the literal where it was if it still parses. `origin` must have passed `parseSavedState`.
 */
export async function reload(origin: Origin): Promise<Loaded | undefined> {
  const uri = vscode.Uri.parse(origin.uri, true);
  if (origin.kind === 'file') {
    const bytes = await readFileWithConsent(uri);
    return bytes === undefined ? undefined : loadFromFile(uri, bytes, origin.member);
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
