/**
 * The pooling layers and functions this analysis knows, with their signatures as the libraries declare them
 * (Keras 3, PyTorch 2.13, TensorFlow 2.21): parameter order for positional arguments and the defaults.
 *
 * Keys are fully qualified names after import resolution (imports.ts), e.g. `keras.layers.MaxPooling2D`,
 * `torch.nn.MaxPool2d`, `torch.nn.functional.max_pool2d`, `tensorflow.nn.max_pool2d`.
 */
import type { PoolOp } from '../core';

/** A constant argument as written: int/float, string, bool, None, or a tuple/list of those. */
export type Const = number | string | boolean | null | readonly Const[];

export type LayerFramework = 'keras' | 'pytorch' | 'tf.nn';

export interface LayerDef {
  framework: LayerFramework;
  /** `layer`: the constructor returns a callable applied to the input later. `functional`: the input is the first argument. */
  form: 'layer' | 'functional';
  /** The name the library uses (the class or function name). */
  name: string;
  op: PoolOp;
  /** Spatial rank; 0 for `tf.nn.max_pool`/`avg_pool`, whose rank comes from the input. */
  rank: 0 | 1 | 2 | 3;
  /** Positional parameter order (after the input for functional forms). */
  params: readonly string[];
  /** Defaults; a parameter without a default is required. */
  defaults: Readonly<Record<string, Const>>;
  /** Keyword arguments accepted but not read (`name`, `dtype`, ...). */
  ignored: readonly string[];
}

const KERAS_IGNORED = ['name', 'dtype', 'trainable', 'autocast', 'input_shape', 'batch_size', 'input_dim'];

const catalog = new Map<string, LayerDef>();

function add(prefixes: readonly string[], def: LayerDef, aliases: readonly string[] = []): void {
  for (const p of prefixes) {
    for (const n of [def.name, ...aliases]) catalog.set(`${p}.${n}`, { ...def, name: n });
  }
}

/** Where Keras's layers live, under the names people import them by. */
export const KERAS_LAYER_MODULES = ['keras.layers', 'tensorflow.keras.layers', 'tf_keras.layers', 'keras.api.layers', 'tensorflow.python.keras.layers'];
export const TORCH_NN_MODULES = ['torch.nn', 'torch.nn.modules', 'torch.nn.modules.pooling'];
export const TORCH_FUNCTIONAL_MODULES = ['torch.nn.functional'];
export const TF_NN_MODULES = ['tensorflow.nn'];

