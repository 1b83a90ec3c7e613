/**
 * Mul on the portable runtime: tf_mul_s8 (broadcasting, TFLite requantization) / tf_mul_q7 (arm_nn_mult_q7 + clamp);
 * tf_mul_s16 (same parameters, int16 tensors, offsets 0) for a layer kept at int16. No scratch.
 */
import { shapeSize } from '../../ir/types.ts'
import type { KernelBinding } from '../types.ts'
import { OUTPUT, OUTPUT_S16, PARAMS, clamp, int } from '../c-call.ts'
import { binaryDimsC } from './binary-dims.ts'

const INPUTS = [{ kind: 'input', port: 0 }, { kind: 'input', port: 1 }] as const
const HALVES = [{ kind: 'input', port: 0, element: 'int16_t' }, { kind: 'input', port: 1, element: 'int16_t' }] as const

export const mul: KernelBinding<'Mul'> = {
  op: 'Mul',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'tf_mul_s16' : site.scheme === 's8' ? 'tf_mul_s8' : 'tf_mul_q7', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    if (d.scheme === 'pow2') {
      return { runtime: ['tf_mul_q7'], constants: [], invocations: [{ fn: 'tf_mul_q7', args: [...INPUTS, OUTPUT,
        int(shapeSize(d.outputDims)), int(d.outShift), { kind: 'byValue', struct: { type: 'tf_clamp', value: clamp(d.actMin, d.actMax) } }] }] }
    }
    const value = { ...binaryDimsC(d), input1_offset: d.input1Offset, input2_offset: d.input2Offset, output_offset: d.outputOffset,
      multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) }
    if (d.int16) {
      return { runtime: ['tf_mul_s8', 'tf_mul_s16'], constants: [], params: { type: 'tf_mul_s8_params', value },
        invocations: [{ fn: 'tf_mul_s16', args: [PARAMS, ...HALVES, OUTPUT_S16] }] }
    }
    return { runtime: ['tf_mul_s8'], constants: [], params: { type: 'tf_mul_s8_params', value },
      invocations: [{ fn: 'tf_mul_s8', args: [PARAMS, ...INPUTS, OUTPUT] }] }
  },
}
