/**
 * The operator contract. One file per operator under ops/, each exporting one `OpDef` built with
 * `defineOp`, facets in this fixed order: attrs → inputCount → weightSpecs → inferShape → validate →
 * macs → evalFloat → outputQuant → weightQuant | quantizeConstants → costKind → aliasesInput → schemes →
 * stateSpecs → prepare → initState → evalInt8 (facets with defaults are written only where the op differs). Registered by one line in registry.ts; its kernels are
 * bound per kernel runtime in kernels/, its training twins sit beside it (<op>.torch.py).
 *
 * Shapes are NHWC with batch 1. Functions are pure; `inferShape` throws `OpError` with a human sentence
 * when inputs do not fit, which the analyzer turns into a diagnostic on the node.
 */
import type { AttrValue, Attrs, DType, QuantParams, Shape, Tensor, TensorInfo } from '../ir/types.ts'
import { QuantError } from '../quant/kernel-params.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import type { Rounding } from '../quant/fixed-point.ts'

export type OpCategory = 'input' | 'convolution' | 'pooling' | 'dense' | 'recurrent' | 'activation' | 'elementwise' | 'shape' | 'exit'

export type AttrSpec =
  | { kind: 'int'; label: string; default: number; min?: number; max?: number; help?: string }
  | { kind: 'float'; label: string; default: number; min?: number; max?: number; help?: string }
  | { kind: 'enum'; label: string; default: string; options: readonly string[]; help?: string }
  | { kind: 'bool'; label: string; default: boolean; help?: string }
  | { kind: 'ints'; label: string; default: readonly number[]; minLength?: number; maxLength?: number;
      min?: number; max?: number; help?: string }

export type AttrSchema = Readonly<Record<string, AttrSpec>>

/** Initialisation rule of a seeded constant tensor (see ir/seeded-init.ts). */
export type WeightInit = 'he-uniform' | 'glorot-uniform' | 'zeros' | 'ones'

export interface WeightSpec {
  name: string
  shape: Shape
  dtype: DType
  /** Number of inputs feeding one output value; scales the seeded initialisation. */
  fanIn: number
  init: WeightInit
  /**
   * Element type of the deployed constant when it is neither the library's weight type (int8) nor, for 'bias', its
   * bias type: e.g. SVDF's int16 time weights, LSTM's int32 gate biases. The flash estimate reads it.
   */
  deployedDType?: 'int8' | 'int16' | 'int32'
}

/**
 * A state buffer of a stateful operator (SVDF's memory, an LSTM's hidden and cell state): it keeps its values from one
 * invocation to the next (the planner gives it the whole schedule; the C package resets it in `<prefix>_reset()`).
 * `dtype` is the deployed element type; the float engine keeps float32 of the same shape.
 */
export interface StateSpec {
  name: string
  shape: Shape
  dtype: 'int8' | 'int16'
}

/** Element type of a quantized activation tensor. */
export type ActDType = 'int8' | 'int16'

/** One (inputs → output) element-type combination an op's integer kernels take (every data input has `input`'s type). */
export interface DTypeCombo {
  input: ActDType
  output: ActDType
}

/** The integer state of one node, by state name (as `initState` makes it and `evalInt8` updates it in place). */
export type Int8State = Record<string, Int8Array | Int16Array>

/** The float state of one node, by state name (zeros after a reset; `evalFloat` updates it in place). */
export type FloatState = Record<string, Float32Array>

/** Float reference input bundle: tensors of the data inputs (NHWC) and the node's constants. */
export interface FloatEvalArgs<A> {
  attrs: A
  inputs: readonly Float32Array[]
  inputShapes: readonly Shape[]
  weights: Readonly<Record<string, Float32Array>>
  outputShape: Shape
  /** Stateful ops: their state, updated in place (zeros after a reset). */
  state?: FloatState
  /** Calibration hook: an op reports internal values whose range its quantization needs (e.g. an LSTM's cell state). */
  observe?: (name: string, values: ArrayLike<number>) => void
}


/**
 * What `prepare` sees: the node's attrs (defaults filled in), its input and output tensors with their
 * quantization (`quant` is required on every one; `prepare` throws a sentence when one is missing), and its
 * quantized constant tensors (int8 weights, int32 bias for s8, int8 bias for pow2).
 */
