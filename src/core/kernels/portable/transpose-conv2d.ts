/**
 * TransposeConv2D on the portable runtime: tf_transpose_conv_s8 (gather form of TFLite's scatter, no accumulator
 * buffer), OHWI weights, per-channel requantization. No scratch.
 */
import type { KernelBinding } from '../types.ts'
import { biasRef, clamp, decl, dims, weightConstants } from '../c-call.ts'

export const transposeConv2d: KernelBinding<'TransposeConv2D'> = {
  op: 'TransposeConv2D',
  calls: () => [{ kernel: 'tf_transpose_conv_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    const window = { kernel_h: d.kernelH, kernel_w: d.kernelW, stride_h: d.strideH, stride_w: d.strideW, dilation_h: 1, dilation_w: 1,
      pad_top: d.padTop, pad_left: d.padLeft }
    const params = { input: dims(d.inputShape), output: dims(d.outputShape), window, input_offset: d.inputOffset,
      output_offset: d.outputOffset, act: clamp(d.actMin, d.actMax) }
    const args = [`&${s}_params`, `${s}_multipliers`, `${s}_shifts`, io.inputs[0], `${s}_weights`, biasRef(node), io.output]
    return { runtime: ['tf_transpose_conv_s8'], constants: weightConstants(node, d),
      declarations: [decl('tf_transpose_conv_s8_params', `${s}_params`, params)], statements: [`tf_transpose_conv_s8(${args.join(', ')});`] }
  },
}
