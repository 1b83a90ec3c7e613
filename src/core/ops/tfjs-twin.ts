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
}

export interface TfjsTwin<A> {
  forward(args: TwinForward<A>): TfTensor
}

/** A fused activation on a float tensor: 'none' | 'relu' | 'relu6'. */
export function activate(tf: Tf, x: TfTensor, activation: string): TfTensor {
  if (activation === 'relu') return tf.relu(x)
  if (activation === 'relu6') return tf.relu6(x)
  return x
}
