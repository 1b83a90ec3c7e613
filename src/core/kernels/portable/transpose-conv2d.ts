/**
 * TransposeConv2D on the portable runtime: tf_transpose_conv_s8 (gather form of TFLite's scatter, no accumulator
 * buffer), OHWI weights, per-channel requantization. No scratch.
 */
import type { KernelBinding } from '../types.ts'
import { INPUT0, OUTPUT, PARAMS, clamp, constant, dims, weightConstants } from '../c-call.ts'

export const transposeConv2d: KernelBinding<'TransposeConv2D'> = {
  op: 'TransposeConv2D',
  calls: () => [{ kernel: 'tf_transpose_conv_s8', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const window = { kernel_h: d.kernelH, kernel_w: d.kernelW, stride_h: d.strideH, stride_w: d.strideW, dilation_h: 1, dilation_w: 1,
      pad_top: d.padTop, pad_left: d.padLeft }
    const value = { input: dims(d.inputShape), output: dims(d.outputShape), window, input_offset: d.inputOffset,
      output_offset: d.outputOffset, act: clamp(d.actMin, d.actMax) }
    return { runtime: ['tf_transpose_conv_s8'], constants: weightConstants(node, d), params: { type: 'tf_transpose_conv_s8_params', value },
      invocations: [{ fn: 'tf_transpose_conv_s8', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
        constant('bias', true), OUTPUT] }] }
  },
}
