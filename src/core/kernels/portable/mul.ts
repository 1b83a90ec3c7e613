/** Mul on the portable runtime: tf_mul_s8 (broadcasting, TFLite requantization) / tf_mul_q7 (arm_nn_mult_q7 + clamp). No scratch. */
import { shapeSize } from '../../ir/types.ts'
import type { KernelBinding } from '../types.ts'
import { clamp, decl, simpleCall } from '../c-call.ts'
import { cInit } from '../c-syntax.ts'
import { binaryDimsC } from './binary-dims.ts'

export const mul: KernelBinding<'Mul'> = {
  op: 'Mul',
  calls: (site) => [{ kernel: site.scheme === 's8' ? 'tf_mul_s8' : 'tf_mul_q7', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme === 'pow2') {
      return simpleCall('tf_mul_q7', `tf_mul_q7(${io.inputs[0]}, ${io.inputs[1]}, ${io.output}, ${shapeSize(d.outputDims)}, ${d.outShift}, ` +
        `(tf_clamp)${cInit(clamp(d.actMin, d.actMax))});`)
    }
    const params = { ...binaryDimsC(d), input1_offset: d.input1Offset, input2_offset: d.input2Offset, output_offset: d.outputOffset,
      multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) }
    return simpleCall('tf_mul_s8', `tf_mul_s8(&${node.symbol}_params, ${io.inputs[0]}, ${io.inputs[1]}, ${io.output});`,
      [decl('tf_mul_s8_params', `${node.symbol}_params`, params)])
  },
}
