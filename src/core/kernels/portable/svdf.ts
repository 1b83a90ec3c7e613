/**
 * SVDF on the portable runtime: tf_svdf_s8 (int16 state, one frame per call); its state buffer is state 0 (int16,
 * planned in the arena), zeroed by the reset call (`<prefix>_reset()`). No scratch.
 */
import type { NodeConstant } from '../call-plan.ts'
import type { KernelBinding } from '../types.ts'
import { CodegenError, INPUT0, OUTPUT, PARAMS, constant, int } from '../c-call.ts'

const STATE = { kind: 'state', index: 0, element: 'int16_t' } as const

export const svdf: KernelBinding<'SVDF'> = {
  op: 'SVDF',
  calls: () => [{ kernel: 'tf_svdf_s8', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const { weightsFeature, weightsTime, bias } = node.weights
    if (!(weightsFeature instanceof Int8Array) || !(weightsTime instanceof Int16Array)) throw new CodegenError('SVDF: int8/int16 weights are missing')
    const value = { input_size: d.inputSize, units: d.units, rank: d.rank, memory: d.memory, input_offset: d.inputOffset,
      output_offset: d.outputOffset, feature_multiplier: d.featureMultiplier, feature_shift: d.featureShift,
      output_multiplier: d.outputMultiplier, output_shift: d.outputShift }
    const constants: NodeConstant[] = [{ name: 'weights_feature', type: 'int8_t', data: weightsFeature, weightsSection: true },
      { name: 'weights_time', type: 'int16_t', data: weightsTime, weightsSection: true }]
    if (bias) constants.push({ name: 'bias', type: 'int32_t', data: bias, weightsSection: true })
    return { runtime: ['tf_svdf_s8'], constants, params: { type: 'tf_svdf_s8_params', value },
      invocations: [{ fn: 'tf_svdf_s8', args: [PARAMS, INPUT0, constant('weights_feature'), constant('weights_time'), constant('bias', true),
        STATE, OUTPUT] }],
      reset: [{ fn: 'tf_svdf_s8_reset', args: [int(d.units * d.rank * d.memory), STATE] }] }
  },
}
