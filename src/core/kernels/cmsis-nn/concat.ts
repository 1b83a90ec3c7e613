/**
 * Concat on CMSIS-NN: one arm_concatenation_s8_x per input (NHWC channels are the innermost "x" axis); its extents
 * are uint16_t, so rows are copied in blocks of at most 65535.
 */
import type { KernelBinding } from '../types.ts'
import { UINT16_MAX, vendorCall } from './cmsis-call.ts'

export const concat: KernelBinding<'Concat'> = {
  op: 'Concat',
  calls: (site) => [{ kernel: 'arm_concatenation_s8_x', calls: Math.max(1, site.inputs.length) }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    const statements: string[] = []
    let offset = 0
    d.inputChannels.forEach((c, port) => {
      for (let r0 = 0; r0 < d.rows; r0 += UINT16_MAX) {
        const rows = Math.min(UINT16_MAX, d.rows - r0)
        const input = r0 === 0 ? io.inputs[port] : `${io.inputs[port]} + ${r0 * c}`
        const output = r0 === 0 ? io.output : `${io.output} + ${r0 * d.outputChannels}`
        statements.push(`arm_concatenation_s8_x(${input}, ${c}, ${rows}, 1, 1, ${output}, ${d.outputChannels}, ${offset});`)
      }
      offset += c
    })
    return vendorCall([], statements)
  },
}