export interface PrepareContext<A> {
  scheme: QuantScheme
  attrs: A
  inputs: readonly TensorInfo[]
  output: TensorInfo
  weights: Readonly<Record<string, Tensor>>
  /** Quantization of the node's state buffers (stateful ops; from PTQ or an import). */
  stateQuant?: Readonly<Record<string, QuantParams>>
  /**
   * Requantization rounding of the s8 kernels (quant/fixed-point.ts Rounding; default 'double'): an op that
   * requantizes with MultiplyByQuantizedMultiplier records 'single' in its OpData (kernel-params.ts roundingField).
   */
  rounding?: Rounding
}

/** What `quantizeConstants` sees: the node's float constants, its quantized tensors and what calibration observed. */
export interface ConstantQuantContext<A> {
  scheme: QuantScheme
  attrs: A
  inputs: readonly TensorInfo[]
  output: TensorInfo
  weights: Readonly<Record<string, Float32Array>>
  /** Shapes of the constants (the op's weight specs). */
  shapes: Readonly<Record<string, Shape>>
  origins: Readonly<Record<string, Tensor['origin']>>
  /** Ranges the float reference reported through `observe`, over all calibration samples. */
  observed: Readonly<Record<string, { min: number; max: number }>>
}

/** The quantized constants of a node and the quantization of its state buffers. */
export interface QuantizedConstants {
  weights: Record<string, Tensor>
  state?: Record<string, QuantParams>
}

/**
 * Frozen, JSON-serialisable kernel parameters computed once by `prepare` (multipliers, shifts, zero points,
 * clamps, dims): a discriminated type per operator and scheme (`scheme` is the discriminant). The int8 engine,
 * the kernel bindings (C package) and the exporters read the same OpData, so bit-exactness holds by construction.
 * Which kernel function runs it, and its scratch, are the kernel bindings' business (kernels/), not the op's.
 */
export type OpData = { readonly scheme: QuantScheme }

/** An integer activation tensor: int8, or int16 where a layer runs at 16 bits. */
export type IntTensor = Int8Array | Int16Array

/**
 * Integer constant tensors as `evalInt8` receives them: int8 weights, int32 (s8) or int8 (pow2) bias, int16 where an op
 * keeps 16-bit constants (SVDF's time weights).
 */
export type Int8Weights = Readonly<Record<string, Int8Array | Int16Array | Int32Array>>

/**
 * Kind of work for the latency cost model (estimate/cost-model.ts): a Conv2D with a 1×1 window is 'conv1x1';
 * 'copy' moves or clamps bytes (standalone ReLU/ReLU6, Pad, Concat); 'none' runs no kernel (Input, an aliasing
 * Reshape/Flatten); 'unknown' is an operator TinyForge does not know (priced as elementwise, flagged).
 */
export type OpKind =
  | 'conv' | 'conv1x1' | 'depthwise' | 'fc' | 'pool' | 'elementwise' | 'softmax' | 'copy' | 'none' | 'unknown'

/**
 * How an op's output quantization relates to its inputs, for PTQ and QAT:
 *   'observed' — its own, calibrated from the output's values (the default);
 *   'shared'   — one quantization with every data input: the kernel copies, compares or adds raw values
 *                (pooling, Pad, Reshape, Concat; pow2 ReLU and Add), so inputs and output form one group;
 *   'fixed'    — set by the kernel itself (Softmax's output).
 */
export type OutputQuantRule = { kind: 'observed' } | { kind: 'shared' } | { kind: 'fixed'; quant: QuantParams }

/** How a weighted op's 'weights' constant is quantized in the s8 scheme (pow2 always uses one scale). */
export interface WeightQuantFacet {
  /** Axis of 'weights' along the output channels: 0 for OHWI and [units, inputs], 3 for depthwise 1HW(C·M). */
  channelAxis: number
  /** 'always' one scale per output channel; 'optional' per tensor unless asked (the TFLite converter's FC default). */
  perChannel: 'always' | 'optional'
  /**
   * int4 weights (s8 scheme, the `_s4` kernels: int8 activations, the same requantization): the scale granularity they
   * take — Conv2D and DepthwiseConv2D per channel, FullyConnected per tensor (CMSIS-NN v7.0.0 arm_fully_connected_s4
   * takes cmsis_nn_per_tensor_quant_params). Absent: the op has no int4 kernel.
   */
  int4?: 'per-channel' | 'per-tensor'
}

