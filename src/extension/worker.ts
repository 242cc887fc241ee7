/**
 * Pooling worker (bundled as dist/worker.js): receives one request, pools, replies, and hands the input buffer
 * back by transfer. See poolRunner.ts for the host side.
 */
import { parentPort } from 'node:worker_threads';
import { PoolSpecError, pool } from '../core';
import { NpyFormatError, readNpzMember } from '../io';
import type {
  NpzWorkerReply, NpzWorkerRequest, PoolWorkerRequest, SharedWorkerReply, SharedWorkerRequest, WorkerReply, WorkerRequest,
} from './poolRunner';
import type { Tensor } from '../core';
import { lodPlane } from '../view/lod';
import { viewOf } from './poolRunner';

function exactBuffer(d: ArrayBufferView): ArrayBuffer {
  return d.byteOffset === 0 && d.byteLength === d.buffer.byteLength
    ? d.buffer as ArrayBuffer
    : (d.buffer as ArrayBuffer).slice(d.byteOffset, d.byteOffset + d.byteLength);
}

/** The panel's input, once a `share` message has handed it over (a view of shared memory). */
let shared: Tensor | undefined;

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.kind === 'npzMember') readMember(req);
  else if (req.kind === 'share') shared = { dtype: req.dtype, shape: req.shape, data: req.data };
  else if (req.kind === 'poolShared') poolShared(req);
  else if (req.kind === 'lodShared') lodShared(req);
  else poolOne(req);
});

function errorOf(e: unknown): { name: string; message: string; param?: string; value?: unknown; rule?: string } {
  return e instanceof PoolSpecError
    ? { name: e.name, message: e.message, param: e.param, value: e.value, rule: e.rule }
    : { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) };
}

function lodShared(req: Extract<SharedWorkerRequest, { kind: 'lodShared' }>): void {
  let reply: SharedWorkerReply;
  try {
    if (!shared) throw new Error('the worker has no input (no share message came first)');
    const lod = lodPlane(shared, req.lod.layout, req.lod.sel, req.lod.reduction);
    reply = { seq: req.seq, ok: true, lod };
    parentPort?.postMessage(reply, [lod.codes]);
  } catch (e) {
    reply = { seq: req.seq, ok: false, error: errorOf(e) };
    parentPort?.postMessage(reply);
  }
}

function poolShared(req: Extract<SharedWorkerRequest, { kind: 'poolShared' }>): void {
  let reply: SharedWorkerReply;
  const transfers: ArrayBuffer[] = [];
  try {
    if (!shared) throw new Error('the worker has no input (no share message came first)');
    const r = pool(shared, req.spec);
    const argmax = req.argmax && r.argmax !== undefined ? exactBuffer(r.argmax) : null;
    const out = exactBuffer(r.output.data);
    transfers.push(out);
    if (argmax !== null) transfers.push(argmax);
    const lod = req.lod ? lodPlane(r.output, req.lod.layout, req.lod.sel, req.lod.reduction) : undefined;
    if (lod) transfers.push(lod.codes);
    reply = { seq: req.seq, ok: true, output: { dtype: r.output.dtype, shape: r.output.shape, buffer: out }, argmax, plan: r.plan, backend: r.backend, ...(lod ? { lod } : {}) };
  } catch (e) {
    reply = { seq: req.seq, ok: false, error: errorOf(e) };
  }
  parentPort?.postMessage(reply, transfers);
}

function readMember(req: NpzWorkerRequest): void {
  let reply: NpzWorkerReply;
  const transfers: ArrayBuffer[] = [];
  try {
    const { header, tensor } = readNpzMember(new Uint8Array(req.archive), req.key);
    const buffer = exactBuffer(tensor.data);
    transfers.push(buffer);
    reply = { ok: true, header, tensor: { dtype: tensor.dtype, shape: tensor.shape, buffer } };
  } catch (e) {
    reply = e instanceof NpyFormatError
      ? { ok: false, error: { name: e.name, message: e.message, byteOffset: e.byteOffset, member: e.member } }
      : { ok: false, error: { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) } };
  }
  parentPort?.postMessage(reply, transfers);
}

function poolOne(req: PoolWorkerRequest): void {
  const input = { dtype: req.dtype, shape: req.shape, data: viewOf(req.dtype, req.buffer) };
  let reply: WorkerReply;
  const transfers: ArrayBuffer[] = [req.buffer];
  try {
    const r = pool(input, req.spec);
    const argmax = req.argmax && r.argmax !== undefined ? exactBuffer(r.argmax) : null;
    const out = exactBuffer(r.output.data);
    transfers.push(out);
    if (argmax !== null) transfers.push(argmax);
    reply = {
      ok: true, input: req.buffer, output: { dtype: r.output.dtype, shape: r.output.shape, buffer: out },
      argmax, plan: r.plan, backend: r.backend,
    };
  } catch (e) {
    reply = { ok: false, input: req.buffer, error: errorOf(e) };
  }
  parentPort?.postMessage(reply, transfers);
}
