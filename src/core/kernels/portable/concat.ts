/** Concat (channels) on the portable runtime: one tf_concatenation_s8 byte copy per input, at its channel offset. */
import type { KernelBinding } from '../types.ts'
import { OUTPUT, int } from '../c-call.ts'

export const concat: KernelBinding<'Concat'> = {
  op: 'Concat',
  calls: (site) => [{ kernel: 'tf_concatenation_s8', calls: Math.max(1, site.inputs.length) }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    let offset = 0
    const invocations = d.inputChannels.map((c, port) => {
      const call = { fn: 'tf_concatenation_s8', args: [{ kind: 'input', port } as const, int(d.rows), int(c), OUTPUT, int(d.outputChannels), int(offset)] }
      offset += c
      return call
    })
    return { runtime: ['tf_concatenation_s8'], constants: [], invocations }
  },
}
