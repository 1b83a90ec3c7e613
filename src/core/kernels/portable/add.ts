/** Add on the portable runtime: tf_elementwise_add_s8 (rescale both inputs, requantize) / tf_add_q7 (saturating q7 sum). */
import type { KernelBinding } from '../types.ts'
import { clamp, decl, simpleCall } from '../c-call.ts'
import { cInit } from '../c-syntax.ts'

export const add: KernelBinding<'Add'> = {
  op: 'Add',
  calls: (site) => [{ kernel: site.scheme === 's8' ? 'tf_elementwise_add_s8' : 'tf_add_q7', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme === 'pow2') {
      return simpleCall('tf_add_q7',
        `tf_add_q7(${io.inputs[0]}, ${io.inputs[1]}, ${io.output}, ${d.size}, (tf_clamp)${cInit(clamp(d.actMin, d.actMax))});`)
    }
    const params = { size: d.size, left_shift: d.leftShift, input1_offset: d.input1Offset, input1_multiplier: d.input1Multiplier,
      input1_shift: d.input1Shift, input2_offset: d.input2Offset, input2_multiplier: d.input2Multiplier, input2_shift: d.input2Shift,
      output_offset: d.outputOffset, output_multiplier: d.outputMultiplier, output_shift: d.outputShift, act: clamp(d.actMin, d.actMax) }
    return simpleCall('tf_elementwise_add_s8', `tf_elementwise_add_s8(&${node.symbol}_params, ${io.inputs[0]}, ${io.inputs[1]}, ${io.output});`,
      [decl('tf_add_s8_params', `${node.symbol}_params`, params)])
  },
}
