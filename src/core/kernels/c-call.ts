/**
 * Pieces every C-emitting binding shares: the const parameter-struct declaration, NHWC dims, clamps, the node's
 * weight constants (weights, bias and — s8 — the per-channel multipliers and shifts, written once per node and read
 * by every variant), and the scratch pointer casts. `CodegenError` is an internal invariant broken while emitting.
 */
import type { OpDataOf, OpType } from '../ops/registry.ts'
import type { BoundNode } from './types.ts'
import { cArray, cInit } from './c-syntax.ts'

export class CodegenError extends Error {}

export const SCRATCH_S16 = '(int16_t *)(void *)tf_scratch'
export const SCRATCH_S8 = '(int8_t *)(void *)tf_scratch'

/** `static const <type> <name> = {…};` */
export const decl = (type: string, name: string, value: unknown): string => `static const ${type} ${name} = ${cInit(value)};`

/** {h, w, c} of an NHWC shape; a rank-2 shape is 1×1×N. */
export const dims = (shape: readonly number[]): { h: number; w: number; c: number } => {
  if (shape.length === 4) return { h: shape[1], w: shape[2], c: shape[3] }
  return { h: 1, w: 1, c: shape.reduce((n, d) => n * d, 1) }
}

export const clamp = (min: number, max: number): { min: number; max: number } => ({ min, max })

/** The bias argument: the node's bias array, or NULL. */
export const biasRef = (node: Pick<BoundNode, 'weights' | 'symbol'>): string => (node.weights.bias ? `${node.symbol}_bias` : 'NULL')

function int8Weights<T extends OpType>(node: BoundNode<T>): Int8Array {
  const w = node.weights.weights
  if (!(w instanceof Int8Array)) throw new CodegenError(`${node.site.op} ${node.symbol}: int8 weights are missing`)
  return w
}

/** Weight and bias arrays (in flash, TF_WEIGHTS_ATTR) and, when given, the s8 per-channel multipliers and shifts. */
export function weightConstants<T extends OpType>(node: BoundNode<T>, quant?: { multipliers: number[]; shifts: number[] }): string[] {
  const bias = node.weights.bias
  const out = [cArray('int8_t', `${node.symbol}_weights`, int8Weights(node), { attrs: 'TF_WEIGHTS_ATTR' })]
  if (bias) out.push(cArray(bias instanceof Int32Array ? 'int32_t' : 'int8_t', `${node.symbol}_bias`, bias, { attrs: 'TF_WEIGHTS_ATTR' }))
  if (quant) {
    out.push(cArray('int32_t', `${node.symbol}_multipliers`, quant.multipliers))
    out.push(cArray('int32_t', `${node.symbol}_shifts`, quant.shifts))
  }
  return out
}

/** The window of a convolution's OpData as the runtime's tf_window struct. */
export function convWindow(d: OpDataOf<'Conv2D'> | OpDataOf<'DepthwiseConv2D'>) {
  return {
    kernel_h: d.kernelH, kernel_w: d.kernelW, stride_h: d.strideH, stride_w: d.strideW,
    dilation_h: d.dilationH, dilation_w: d.dilationW, pad_top: d.padTop, pad_left: d.padLeft,
  }
}

/** A call with no declarations and no scratch, of one runtime kernel. */
export function simpleCall(runtime: string, statement: string, declarations: string[] = []) {
  return { runtime: [runtime], constants: [], declarations, statements: [statement] }
}
