/**
 * DepthwiseConv2D on the portable runtime: tf_depthwise_conv_s8 / tf_depthwise_conv_q7 (NHWC input, 1HW(C·M)
 * weights, any depth multiplier and dilation); they share tf_convolve_*'s parameter struct. No scratch.
 */
import type { KernelBinding } from '../types.ts'
import { biasRef, clamp, convWindow, decl, dims, weightConstants } from '../c-call.ts'

export const depthwiseConv2d: KernelBinding<'DepthwiseConv2D'> = {
  op: 'DepthwiseConv2D',
  calls: (site) => [{ kernel: site.scheme === 's8' ? 'tf_depthwise_conv_s8' : 'tf_depthwise_conv_q7', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    const base = { input: dims(d.inputShape), output: dims(d.outputShape), window: convWindow(d) }
    if (d.scheme === 's8') {
      const params = { ...base, input_offset: d.inputOffset, output_offset: d.outputOffset, depth_multiplier: d.depthMultiplier,
        act: clamp(d.actMin, d.actMax) }
      const args = [`&${s}_params`, `${s}_multipliers`, `${s}_shifts`, io.inputs[0], `${s}_weights`, biasRef(node), io.output]
      return { runtime: ['tf_convolve_s8', 'tf_depthwise_conv_s8'], constants: weightConstants(node, d),
        declarations: [decl('tf_conv_s8_params', `${s}_params`, params)], statements: [`tf_depthwise_conv_s8(${args.join(', ')});`] }
    }
    const params = { ...base, depth_multiplier: d.depthMultiplier, bias_shift: d.biasShift, out_shift: d.outShift,
      act: clamp(d.actMin, d.actMax) }
    const args = [`&${s}_params`, io.inputs[0], `${s}_weights`, biasRef(node), io.output]
    return { runtime: ['tf_convolve_q7', 'tf_depthwise_conv_q7'], constants: weightConstants(node),
      declarations: [decl('tf_conv_q7_params', `${s}_params`, params)], statements: [`tf_depthwise_conv_q7(${args.join(', ')});`] }
  },
}
