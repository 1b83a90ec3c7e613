/**
 * SVDF on CMSIS-NN: arm_svdf_state_s16_s8 (int16 state and time weights, as TFLite Micro calls it for the TFLite int8
 * SVDF), reading the portable binding's constants and the same state buffer. Two int32 buffers: one sum per filter
 * (input_ctx) and one per unit (output_ctx), one after the other in the scratch. svdf_params.input_offset is the input
 * zero point (the kernel negates it), the input (state) clamp is the int16 range and the output clamp the int8 range,
 * as TFLite Micro sets them.
 */
import type { KernelBinding } from '../types.ts'
import { CodegenError } from '../c-call.ts'
import { act, decl, scratchCheck, vendorCall } from './cmsis-call.ts'

export const svdf: KernelBinding<'SVDF'> = {
  op: 'SVDF',
  calls: () => [{ kernel: 'arm_svdf_state_s16_s8', calls: 1 }],
  scratchBytes: (site) => (site.attrs.units * site.attrs.rank + site.attrs.units) * 4,
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    const state = io.state?.[0]
    if (!state) throw new CodegenError(`SVDF ${s}: no state buffer`)
    const filters = d.units * d.rank
    const declarations = [
      decl('cmsis_nn_svdf_params', `${s}_cmsis_params`, { rank: d.rank, input_offset: -d.inputOffset, output_offset: d.outputOffset,
        input_activation: act(-32768, 32767), output_activation: act(-128, 127) }),
      decl('cmsis_nn_per_tensor_quant_params', `${s}_cmsis_in_quant`, { multiplier: d.featureMultiplier, shift: d.featureShift }),
      decl('cmsis_nn_per_tensor_quant_params', `${s}_cmsis_out_quant`, { multiplier: d.outputMultiplier, shift: d.outputShift }),
      decl('cmsis_nn_dims', `${s}_cmsis_input`, { n: 1, h: d.inputSize, w: 1, c: 1 }),
      decl('cmsis_nn_dims', `${s}_cmsis_state`, { n: 1, h: filters * d.memory, w: 1, c: 1 }),
      decl('cmsis_nn_dims', `${s}_cmsis_feature`, { n: filters, h: d.inputSize, w: 1, c: 1 }),
      decl('cmsis_nn_dims', `${s}_cmsis_time`, { n: filters, h: d.memory, w: 1, c: 1 }),
      decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: d.units, h: 1, w: 1, c: 1 }),
      decl('cmsis_nn_dims', `${s}_cmsis_output`, { n: 1, h: d.units, w: 1, c: 1 }),
    ]
    const bias = node.weights.bias ? `${s}_bias` : 'NULL'
    return vendorCall(declarations, [
      '{',
      `    ${scratchCheck(String((filters + d.units) * 4))}`,
      `    const cmsis_nn_context input_ctx = {.buf = tf_scratch, .size = ${filters * 4}};`,
      `    const cmsis_nn_context output_ctx = {.buf = tf_scratch + ${filters}, .size = ${d.units * 4}};`,
      `    TF_CMSIS_CHECK(arm_svdf_state_s16_s8(&input_ctx, &output_ctx, &${s}_cmsis_params, &${s}_cmsis_in_quant, &${s}_cmsis_out_quant, ` +
        `&${s}_cmsis_input, ${io.inputs[0]}, &${s}_cmsis_state, (int16_t *)(void *)(${state}), &${s}_cmsis_feature, ${s}_weights_feature, ` +
        `&${s}_cmsis_time, ${s}_weights_time, &${s}_cmsis_bias, ${bias}, &${s}_cmsis_output, ${io.output}));`,
      '}',
    ])
  },
}
