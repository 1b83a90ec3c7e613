/**
 * Add on CMSIS-NN: arm_elementwise_add_s8 (equal-length vectors, left shift 20, per-input and output rescale); a layer kept
 * at int16: arm_elementwise_add_s16 (same arguments, int16 pointers, left shift 15; it ignores the offsets).
 */
import type { KernelBinding } from '../types.ts'
import { cInit } from '../c-syntax.ts'
import { vendorCall } from './cmsis-call.ts'

export const add: KernelBinding<'Add'> = {
  op: 'Add',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'arm_elementwise_add_s16' : 'arm_elementwise_add_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    const half = (p: string) => `(${d.int16 ? 'int16_t' : 'int8_t'} *)(void *)(${p})`
    const ptr = (p: string) => (d.int16 ? `(const int16_t *)(const void *)(${p})` : p)
    const args = [ptr(io.inputs[0]), ptr(io.inputs[1]), d.input1Offset, d.input1Multiplier, d.input1Shift, d.input2Offset, d.input2Multiplier,
      d.input2Shift, d.leftShift, d.int16 ? half(io.output) : io.output, d.outputOffset, d.outputMultiplier, d.outputShift, d.actMin, d.actMax, d.size]
    return vendorCall([], [`TF_CMSIS_CHECK(arm_elementwise_add_${d.int16 ? 's16' : 's8'}(${args.map((a) => cInit(a)).join(', ')}));`])
  },
}