/**
 * How an op relates its output channels (the last axis) to its inputs', for structured pruning (pipelines/compress):
 *   'produces'    — its output channels are its own filters/units along `weightQuant.channelAxis`; it reads its input's
 *                   channels along `inputAxis` of 'weights' (Conv2D: axis 3 of OHWI; FullyConnected: the columns);
 *   'passthrough' — output channel c is computed from channel c of every data input (pooling, ReLU, Pad, Add, and a
 *                   depth-multiplier-1 DepthwiseConv2D whose 'weights'/'bias' are sliced along the channel too);
 *   'concat'      — the output's channels are the inputs' channels, in port order;
 *   'flatten'     — the output is the input's values in NHWC order, channel fastest (what a following
 *                   FullyConnected reads as columns);
 *   'blocks'      — anything else (the default): channels on either side of it are never pruned.
 */
export type ChannelRule =
  | { kind: 'produces'; inputAxis: number }
  | { kind: 'passthrough' }
  | { kind: 'concat' }
  | { kind: 'flatten' }
  | { kind: 'blocks' }

export interface OpDef<T extends string = string, A extends Attrs = Attrs, D extends OpData = OpData> {
  type: T
  label: string
  category: OpCategory
  /** One line for the palette tooltip and docs: the formula. */
  summary: string
  attrs: AttrSchema
  /** Number of data inputs (edges into the node) for these attrs; 0 for Input. */
  inputCount(attrs: A): number
  /** Constant tensors the op owns for these attrs and input shapes (empty for weightless ops). */
  weightSpecs(attrs: A, inputs: readonly TensorInfo[]): WeightSpec[]
  /** Output shape; throws OpError when the inputs do not fit. */
  inferShape(attrs: A, inputs: readonly TensorInfo[]): Shape
  /** Problems beyond shapes and attribute ranges (empty when fine). */
  validate(attrs: A, inputs: readonly TensorInfo[]): string[]
  /** Multiply-accumulate operations for one inference. */
  macs(attrs: A, inputs: readonly TensorInfo[], output: Shape): number
  /** Float reference implementation (float32 in, float32 out). */
  evalFloat(args: FloatEvalArgs<A>): Float32Array
  /**
   * Output quantization rule in a scheme (default: observed); `dtype` is the output's element type (ops/activation-dtype.ts;
   * absent: int8) — Softmax's fixed output differs at int16.
   */
  outputQuant(scheme: QuantScheme, dtype?: ActDType): OutputQuantRule
  /** Quantization of the 'weights' constant; present exactly on the weighted ops that PTQ quantizes generically. */
  weightQuant?: WeightQuantFacet
  /**
   * Ops with constants beyond weights + bias (SVDF, LSTM): quantizes all of them, and gives the quantization of the
   * state buffers, from the quantized inputs/output and the calibration observations. Replaces the generic rule.
   */
  quantizeConstants?(ctx: ConstantQuantContext<A>): QuantizedConstants
  /**
   * The names of the ranges `evalFloat` reports through `observe` for `quantizeConstants` (SVDF 'state', LSTM 'cell'):
   * what a training run tracks inside the op and a weights file carries (`internal`), checked by name on import.
   */
  internalRanges?: readonly string[]
  /**
   * pow2 ops whose kernel shifts an integer product of its inputs right (Mul's arm_nn_mult_q7): the product's
   * fractional bits from the inputs' and the largest shift the kernel takes. PTQ lowers the output format until
   * 0 ≤ frac(product) − frac(out) ≤ maxShift. (Weighted ops have the same rule with their weights, built in.)
   */
  pow2Product?: { maxShift: number; frac(inputFracs: readonly number[]): number }
  /** The schemes whose int8 kernels run this op (default: both); `prepare` refuses the others with a sentence. */
  schemes: readonly QuantScheme[]
  /** Stateful ops: their state buffers (kept between invocations). */
  stateSpecs?(attrs: A, inputs: readonly TensorInfo[]): StateSpec[]
  /** Stateful ops: the state after a reset (real zero: int8 buffers hold their zero point), from the frozen OpData. */
  initState?(opData: D): Int8State
  /**
   * The activation element types its kernels take, inputs → output (default: int8 → int8 only). An op with an int16
   * form (TFLite's 16x8 scheme: `_s16` kernels) lists it; which one a node runs is ops/activation-dtype.ts's business.
   */
  dtypes: readonly DTypeCombo[]
  /** Latency cost kind (default 'copy'). */
  costKind(attrs: A): OpKind
  /** The output is the input's bytes under another shape: no kernel runs and the planner aliases the buffers. */
  aliasesInput: boolean
  /** How its output channels follow its inputs' (structured pruning); default 'blocks'. */
  channels(attrs: A): ChannelRule
  /** Freezes the kernel parameters of a quantized node; throws an Error with a sentence when it cannot run. */
  prepare?(ctx: PrepareContext<A>): D
  /**
   * Integer reference kernel: int8 (or, where the op has an int16 form, int16) tensors in (port order), the output's
   * element type out, exactly as the library's C kernel. Stateful ops
   * read and update `state` in place (as `initState` made it).
   */
  evalInt8?(opData: D, inputs: readonly IntTensor[], weights: Int8Weights, state?: Int8State): IntTensor
}

