/**
 * The TensorFlow.js training twin of an operator (`<op>.tfjs.ts` beside its op file): the float forward on a batch
 * (tensors NHWC with the batch N in place of TinyForge's 1; constants in the IR's layouts — OHWI conv weights,
 * 1HW(C·M) depthwise, [units, inputs] dense), differentiable, with TFLite's padding and pooling semantics so it
 * computes what the op's `evalFloat` computes. Quantization-aware training wraps it: the trainer fake-quantizes the
 * constants (weightQuant facet) and every activation group (outputQuant facet) on the very grids the project's
 * quantization derives (pipelines/train), so the twins themselves stay float.
 * `tf` is passed in, so importing a twin never loads TensorFlow.js.
 */
import type * as tfjs from '@tensorflow/tfjs'

export type Tf = typeof tfjs
export type TfTensor = tfjs.Tensor

export interface TwinForward<A> {
  tf: Tf
  attrs: A
  /** Data inputs in port order, [N, …] each. */
  inputs: readonly TfTensor[]
  /** The node's constants by name ('weights', 'bias'), float, IR layout. */
  weights: Readonly<Record<string, TfTensor>>
  /**
   * Ops with their own constant rule (SVDF, LSTM: `quantizeConstants`, `internalRanges`) only. Training mode: reports
   * the values of each inner range (SVDF 'state', LSTM 'cell'), which the trainer tracks as moving min/max.
   */
  observe?: (name: string, values: TfTensor) => void
  /** Ops with their own constant rule, quantization-aware forward: they fake-quantize their constants themselves. */
  qat?: OwnRuleQat
}

/** What a quantization-aware forward of an op with its own constant rule needs (the trainer's fake-quant.ts helpers). */
export interface OwnRuleQat {
  /** The input's and the output's grids (scale, zero point). */
  input: { scale: number; zeroPoint: number }
  output: { scale: number; zeroPoint: number }
  /** The tracked inner ranges by name. */
  internal: Readonly<Record<string, readonly [number, number]>>
  fakeQuant(tf: Tf, x: TfTensor, scale: number, zeroPoint: number, qmin?: number, qmax?: number): TfTensor
  fakeQuantSymmetric(tf: Tf, w: TfTensor, axis: number | undefined, qmax?: number): { value: TfTensor; scale: TfTensor }
  fakeQuantBias(tf: Tf, b: TfTensor, scale: TfTensor | number): TfTensor
}

export interface TfjsTwin<A> {
  forward(args: TwinForward<A>): TfTensor
  /** Ops with their own constant rule: their constants as the QAT forward uses them (`args.qat` given). */
  qatConstants?(args: TwinForward<A>): Record<string, TfTensor>
}

/** A fused activation on a float tensor: 'none' | 'relu' | 'relu6'. */
export function activate(tf: Tf, x: TfTensor, activation: string): TfTensor {
  if (activation === 'relu') return tf.relu(x)
  if (activation === 'relu6') return tf.relu6(x)
  return x
}
