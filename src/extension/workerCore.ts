/**
 * What a pooling worker does, in either runtime: receives a request, pools (or reads an .npz member, or builds an
 * overview), replies, and hands the input buffer back by transfer. The runtimes' entries only connect it to their
 * message port: worker.ts (`worker_threads`, dist/worker.js) and webWorker.ts (a Web Worker, dist/web/worker.js).
 * See poolRunner.ts for the host side. No Node built-ins here.
 */
import { PoolSpecError, pool, type PoolSpec, type Tensor } from '../core';
import { NpyFormatError, readNpzMember } from '../io';
import type {
  NpzWorkerReply, NpzWorkerRequest, PooledReply, PoolWorkerRequest, SharedWorkerReply, SharedWorkerRequest, WorkerError,
  WorkerReply, WorkerRequest,
} from './poolRunner';
import { exactBuffer, fromWire, toWire } from '../protocol/wire';
import { lodPlane } from '../view/lod';

/** The panel's input, once a `share` message has handed it over (a view of shared memory). */
let shared: Tensor | undefined;

/** Sends a reply to the host, transferring `transfers`. */
export type Reply = (message: unknown, transfers: ArrayBuffer[]) => void;

let send: Reply = () => undefined;

/** Answers each request through `send`. */
export function serve(to: Reply): (req: WorkerRequest) => void {
  send = to;
  return handle;
}

function handle(req: WorkerRequest): void {
  if (req.kind === 'npzMember') readMember(req);
  else if (req.kind === 'share') shared = { dtype: req.dtype, shape: req.shape, data: req.data };
  else if (req.kind === 'poolShared') poolShared(req);
  else if (req.kind === 'lodShared') lodShared(req);
  else poolOne(req);
}

function errorOf(e: unknown): WorkerError {
  if (e instanceof PoolSpecError) return { name: e.name, message: e.message, param: e.param, value: e.value, rule: e.rule };
  if (e instanceof NpyFormatError) return { name: e.name, message: e.message, byteOffset: e.byteOffset, member: e.member };
  return { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) };
}

/** Pools `input`: the reply (whose buffers are added to `transfers`) and the output tensor. */
function pooled(input: Tensor, spec: PoolSpec, argmax: boolean, transfers: ArrayBuffer[]): { reply: PooledReply; output: Tensor } {
  const r = pool(input, spec);
  const reply: PooledReply = {
    output: toWire(r.output), argmax: argmax && r.argmax !== undefined ? exactBuffer(r.argmax) : null, plan: r.plan, backend: r.backend,
  };
  transfers.push(reply.output.buffer);
  if (reply.argmax !== null) transfers.push(reply.argmax);
  return { reply, output: r.output };
}

function sharedInput(): Tensor {
  if (!shared) throw new Error('the worker has no input (no share message came first)');
  return shared;
}

function lodShared(req: Extract<SharedWorkerRequest, { kind: 'lodShared' }>): void {
  let message: SharedWorkerReply;
  const transfers: ArrayBuffer[] = [];
  try {
    const lod = lodPlane(sharedInput(), req.lod.layout, req.lod.sel, req.lod.reduction);
    transfers.push(lod.codes);
    message = { seq: req.seq, ok: true, lod };
  } catch (e) {
    message = { seq: req.seq, ok: false, error: errorOf(e) };
  }
  send(message, transfers);
}

function poolShared(req: Extract<SharedWorkerRequest, { kind: 'poolShared' }>): void {
  let message: SharedWorkerReply;
  const transfers: ArrayBuffer[] = [];
  try {
    const r = pooled(sharedInput(), req.spec, req.argmax, transfers);
    const lod = req.lod ? lodPlane(r.output, req.lod.layout, req.lod.sel, req.lod.reduction) : undefined;
    if (lod) transfers.push(lod.codes);
    message = { seq: req.seq, ok: true, ...r.reply, ...(lod ? { lod } : {}) };
  } catch (e) {
    message = { seq: req.seq, ok: false, error: errorOf(e) };
  }
  send(message, transfers);
}

function readMember(req: NpzWorkerRequest): void {
  let message: NpzWorkerReply;
  const transfers: ArrayBuffer[] = [];
  try {
    const { header, tensor } = readNpzMember(new Uint8Array(req.archive), req.key);
    const wire = toWire(tensor);
    transfers.push(wire.buffer);
    message = { ok: true, header, tensor: wire };
  } catch (e) {
    message = { ok: false, error: errorOf(e) };
  }
  send(message, transfers);
}

function poolOne(req: PoolWorkerRequest): void {
  let message: WorkerReply;
  const transfers: ArrayBuffer[] = [req.input.buffer];
  try {
    message = { ok: true, input: req.input.buffer, ...pooled(fromWire(req.input), req.spec, req.argmax, transfers).reply };
  } catch (e) {
    message = { ok: false, input: req.input.buffer, error: errorOf(e) };
  }
  send(message, transfers);
}
