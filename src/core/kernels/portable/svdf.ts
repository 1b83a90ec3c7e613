/**
 * SVDF on the portable runtime: tf_svdf_s8 (int16 state, one frame per call); its state buffer is `io.state[0]`
 * (int16, planned in the arena), zeroed by `<prefix>_reset()`. No scratch.
 */
import type { KernelBinding } from '../types.ts'
import { CodegenError, decl } from '../c-call.ts'
import { cArray } from '../c-syntax.ts'

export const svdf: KernelBinding<'SVDF'> = {
  op: 'SVDF',
  calls: () => [{ kernel: 'tf_svdf_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    const { weightsFeature, weightsTime, bias } = node.weights
    if (!(weightsFeature instanceof Int8Array) || !(weightsTime instanceof Int16Array)) throw new CodegenError(`SVDF ${s}: int8/int16 weights are missing`)
    const state = io.state?.[0]
    if (!state) throw new CodegenError(`SVDF ${s}: no state buffer`)
    const stateRef = `(int16_t *)(void *)(${state})`
    const params = { input_size: d.inputSize, units: d.units, rank: d.rank, memory: d.memory, input_offset: d.inputOffset,
      output_offset: d.outputOffset, feature_multiplier: d.featureMultiplier, feature_shift: d.featureShift,
      output_multiplier: d.outputMultiplier, output_shift: d.outputShift }
    const constants = [cArray('int8_t', `${s}_weights_feature`, weightsFeature, { attrs: 'TF_WEIGHTS_ATTR' }),
      cArray('int16_t', `${s}_weights_time`, weightsTime, { attrs: 'TF_WEIGHTS_ATTR' })]
    if (bias) constants.push(cArray('int32_t', `${s}_bias`, bias, { attrs: 'TF_WEIGHTS_ATTR' }))
    const args = [`&${s}_params`, io.inputs[0], `${s}_weights_feature`, `${s}_weights_time`, bias ? `${s}_bias` : 'NULL', stateRef, io.output]
    return { runtime: ['tf_svdf_s8'], constants, declarations: [decl('tf_svdf_s8_params', `${s}_params`, params)],
      statements: [`tf_svdf_s8(${args.join(', ')});`], reset: [`tf_svdf_s8_reset(${d.units * d.rank * d.memory}, ${stateRef});`] }
  },
}
