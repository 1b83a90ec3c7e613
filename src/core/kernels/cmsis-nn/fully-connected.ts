/**
 * FullyConnected on CMSIS-NN: arm_fully_connected_wrapper_s8 (per-channel or per-tensor kernel); on Helium the
 * kernel reads the weight row sums, which arm_vector_sum_s8 writes into the scratch first. An int16 layer (16x8):
 * arm_fully_connected_s16. int4 packed weights: arm_fully_connected_s4 (per-tensor quantization only, no buffer); an
 * int4 layer with per-channel scales (an import) has no CMSIS-NN call and runs tf_fully_connected_s4 in both builds.
 */
import type { BoundNode, CallIo, KernelBinding } from '../types.ts'
import { biasRef } from '../c-call.ts'
import { CTX, act, decl, scratchCheck, vendorCall } from './cmsis-call.ts'

export const fullyConnected: KernelBinding<'FullyConnected'> = {
  op: 'FullyConnected',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'arm_fully_connected_s16'
    : site.encoding?.kind === 'int4' ? 'arm_fully_connected_s4' : 'arm_fully_connected_wrapper_s8', calls: 1 }],
  scratchBytes: (site, isa) => (isa === 'mve' && site.output.dtype !== 'int16' && site.encoding?.kind !== 'int4'
    ? site.output.shape[site.output.shape.length - 1] * 4 : 0),
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    if (d.int16) return emitS16(node, io)
    const s = node.symbol
    if (node.site.encoding?.kind === 'int4') {
      if (d.multipliers.length > 1) return undefined
      return vendorCall([
        decl('cmsis_nn_fc_params', `${s}_cmsis_params`, { input_offset: d.inputOffset, filter_offset: 0, output_offset: d.outputOffset,
          activation: act(d.actMin, d.actMax) }),
        decl('cmsis_nn_dims', `${s}_cmsis_input`, { n: 1, h: 1, w: 1, c: d.inputLength }),
        decl('cmsis_nn_dims', `${s}_cmsis_filter`, { n: d.inputLength, h: 1, w: 1, c: d.units }),
        decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: d.units }),
        decl('cmsis_nn_dims', `${s}_cmsis_output`, { n: 1, h: 1, w: 1, c: d.units }),
      ], [
        '{',
        `    const cmsis_nn_per_tensor_quant_params quant = {.multiplier = ${s}_multipliers[0], .shift = ${s}_shifts[0]};`,
        `    ${CTX}`,
        `    TF_CMSIS_CHECK(arm_fully_connected_s4(&ctx, &${s}_cmsis_params, &quant, &${s}_cmsis_input, ${io.inputs[0]}, ` +
          `&${s}_cmsis_filter, ${s}_weights, &${s}_cmsis_bias, ${biasRef(node)}, &${s}_cmsis_output, ${io.output}));`,
        '}',
      ])
    }
    const declarations = [
      decl('cmsis_nn_fc_params', `${s}_cmsis_params`, { input_offset: d.inputOffset, filter_offset: 0, output_offset: d.outputOffset,
        activation: act(d.actMin, d.actMax) }),
      decl('cmsis_nn_dims', `${s}_cmsis_input`, { n: 1, h: 1, w: 1, c: d.inputLength }),
      decl('cmsis_nn_dims', `${s}_cmsis_filter`, { n: d.inputLength, h: 1, w: 1, c: d.units }),
      decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: d.units }),
      decl('cmsis_nn_dims', `${s}_cmsis_output`, { n: 1, h: 1, w: 1, c: d.units }),
    ]
    return vendorCall(declarations, [
      '{',
      `    const cmsis_nn_quant_params quant = {.multiplier = (int32_t *)${s}_multipliers, .shift = (int32_t *)${s}_shifts, ` +
        `.is_per_channel = ${d.multipliers.length > 1 ? 1 : 0}};`,
      `    ${CTX}`,
      `    ${scratchCheck(`arm_fully_connected_s8_get_buffer_size(&${s}_cmsis_filter)`)}`,
      '#if defined(ARM_MATH_MVEI)',
      `    TF_CMSIS_CHECK(arm_vector_sum_s8(tf_scratch, ${d.inputLength}, ${d.units}, ${s}_weights, ${d.inputOffset}, 0, ${biasRef(node)}));`,
      '#endif',
      `    TF_CMSIS_CHECK(arm_fully_connected_wrapper_s8(&ctx, &${s}_cmsis_params, &quant, &${s}_cmsis_input, ${io.inputs[0]}, ` +
        `&${s}_cmsis_filter, ${s}_weights, &${s}_cmsis_bias, ${biasRef(node)}, &${s}_cmsis_output, ${io.output}));`,
      '}',
    ])
  },
}

/**
 * An int16 layer: arm_fully_connected_s16 (per-tensor quant params, int16 in/out, int64 bias — the portable binding writes
 * `<symbol>_bias` as int64_t). It reduces the Q31 multiplier itself (REDUCE_MULTIPLIER) and needs no buffer on any ISA
 * (arm_fully_connected_s16_get_buffer_size returns 0 in v7.0.0).
 */
function emitS16(node: BoundNode<'FullyConnected'>, io: CallIo) {
  const d = node.opData
  if (!d.int16) return undefined
  const s = node.symbol
  const declarations = [
    decl('cmsis_nn_fc_params', `${s}_cmsis_params`, { input_offset: 0, filter_offset: 0, output_offset: 0, activation: act(d.actMin, d.actMax) }),
    decl('cmsis_nn_per_tensor_quant_params', `${s}_cmsis_quant`, { multiplier: d.multiplier, shift: d.shift }),
    decl('cmsis_nn_dims', `${s}_cmsis_input`, { n: 1, h: 1, w: 1, c: d.inputLength }),
    decl('cmsis_nn_dims', `${s}_cmsis_filter`, { n: d.inputLength, h: 1, w: 1, c: d.units }),
    decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: d.units }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, { n: 1, h: 1, w: 1, c: d.units }),
  ]
  return vendorCall(declarations, [
    '{',
    `    ${CTX}`,
    `    TF_CMSIS_CHECK(arm_fully_connected_s16(&ctx, &${s}_cmsis_params, &${s}_cmsis_quant, &${s}_cmsis_input, ` +
      `(const int16_t *)(const void *)(${io.inputs[0]}), &${s}_cmsis_filter, ${s}_weights, &${s}_cmsis_bias, ${biasRef(node)}, ` +
      `&${s}_cmsis_output, (int16_t *)(void *)(${io.output})));`,
    '}',
  ])
}
