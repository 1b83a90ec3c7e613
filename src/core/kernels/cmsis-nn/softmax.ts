/** Softmax on CMSIS-NN: arm_softmax_s8 (rows × row size over the last axis; output 1/256, zero point −128). */
import type { KernelBinding } from '../types.ts'
import { cInit } from '../c-syntax.ts'
import { vendorCall } from './cmsis-call.ts'

export const softmax: KernelBinding<'Softmax'> = {
  op: 'Softmax',
  calls: () => [{ kernel: 'arm_softmax_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    const args = [io.inputs[0], d.rows, d.rowSize, d.multiplier, d.shift, d.diffMin, io.output]
    return vendorCall([], [`arm_softmax_s8(${args.map((a) => cInit(a)).join(', ')});`])
  },
}
