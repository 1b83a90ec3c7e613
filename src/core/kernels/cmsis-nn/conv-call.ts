/**
 * The CMSIS-NN call of an s8 Conv2D or DepthwiseConv2D (`depthMultiplier` set for depthwise, else 1); the _s4 wrappers
 * take the same arguments, with `<symbol>_weights` holding the packed int4 filter.
 */
import type { ConvS16OpData, ConvS8OpData } from '../../ops/conv2d.ts'
import type { BoundNode, CallIo, EmittedCall } from '../types.ts'
import { biasRef } from '../c-call.ts'
import { CTX, act, decl, nhwc, scratchCheck, tile, vendorCall } from './cmsis-call.ts'

export type ConvWrapper = 'arm_convolve_wrapper_s8' | 'arm_depthwise_conv_wrapper_s8' | 'arm_convolve_wrapper_s4' | 'arm_depthwise_conv_wrapper_s4'

export function convCall(fn: ConvWrapper, d: ConvS8OpData, depthMultiplier: number,
  node: BoundNode<'Conv2D'> | BoundNode<'DepthwiseConv2D'>, io: CallIo): EmittedCall {
  const s = node.symbol
  const C = d.inputShape[3]
  const OC = d.outputShape[3]
  const depthwise = fn.startsWith('arm_depthwise')
  const common = {
    input_offset: d.inputOffset, output_offset: d.outputOffset,
    ...(depthwise ? { ch_mult: depthMultiplier } : {}),
    stride: tile(d.strideW, d.strideH), padding: tile(d.padLeft, d.padTop), dilation: tile(d.dilationW, d.dilationH),
    activation: act(d.actMin, d.actMax),
  }
  const filter = depthwise ? { n: 1, h: d.kernelH, w: d.kernelW, c: OC } : { n: OC, h: d.kernelH, w: d.kernelW, c: C }
  const declarations = [
    decl(depthwise ? 'cmsis_nn_dw_conv_params' : 'cmsis_nn_conv_params', `${s}_cmsis_params`, common),
    decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
    decl('cmsis_nn_dims', `${s}_cmsis_filter`, filter),
    decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: OC }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, nhwc(d.outputShape)),
  ]
  const dimsArgs = `&${s}_cmsis_params, &${s}_cmsis_input, &${s}_cmsis_filter, &${s}_cmsis_output`
  return vendorCall(declarations, [
    '{',
    `    const cmsis_nn_per_channel_quant_params quant = {.multiplier = (int32_t *)${s}_multipliers, .shift = (int32_t *)${s}_shifts};`,
    `    ${CTX}`,
    `    ${scratchCheck(`${fn}_get_buffer_size(${dimsArgs})`)}`,
    `    TF_CMSIS_CHECK(${fn}(&ctx, &${s}_cmsis_params, &quant, &${s}_cmsis_input, ${io.inputs[0]}, &${s}_cmsis_filter, ` +
      `${s}_weights, &${s}_cmsis_bias, ${biasRef(node)}, &${s}_cmsis_output, ${io.output}));`,
    '}',
  ])
}

/**
 * The CMSIS-NN call of an int16 (16x8) Conv2D or DepthwiseConv2D: arm_convolve_wrapper_s16 (bias as cmsis_nn_bias_data,
 * int64: is_int32_bias false) or arm_depthwise_conv_wrapper_s16 (a plain int64_t bias pointer), zero offsets, the
 * portable binding's int8 weights, int64 `<symbol>_bias` and per-channel multipliers and shifts (v7.0.0 signatures).
 */
export function convCallS16(fn: 'arm_convolve_wrapper_s16' | 'arm_depthwise_conv_wrapper_s16', d: ConvS16OpData, depthMultiplier: number,
  node: BoundNode<'Conv2D'> | BoundNode<'DepthwiseConv2D'>, io: CallIo): EmittedCall {
  const s = node.symbol
  const C = d.inputShape[3]
  const OC = d.outputShape[3]
  const depthwise = fn === 'arm_depthwise_conv_wrapper_s16'
  const common = {
    input_offset: 0, output_offset: 0, ...(depthwise ? { ch_mult: depthMultiplier } : {}),
    stride: tile(d.strideW, d.strideH), padding: tile(d.padLeft, d.padTop), dilation: tile(d.dilationW, d.dilationH),
    activation: act(d.actMin, d.actMax),
  }
  const filter = depthwise ? { n: 1, h: d.kernelH, w: d.kernelW, c: OC } : { n: OC, h: d.kernelH, w: d.kernelW, c: C }
  const declarations = [
    decl(depthwise ? 'cmsis_nn_dw_conv_params' : 'cmsis_nn_conv_params', `${s}_cmsis_params`, common),
    decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
    decl('cmsis_nn_dims', `${s}_cmsis_filter`, filter),
    decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: OC }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, nhwc(d.outputShape)),
  ]
  const dimsArgs = `&${s}_cmsis_params, &${s}_cmsis_input, &${s}_cmsis_filter, &${s}_cmsis_output`
  const bias = depthwise ? biasRef(node) : '&bias'
  return vendorCall(declarations, [
    '{',
    `    const cmsis_nn_per_channel_quant_params quant = {.multiplier = (int32_t *)${s}_multipliers, .shift = (int32_t *)${s}_shifts};`,
    ...(depthwise ? [] : [`    const cmsis_nn_bias_data bias = {.data = ${biasRef(node)}, .is_int32_bias = false};`]),
    `    ${CTX}`,
    `    ${scratchCheck(`${fn}_get_buffer_size(${dimsArgs})`)}`,
    `    TF_CMSIS_CHECK(${fn}(&ctx, &${s}_cmsis_params, &quant, &${s}_cmsis_input, (const int16_t *)(const void *)(${io.inputs[0]}), ` +
      `&${s}_cmsis_filter, ${s}_weights, &${s}_cmsis_bias, ${bias}, &${s}_cmsis_output, (int16_t *)(void *)(${io.output})));`,
    '}',
  ])
}