for (const r of [1, 2, 3] as const) {
  const tuple = (v: number): Const => (r === 1 ? v : Array.from({ length: r }, () => v));
  const kerasPool = { params: ['pool_size', 'strides', 'padding', 'data_format', 'name'], defaults: { pool_size: tuple(2), strides: null, padding: 'valid', data_format: null }, ignored: KERAS_IGNORED };
  const kerasGlobal = { params: ['data_format', 'keepdims', 'name'], defaults: { data_format: null, keepdims: false }, ignored: KERAS_IGNORED };
  add(KERAS_LAYER_MODULES, { framework: 'keras', form: 'layer', name: `MaxPooling${r}D`, op: 'max', rank: r, ...kerasPool }, [`MaxPool${r}D`]);
  add(KERAS_LAYER_MODULES, { framework: 'keras', form: 'layer', name: `AveragePooling${r}D`, op: 'avg', rank: r, ...kerasPool }, [`AvgPool${r}D`]);
  add(KERAS_LAYER_MODULES, { framework: 'keras', form: 'layer', name: `GlobalMaxPooling${r}D`, op: 'globalMax', rank: r, ...kerasGlobal }, [`GlobalMaxPool${r}D`]);
  add(KERAS_LAYER_MODULES, { framework: 'keras', form: 'layer', name: `GlobalAveragePooling${r}D`, op: 'globalAvg', rank: r, ...kerasGlobal }, [`GlobalAvgPool${r}D`]);

  const torch = { framework: 'pytorch' as const, ignored: [] };
  add(TORCH_NN_MODULES, {
    ...torch, form: 'layer', name: `MaxPool${r}d`, op: 'max', rank: r,
    params: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
    defaults: { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false },
  });
  add(TORCH_NN_MODULES, {
    ...torch, form: 'layer', name: `AvgPool${r}d`, op: 'avg', rank: r,
    params: ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', ...(r === 1 ? [] : ['divisor_override'])],
    defaults: { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, ...(r === 1 ? {} : { divisor_override: null }) },
  });
  add(TORCH_NN_MODULES, { ...torch, form: 'layer', name: `AdaptiveMaxPool${r}d`, op: 'adaptiveMax', rank: r, params: ['output_size', 'return_indices'], defaults: { return_indices: false } });
  add(TORCH_NN_MODULES, { ...torch, form: 'layer', name: `AdaptiveAvgPool${r}d`, op: 'adaptiveAvg', rank: r, params: ['output_size'], defaults: {} });
  add(TORCH_NN_MODULES, { ...torch, form: 'layer', name: `LPPool${r}d`, op: 'lp', rank: r, params: ['norm_type', 'kernel_size', 'stride', 'ceil_mode'], defaults: { stride: null, ceil_mode: false } });

  add(TORCH_FUNCTIONAL_MODULES, {
    ...torch, form: 'functional', name: `max_pool${r}d`, op: 'max', rank: r,
    params: ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'],
    defaults: { stride: null, padding: 0, dilation: 1, ceil_mode: false, return_indices: false },
  });
  add(TORCH_FUNCTIONAL_MODULES, {
    ...torch, form: 'functional', name: `avg_pool${r}d`, op: 'avg', rank: r,
    params: ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', ...(r === 1 ? [] : ['divisor_override'])],
    defaults: { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, ...(r === 1 ? {} : { divisor_override: null }) },
  });
  add(TORCH_FUNCTIONAL_MODULES, { ...torch, form: 'functional', name: `adaptive_max_pool${r}d`, op: 'adaptiveMax', rank: r, params: ['output_size', 'return_indices'], defaults: { return_indices: false } });
  add(TORCH_FUNCTIONAL_MODULES, { ...torch, form: 'functional', name: `adaptive_avg_pool${r}d`, op: 'adaptiveAvg', rank: r, params: ['output_size'], defaults: {} });
  add(TORCH_FUNCTIONAL_MODULES, { ...torch, form: 'functional', name: `lp_pool${r}d`, op: 'lp', rank: r, params: ['norm_type', 'kernel_size', 'stride', 'ceil_mode'], defaults: { stride: null, ceil_mode: false } });

  const format = r === 1 ? 'NWC' : r === 2 ? 'NHWC' : 'NDHWC';
  const tfnn = { framework: 'tf.nn' as const, form: 'functional' as const, rank: r, params: ['ksize', 'strides', 'padding', 'data_format', 'name'], defaults: { data_format: format }, ignored: [] };
  add(TF_NN_MODULES, { ...tfnn, name: `max_pool${r}d`, op: 'max' });
  add(TF_NN_MODULES, { ...tfnn, name: `avg_pool${r}d`, op: 'avg' });
}
{
  const tfnn = { framework: 'tf.nn' as const, form: 'functional' as const, rank: 0 as const, params: ['ksize', 'strides', 'padding', 'data_format', 'name'], defaults: { data_format: null }, ignored: [] };
  add(TF_NN_MODULES, { ...tfnn, name: 'max_pool', op: 'max' }, ['max_pool_v2']);
  add(TF_NN_MODULES, { ...tfnn, name: 'avg_pool', op: 'avg' }, ['avg_pool_v2']);
}

/** The layer or function a fully qualified name denotes, if it is a pooling one. */
export function lookupLayer(qualified: string): LayerDef | undefined {
  return catalog.get(qualified);
}

let shortNames: Set<string> | undefined;

/** The last component of every catalogue name (`MaxPool2D`, `max_pool2d`): a call named otherwise is no layer. */
export function catalogShortNames(): ReadonlySet<string> {
  shortNames ??= new Set([...catalog.keys()].map((k) => k.slice(k.lastIndexOf('.') + 1)));
  return shortNames;
}

/** Every qualified name in the catalogue (for tests). */
export function catalogNames(): string[] {
  return [...catalog.keys()];
}