/** What an op file writes: the facets with defaults may be left out. */
export type OpSpec<T extends string, A extends Attrs, D extends OpData> =
  Omit<OpDef<T, A, D>, 'outputQuant' | 'costKind' | 'aliasesInput' | 'schemes' | 'channels' | 'dtypes'> &
  Partial<Pick<OpDef<T, A, D>, 'outputQuant' | 'costKind' | 'aliasesInput' | 'schemes' | 'channels' | 'dtypes'>>

/** An OpDef with its attrs and OpData types erased, as the registry hands it out. */
export type AnyOpDef = OpDef<string, Attrs, OpData>

export class OpError extends Error {}

const OBSERVED: OutputQuantRule = Object.freeze({ kind: 'observed' })
/** `dtypes` of an op with int8 kernels only (the default). */
export const INT8_ONLY: readonly DTypeCombo[] = Object.freeze([{ input: 'int8', output: 'int8' }])
/** `dtypes` of an op with an int8 and an int16 (16x8) form, each keeping its element type. */
export const INT8_OR_INT16: readonly DTypeCombo[] = Object.freeze([{ input: 'int8', output: 'int8' }, { input: 'int16', output: 'int16' }])
const BOTH_SCHEMES: readonly QuantScheme[] = Object.freeze(['s8', 'pow2'] as const)
/** `schemes` of an op with s8 kernels only. */
export const S8_ONLY: readonly 's8'[] = Object.freeze(['s8'] as const)
const SHARED: OutputQuantRule = Object.freeze({ kind: 'shared' })
const BLOCKS: ChannelRule = Object.freeze({ kind: 'blocks' })
const PASSTHROUGH: ChannelRule = Object.freeze({ kind: 'passthrough' })

/** The 'passthrough' channel rule (pooling, elementwise, Pad). */
export const passthroughChannels = (): ChannelRule => PASSTHROUGH

/** The 'shared' output rule in every scheme (pooling, Pad, Reshape, Flatten, Concat). */
export const sharedOutputQuant = (): OutputQuantRule => SHARED
/** 'shared' in the pow2 scheme only (its ReLU and Add kernels work on raw q7 values), 'observed' in s8. */
export const sharedInPow2 = (scheme: QuantScheme): OutputQuantRule => (scheme === 'pow2' ? SHARED : OBSERVED)

/** An operator definition with its defaults filled in; keeps the op file's attrs and OpData types. */
export function defineOp<T extends string, A extends Attrs, D extends OpData>(spec: OpSpec<T, A, D>): OpDef<T, A, D> {
  return {
    outputQuant: () => OBSERVED, costKind: () => 'copy', aliasesInput: false, schemes: BOTH_SCHEMES,
    channels: () => BLOCKS, dtypes: INT8_ONLY, ...spec,
  }
}

/**
 * The op's attrs with defaults filled in for missing keys. Typed as the caller's attrs type `A` (every schema key
 * is present afterwards; values are checked separately by `checkAttrs`).
 */
