// Turns the panel's pool requests into core specs and results ready to post to the webview.
import { castForFramework, describePlan, planPool, PoolSpecError, toSpatialRank, type PoolSpec } from '../core';
import { isMaxOp } from '../core/spec';
import { poolOffThread } from './offThread';
import type { RunPoolResult } from './poolRunner';
import type { LodPlane, OutputPayload, PoolRequest } from '../protocol/messages';
import { exactBuffer, toWire } from '../protocol/wire';
import type { Tensor } from '../core/tensor';

/** The core spec a panel request stands for: the fields its op uses (PyTorch-only ones only under PyTorch rules). */
export function toSpec(r: PoolRequest): PoolSpec {
  const spec: PoolSpec = {
    op: r.op,
    framework: r.framework,
    dataFormat: r.dataFormat,
    nan: r.nan,
    spatialRank: toSpatialRank(r.poolSize.length),
  };
  switch (r.op) {
    case 'globalMax':
    case 'globalAvg':
      spec.keepdims = r.keepdims;
      break;
    case 'adaptiveMax':
    case 'adaptiveAvg':
      spec.outputSize = r.outputSize;
      break;
    case 'max':
    case 'avg':
    case 'lp':
      spec.poolSize = r.poolSize;
      spec.strides = r.strides;
      spec.padding = r.padding;
      if (r.framework === 'pytorch') {
        spec.ceilMode = r.ceilMode;
        if (r.op === 'max') spec.dilation = r.dilation;
        if (r.op === 'avg') {
          spec.countIncludePad = r.countIncludePad;
          if (r.divisorOverride > 0) spec.divisorOverride = r.divisorOverride;
        }
      }
      if (r.op === 'lp') spec.p = r.p;
      break;
  }
  return spec;
}

export function describeAxes(shape: readonly number[], request: PoolRequest | undefined): string {
  if (!request) return '';
  try {
    return planPool(shape, toSpec(request)).axesNote;
  } catch {
    return '';
  }
}

/** Where a pooling runs: the panel's own worker (shared input), or a worker per request. */
export type PoolRunner = (spec: PoolSpec, signal: AbortSignal | undefined, argmax: boolean) => Promise<RunPoolResult & { lod?: LodPlane }>;

export interface ComputedOutput {
  payload: OutputPayload;
  tensor?: Tensor;
  /** Max ops: the winning input cell of each output cell (flat index into the input). */
  argmax?: Int32Array;
  /** The output's overview, when the runner built it where the data was (see src/view/lod.ts). */
  lod?: LodPlane;
  /** Max ops whose argmax was left out to show the values sooner: this computes it (on a worker) when first asked. */
  argmaxLater?: () => Promise<Int32Array | undefined>;
}

/**
 * Pools each request; invalid requests become outputs carrying the core's message instead of values. Max outputs
 * above `argmaxAbove` cells come without their argmax (for a 2048x2048 output it costs more than the values): it is
 * computed by `argmaxLater` when an explanation first needs it. The requests are handed to the runner all at once
 * (a panel's runner pools them on its workers side by side); the results keep the requests' order, and stop at the
 * first one cut short by `signal`.
 */
export async function computeOutputs(
  input: Tensor, requests: readonly PoolRequest[], signal?: AbortSignal, argmaxAbove = Infinity,
  runner: PoolRunner = (spec, sig, argmax) => poolOffThread(input, spec, sig, argmax),
): Promise<ComputedOutput[]> {
  const all = await Promise.all(requests.map((request) => computeOne(input, request, signal, argmaxAbove, runner)));
  const cut = all.indexOf(undefined);
  return (cut === -1 ? all : all.slice(0, cut)) as ComputedOutput[];
}

/** One request's output (see `computeOutputs`); undefined when `signal` cut it short. */
async function computeOne(
  input: Tensor, request: PoolRequest, signal: AbortSignal | undefined, argmaxAbove: number, runner: PoolRunner,
): Promise<ComputedOutput | undefined> {
  if (signal?.aborted) return undefined;
  // A dtype the framework refuses for this op (a uint8 photo in a Keras average) is pooled cast to float32, as
  // the user's code would have to, and the caption says so with the framework's words.
  const { spec, note } = castForFramework(input.shape, toSpec(request), input.dtype);
  try {
    const plan = planPool(input.shape, spec);
    const started = performance.now();
    const later = isMaxOp(plan.op) && plan.outputLength > argmaxAbove;
    const result = await runner(spec, signal, !later);
    const words = describePlan(plan);
    let pending: Promise<Int32Array | undefined> | undefined;
    return {
      tensor: result.output,
      argmax: result.argmax,
      ...(result.lod ? { lod: result.lod } : {}),
      ...(later ? { argmaxLater: () => (pending ??= runner(spec, undefined, true).then((r) => r.argmax)) } : {}),
      payload: {
        id: request.id,
        request,
        title: plan.title,
        caption: note ? `${plan.caption} (${note})` : plan.caption,
        ...(note ? { note: `Pooled as float32: ${note.replace(/^shown for the input cast to float32: /, '')}` } : {}),
        plan,
        keras: words.keras,
        pytorch: words.pytorch,
        output: toWire(result.output),
        argmax: result.argmax ? exactBuffer(result.argmax) : undefined,
        millis: performance.now() - started,
      },
    };
  } catch (err) {
    if (signal?.aborted) return undefined;
    const message = err instanceof PoolSpecError ? err.message : `pooling failed: ${err instanceof Error ? err.message : String(err)}`;
    return { payload: { id: request.id, request, title: request.op, caption: '', error: message } };
  }
}
