/** Softmax on the portable runtime: tf_softmax_s8 (TFLite int8 softmax) / tf_softmax_q7 (arm_softmax_q7's base-2 form). */
import type { KernelBinding } from '../types.ts'
import { decl, simpleCall } from '../c-call.ts'

export const softmax: KernelBinding<'Softmax'> = {
  op: 'Softmax',
  calls: (site) => [{ kernel: site.scheme === 's8' ? 'tf_softmax_s8' : 'tf_softmax_q7', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme === 'pow2') return simpleCall('tf_softmax_q7', `tf_softmax_q7(${io.inputs[0]}, ${d.rows}, ${d.rowSize}, ${io.output});`)
    const params = { rows: d.rows, row_size: d.rowSize, multiplier: d.multiplier, shift: d.shift, diff_min: d.diffMin }
    return simpleCall('tf_softmax_s8', `tf_softmax_s8(&${node.symbol}_params, ${io.inputs[0]}, ${io.output});`,
      [decl('tf_softmax_s8_params', `${node.symbol}_params`, params)])
  },
}
