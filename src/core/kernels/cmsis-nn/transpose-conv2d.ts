/**
 * TransposeConv2D on CMSIS-NN: arm_transpose_conv_wrapper_s8, which runs arm_convolve_s8 on the stride-upsampled
 * input with a reversed filter when both strides are ≤ 2 and the input has more than 16 channels
 * (REVERSE_TCOL_EFFICIENT_THRESHOLD), else arm_transpose_conv_s8 (a rolling int32 row buffer). Both take a buffer
 * (`_get_buffer_size`), the reverse path a second one for the reversed filter (`_get_reverse_conv_buffer_size`): the
 * call puts them one after the other in the scratch.
 *
 * arm_transpose_conv_s8 of CMSIS-NN v7.0.0 misaligns its row buffer when the top padding is not a multiple of the
 * stride height (e.g. 4×4, stride 2, 'same'): fixed on main by 4a8f5b5d (2026-07, "Fix arm_transpose_conv_s8 row
 * misalignment when pad_h % stride_h != 0"); golden case transpose-conv-s8-k4-s2-pad1 fails with v7.0.0 and passes
 * with main (scripts/verify-cmsis-nn.ts). Such layers keep the portable tf_transpose_conv_s8 in both builds unless the
 * reverse path runs them (it calls arm_convolve_s8, which is exact).
 */
import type { TransposeConvOpData } from '../../ops/transpose-conv2d.ts'
import { transposePadBefore } from '../../ops/transpose-conv2d.ts'
import type { KernelBinding, KernelSite } from '../types.ts'
import { biasRef } from '../c-call.ts'
import { transposeConvS8 } from './buffer-sizes.ts'
import { act, decl, nhwc, scratchCheck, tile, vendorCall } from './cmsis-call.ts'

/** Whether CMSIS-NN v7.0.0 computes the layer exactly: its reverse path, or a top padding that is a multiple of the stride. */
export function cmsisTransposeConvExact(inputChannels: number, strideH: number, strideW: number, padTop: number): boolean {
  const reverse = strideH <= 2 && strideW <= 2 && inputChannels > 16
  return reverse || padTop % strideH === 0
}

function siteExact(site: KernelSite<'TransposeConv2D'>): boolean {
  const input = site.inputs[0]?.shape
  if (!input || input.length !== 4 || site.output.shape.length !== 4) return true
  const padTop = transposePadBefore(input[1], site.attrs.kernelH, site.attrs.strideH, site.output.shape[1])
  return cmsisTransposeConvExact(input[3], site.attrs.strideH, site.attrs.strideW, padTop)
}

const exact = (d: TransposeConvOpData) => cmsisTransposeConvExact(d.inputShape[3], d.strideH, d.strideW, d.padTop)

export const transposeConv2d: KernelBinding<'TransposeConv2D'> = {
  op: 'TransposeConv2D',
  calls: (site) => [{ kernel: siteExact(site) ? 'arm_transpose_conv_wrapper_s8' : 'tf_transpose_conv_s8', calls: 1 }],
  scratchBytes: (site, isa) => (siteExact(site) ? transposeConvS8(isa, site).total : 0),
  emit(node, io) {
    const d = node.opData
    if (!exact(d)) return undefined
    const s = node.symbol
    const [, , , C] = d.inputShape
    const OC = d.outputShape[3]
    const declarations = [
      decl('cmsis_nn_transpose_conv_params', `${s}_cmsis_params`, { input_offset: d.inputOffset, output_offset: d.outputOffset,
        stride: tile(d.strideW, d.strideH), padding: tile(d.padLeft, d.padTop), padding_offsets: tile(0, 0), dilation: tile(1, 1),
        activation: act(d.actMin, d.actMax) }),
      decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
      decl('cmsis_nn_dims', `${s}_cmsis_filter`, { n: OC, h: d.kernelH, w: d.kernelW, c: C }),
      decl('cmsis_nn_dims', `${s}_cmsis_bias`, { n: 1, h: 1, w: 1, c: OC }),
      decl('cmsis_nn_dims', `${s}_cmsis_output`, nhwc(d.outputShape)),
    ]
    const dimsArgs = `&${s}_cmsis_params, &${s}_cmsis_input, &${s}_cmsis_filter`
    return vendorCall(declarations, [
      '{',
      `    const int32_t buf_bytes = (arm_transpose_conv_s8_get_buffer_size(${dimsArgs}, &${s}_cmsis_output) + 3) / 4 * 4;`,
      `    ${scratchCheck(`buf_bytes + arm_transpose_conv_s8_get_reverse_conv_buffer_size(${dimsArgs})`)}`,
      `    const cmsis_nn_per_channel_quant_params quant = {.multiplier = (int32_t *)${s}_multipliers, .shift = (int32_t *)${s}_shifts};`,
      '    const cmsis_nn_context ctx = {.buf = tf_scratch, .size = buf_bytes};',
      '    const cmsis_nn_context reverse_ctx = {.buf = (int8_t *)(void *)tf_scratch + buf_bytes, .size = TF_SCRATCH_BYTES - buf_bytes};',
      `    TF_CMSIS_CHECK(arm_transpose_conv_wrapper_s8(&ctx, &reverse_ctx, &${s}_cmsis_params, &quant, &${s}_cmsis_input, ${io.inputs[0]}, ` +
        `&${s}_cmsis_filter, ${s}_weights, &${s}_cmsis_bias, ${biasRef(node)}, &${s}_cmsis_output, ${io.output}));`,
      '}',
    ])
  },
}
