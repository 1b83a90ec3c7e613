/**
 * What the portable bindings of Conv2D, DepthwiseConv2D and FullyConnected share for sparse weights (the
 * tf_*_s8_sparse kernels, runtime/tf_sparse_weights.h): the node's constants — the bitmap (uint8, one bit per weight)
 * and the non-zero values (int8) in place of the int8 weights, then the bias and the s8 multipliers and shifts.
 */
import type { KernelArg, NodeConstant } from '../call-plan.ts'
import { CodegenError } from '../c-call.ts'
import type { Int8Weights } from '../../ops/op-def.ts'
import type { StoredEncoding } from '../../quant/weight-encoding.ts'
import { packSparse } from '../../quant/weight-encoding.ts'

export const isSparse = (site: { encoding?: StoredEncoding }): boolean => site.encoding?.kind === 'sparse'

/** Bitmap, non-zero values, bias, multipliers and shifts of a sparse s8 node. */
export function sparseConstants(node: { site: { op: string; encoding?: StoredEncoding }; weights: Int8Weights },
  quant: { multipliers: readonly number[]; shifts: readonly number[] }): NodeConstant[] {
  const w = node.weights.weights
  if (!(w instanceof Int8Array) || !isSparse(node.site)) throw new CodegenError(`${node.site.op}: sparse int8 weights are missing`)
  const { bitmap, values } = packSparse(w)
  const bias = node.weights.bias
  const out: NodeConstant[] = [
    { name: 'bitmap', type: 'uint8_t', data: bitmap, weightsSection: true },
    { name: 'values', type: 'int8_t', data: values, weightsSection: true },
  ]
  if (bias) out.push({ name: 'bias', type: 'int32_t', data: bias, weightsSection: true })
  out.push({ name: 'multipliers', type: 'int32_t', data: quant.multipliers, weightsSection: false })
  out.push({ name: 'shifts', type: 'int32_t', data: quant.shifts, weightsSection: false })
  return out
}

export const BITMAP: KernelArg = { kind: 'constant', name: 'bitmap' }
export const VALUES: KernelArg = { kind: 'constant', name: 'values' }