export function withDefaults<A extends Attrs = Record<string, AttrValue>>(schema: AttrSchema, attrs: Attrs): A {
  const out: Record<string, AttrValue> = {}
  for (const [key, spec] of Object.entries(schema)) {
    out[key] = key in attrs ? attrs[key] : Array.isArray(spec.default) ? [...spec.default] : (spec.default as AttrValue)
  }
  for (const [key, value] of Object.entries(attrs)) if (!(key in out)) out[key] = value
  return out as A
}

/** Range/type problems of attribute values against their schema, one sentence each. */
export function checkAttrs(schema: AttrSchema, attrs: Attrs): string[] {
  const problems: string[] = []
  for (const [key, spec] of Object.entries(schema)) {
    const v = attrs[key]
    const name = spec.label
    switch (spec.kind) {
      case 'int':
      case 'float':
        if (typeof v !== 'number' || !Number.isFinite(v)) { problems.push(`${name} must be a number`); break }
        if (spec.kind === 'int' && !Number.isInteger(v)) problems.push(`${name} must be a whole number`)
        if (spec.min !== undefined && v < spec.min) problems.push(`${name} must be at least ${spec.min}`)
        if (spec.max !== undefined && v > spec.max) problems.push(`${name} must be at most ${spec.max}`)
        break
      case 'enum':
        if (typeof v !== 'string' || !spec.options.includes(v)) problems.push(`${name} must be one of ${spec.options.join(', ')}`)
        break
      case 'bool':
        if (typeof v !== 'boolean') problems.push(`${name} must be true or false`)
        break
      case 'ints':
        if (!Array.isArray(v) || v.some((x) => !Number.isInteger(x))) { problems.push(`${name} must be a list of whole numbers`); break }
        if (spec.minLength !== undefined && v.length < spec.minLength) problems.push(`${name} needs at least ${spec.minLength} values`)
        if (spec.maxLength !== undefined && v.length > spec.maxLength) problems.push(`${name} takes at most ${spec.maxLength} values`)
        if (spec.min !== undefined && v.some((x) => x < spec.min!)) problems.push(`${name} values must be at least ${spec.min}`)
        if (spec.max !== undefined && v.some((x) => x > spec.max!)) problems.push(`${name} values must be at most ${spec.max}`)
        break
    }
  }
  return problems
}

/** Output size of a windowed op along one axis (TFLite padding semantics). */
export function windowOutput(input: number, kernel: number, stride: number, dilation: number, padding: string): number {
  const effective = (kernel - 1) * dilation + 1
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - effective) / stride) + 1
}

/** Leading (top/left) padding for TFLite 'same' padding along one axis; 0 for 'valid'. */
export function windowPadBefore(input: number, kernel: number, stride: number, dilation: number, padding: string): number {
  if (padding !== 'same') return 0
  const effective = (kernel - 1) * dilation + 1
  const out = Math.ceil(input / stride)
  const total = Math.max(0, (out - 1) * stride + effective - input)
  return Math.floor(total / 2)
}

/** Applies a fused activation ('none' | 'relu' | 'relu6') to a float value. */
export function activateFloat(x: number, activation: string): number {
  if (activation === 'relu') return x > 0 ? x : 0
  if (activation === 'relu6') return x < 0 ? 0 : x > 6 ? 6 : x
  return x
}

/** Throws a QuantError with a sentence when `scheme` is not one of the op's schemes (for `prepare`). */
export function requireScheme<S extends QuantScheme>(op: string, schemes: readonly S[], scheme: QuantScheme): S {
  if ((schemes as readonly QuantScheme[]).includes(scheme)) return scheme as S
  throw new QuantError(`${op} has ${schemes.join(' and ')} kernels only; the ${scheme} scheme has none ` +
    `(quantize the graph with the ${schemes[0]} scheme)`)
}

/** An int8 tensor of an int8-only kernel; an int16 one here is an engine bug (the analysis refuses such graphs). */
export function int8(t: IntTensor): Int8Array {
  if (!(t instanceof Int8Array)) throw new Error('an int8 kernel got an int16 tensor')
  return t
}

/** Every input of an int8-only kernel as Int8Array (see `int8`). */
export const int8All = (ts: readonly IntTensor[]): Int8Array[] => ts.map(int8)

