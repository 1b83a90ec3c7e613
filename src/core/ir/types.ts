/**
 * TinyForge graph IR. Layout is NHWC with batch 1 (shapes include the batch: [1, H, W, C], [1, N]);
 * conv weights are OHWI, depthwise weights 1HW(C·M), fully-connected weights [units, inputs] — as TFLite
 * and CMSIS-NN. Every value here is plain data (JSON-serialisable apart from typed arrays), immutable by
 * convention: edits go through `applyChanges` (changes.ts), never by mutation.
 */

export type DType = 'float32' | 'int8' | 'uint8' | 'int16' | 'int32'

/** Dimensions including the batch dimension (always 1). */
export type Shape = readonly number[]

/**
 * Affine quantization: real = scale · (q − zeroPoint). Per-tensor when `scale` has one entry;
 * per-channel along `axis` otherwise (weights: axis 0 for OHWI, axis 3 for depthwise 1HW(C·M)).
 */
export interface QuantParams {
  scale: number[]
  zeroPoint: number[]
  axis?: number
}

/** What is known about a tensor flowing along an edge (no data). */
export interface TensorInfo {
  shape: Shape
  dtype: DType
  quant?: QuantParams
}

export type TensorData = Float32Array | Int8Array | Uint8Array | Int16Array | Int32Array

/** Where a constant tensor came from: seeded tensors are regenerated when their shape changes. */
export type TensorOrigin = 'seeded' | 'imported' | 'trained'

/** Cluster counts of a palettized tensor (2, 3, 4, 6 and 8-bit indices). */
export const PALETTE_CLUSTERS = [4, 8, 16, 64, 256] as const
export type PaletteClusters = (typeof PALETTE_CLUSTERS)[number]

/**
 * How an int8 weight tensor is stored on the device (pipelines/compress/): `data` always holds the plain int8
 * values every engine and exporter reads; the encoding only changes what the C package stores and the estimator
 * prices. 'palette': the values are the entries of a codebook of at most `clusters` values (weight clustering),
 * stored as packed log2(clusters)-bit indices + the codebook; 'sparse': stored as a bitmap of the non-zero
 * values + those values (magnitude pruning); 'int4': the values lie in [−8, 7] (int4 weights, per-channel scale
 * max|w| / 7), stored two per byte as signed nibbles, CMSIS-NN's packed s4 format (quant/weight-encoding.ts). A tensor
 * whose values break its encoding's promise (more distinct values than clusters, values outside [−8, 7]) is stored
 * dense, with a diagnostic.
 */
export type TensorEncoding = { kind: 'palette'; clusters: PaletteClusters } | { kind: 'sparse' } | { kind: 'int4' }

/** A constant tensor (weights, biases) owned by a node. */
export interface Tensor {
  dtype: DType
  shape: Shape
  data: TensorData
  quant?: QuantParams
  origin: TensorOrigin
  /** Device storage of an int8 weight tensor (absent: dense). */
  encoding?: TensorEncoding
}

export type AttrValue = number | string | boolean | number[]
export type Attrs = Readonly<Record<string, AttrValue>>

/** Weight formats a layer can ask for: int8 (the default, absent) or int4 packed weights (the `_s4` kernels). */
export type WeightPrecision = 'int8' | 'int4'

/**
 * Per-layer quantization choices the user makes (inspector, Quantization tab, `tinyforge quantize --int4`), kept on the
 * node so they survive re-quantization and training: `weights: 'int4'` makes PTQ quantize the layer's weights to int4
 * (quant/weight-quant.ts) and mark them `encoding: { kind: 'int4' }`. Absent: int8.
 */
export interface NodePrecision {
  weights?: WeightPrecision
}

/** Quantization facts attached to a node once quantized or imported from an int8 model. */
export interface NodeQuant {
  output: QuantParams
  /** Stateful ops (SVDF, LSTM): the quantization of their state buffers, by state name. */
  state?: Readonly<Record<string, QuantParams>>
}

export interface Position {
  x: number
  y: number
}

/**
 * One operator instance. `op` names an operator of ops/registry.ts; an op that is not registered
 * (e.g. an imported operator we cannot map) stays in the graph and is reported as a diagnostic.
 */
export interface GraphNode {
  id: string
  op: string
  name: string
  attrs: Attrs
  position: Position
  /** Constant tensors by name ('weights', 'bias'); absent entries are derived by seeded init. */
  weights?: Readonly<Record<string, Tensor>>
  quant?: NodeQuant
  /**
   * Element type of the node's output activations once quantized: 'int16' keeps this layer at 16 bits (TFLite's 16x8
   * scheme: symmetric int16 activations, int8 weights, the library's `_s16` kernels); absent: the library's int8. Ops
   * whose kernels only make int16 (Sigmoid, Tanh) and ops that pass bytes through (Reshape) follow their kernels
   * (ops/activation-dtype.ts). Conversions between int8 and int16 are explicit Quantize nodes.
   */
  activations?: 'int16'
  /** Per-layer quantization choices (int4 weights); absent: the scheme's defaults. */
  precision?: NodePrecision
  /** Free-form provenance, e.g. the source operator of an imported node. */
  source?: { format: string; op: string; name?: string }
}

/** A data connection: the (single) output of `source` feeds input port `targetPort` of `target`. */
export interface Edge {
  id: string
  source: string
  target: string
  targetPort: number
}

export interface Graph {
  nodes: readonly GraphNode[]
  edges: readonly Edge[]
  /** Seed for deterministic weight initialisation of designed layers. */
  seed: number
}

export const EMPTY_GRAPH: Graph = { nodes: [], edges: [], seed: 1 }

export function dtypeBytes(dtype: DType): number {
  switch (dtype) {
    case 'float32':
    case 'int32':
      return 4
    case 'int16':
      return 2
    case 'int8':
    case 'uint8':
      return 1
  }
}

export function shapeSize(shape: Shape): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

export function formatShape(shape: Shape): string {
  return shape.join('×')
}
