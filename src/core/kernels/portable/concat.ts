/** Concat (channels) on the portable runtime: one tf_concatenation_s8 byte copy per input, at its channel offset. */
import type { KernelBinding } from '../types.ts'

export const concat: KernelBinding<'Concat'> = {
  op: 'Concat',
  calls: (site) => [{ kernel: 'tf_concatenation_s8', calls: Math.max(1, site.inputs.length) }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    let offset = 0
    const statements = d.inputChannels.map((c, port) => {
      const call = `tf_concatenation_s8(${io.inputs[port]}, ${d.rows}, ${c}, ${io.output}, ${d.outputChannels}, ${offset});`
      offset += c
      return call
    })
    return { runtime: ['tf_concatenation_s8'], constants: [], declarations: [], statements }
  },
}