/** Expect a rank-4 NHWC input of batch 1; returns [H, W, C] or throws OpError naming the op. */
export function expectNHWC(op: string, info: TensorInfo | undefined): [number, number, number] {
  if (!info) throw new OpError(`${op} needs an input`)
  const s = info.shape
  if (s.length !== 4) throw new OpError(`${op} needs a 4-D input (1×H×W×C), got ${s.join('×')}`)
  if (s[0] !== 1) throw new OpError(`${op} supports batch 1 only, got batch ${s[0]}`)
  return [s[1], s[2], s[3]]
}

/** Fused activation names of the contract, in menu order. */
export const ACTIVATIONS = ['none', 'relu', 'relu6'] as const
export type Activation = (typeof ACTIVATIONS)[number]

/** Padding modes of the contract (TFLite semantics: 'same' puts the odd extra cell at bottom/right). */
export const PADDINGS = ['same', 'valid'] as const
export type Padding = (typeof PADDINGS)[number]

/** The shared `activation` attribute spec. */
export function activationAttr(defaultValue: Activation): AttrSpec {
  return { kind: 'enum', label: 'Activation', default: defaultValue, options: ACTIVATIONS,
    help: 'Fused activation applied to every output value' }
}

/** The shared `padding` attribute spec. */
export function paddingAttr(defaultValue: Padding): AttrSpec {
  return { kind: 'enum', label: 'Padding', default: defaultValue, options: PADDINGS,
    help: "'same' keeps ⌈input/stride⌉ outputs (zero border, extra cell at bottom/right); 'valid' uses no border" }
}

/** Clamp bounds [lo, hi] of a fused activation: the float form of TFLite's activation min/max. */
export function activationRange(activation: string): [number, number] {
  if (activation === 'relu') return [0, Infinity]
  if (activation === 'relu6') return [0, 6]
  return [-Infinity, Infinity]
}

/**
 * Output [H, W] of a 2-D window op (TFLite padding). Throws OpError naming the op when the dilated
 * window does not fit the input under 'valid' padding.
 */
export function inferWindow2D(
  op: string, input: readonly [number, number], kernel: readonly [number, number],
  stride: readonly [number, number], dilation: readonly [number, number], padding: string,
): [number, number] {
  const axes = ['height', 'width'] as const
  const out: number[] = []
  for (let a = 0; a < 2; a++) {
    const effective = (kernel[a] - 1) * dilation[a] + 1
    if (padding !== 'same' && effective > input[a]) {
      const dilated = dilation[a] > 1 ? ` (${effective} with dilation ${dilation[a]})` : ''
      throw new OpError(`${op}: the window ${axes[a]} ${kernel[a]}${dilated} is larger than the input ${axes[a]} ` +
        `${input[a]}; use 'same' padding or a smaller window`)
    }
    out.push(windowOutput(input[a], kernel[a], stride[a], dilation[a], padding))
  }
  return [out[0], out[1]]
}

/** A constant tensor of a float evaluation; its absence is an engine bug, not a user error. */
export function requireWeight(weights: Readonly<Record<string, Float32Array>>, name: string, op: string): Float32Array {
  const w = weights[name]
  if (!w) throw new Error(`${op}: constant tensor '${name}' was not provided`)
  return w
}

/**
 * Window attributes shared by Conv2D and DepthwiseConv2D (in inspector order after their channel attribute):
 * kernel 1..32, stride 1..16, dilation 1..16, TFLite padding (default 'same'), bias, fused activation (default relu).
 */
export type ConvWindowAttrs = {
  kernelH: number
  kernelW: number
  strideH: number
  strideW: number
  dilationH: number
  dilationW: number
  padding: Padding
  useBias: boolean
  activation: Activation
}

export const CONV_WINDOW_ATTRS: AttrSchema = {
  kernelH: { kind: 'int', label: 'Kernel height', default: 3, min: 1, max: 32 },
  kernelW: { kind: 'int', label: 'Kernel width', default: 3, min: 1, max: 32 },
  strideH: { kind: 'int', label: 'Stride height', default: 1, min: 1, max: 16 },
  strideW: { kind: 'int', label: 'Stride width', default: 1, min: 1, max: 16 },
  dilationH: { kind: 'int', label: 'Dilation height', default: 1, min: 1, max: 16 },
  dilationW: { kind: 'int', label: 'Dilation width', default: 1, min: 1, max: 16 },
  padding: paddingAttr('same'),
  useBias: { kind: 'bool', label: 'Use bias', default: true },
  activation: activationAttr('relu'),
}
