/** Add on CMSIS-NN: arm_elementwise_add_s8 (equal-length vectors, left shift 20, per-input and output rescale). */
import type { KernelBinding } from '../types.ts'
import { cInit } from '../c-syntax.ts'
import { vendorCall } from './cmsis-call.ts'

export const add: KernelBinding<'Add'> = {
  op: 'Add',
  calls: () => [{ kernel: 'arm_elementwise_add_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    const args = [io.inputs[0], io.inputs[1], d.input1Offset, d.input1Multiplier, d.input1Shift, d.input2Offset, d.input2Multiplier,
      d.input2Shift, d.leftShift, io.output, d.outputOffset, d.outputMultiplier, d.outputShift, d.actMin, d.actMax, d.size]
    return vendorCall([], [`TF_CMSIS_CHECK(arm_elementwise_add_s8(${args.map((a) => cInit(a)).join(', ')}));`])
  },
}
