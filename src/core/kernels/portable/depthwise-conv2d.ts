/**
 * DepthwiseConv2D on the portable runtime: tf_depthwise_conv_s8 / tf_depthwise_conv_q7 (NHWC input, 1HW(C·M)
 * weights, any depth multiplier and dilation); they share tf_convolve_*'s parameter struct. No scratch — except with
 * palettized weights (palette-call.ts): tf_depthwise_conv_s8_pal decodes the whole filter, KH·KW·Cout bytes, first;
 * tf_depthwise_conv_s8_sparse expands sparse weights (sparse-call.ts) the same way, tf_depthwise_conv_s4 int4 weights.
 * A layer kept at int16 (16x8): tf_depthwise_conv_s16 (int64 bias, no scratch).
 */
import type { KernelBinding } from '../types.ts'
import {
  INPUT0, INPUT0_S16, OUTPUT, OUTPUT_S16, PARAMS, clamp, constant, convWindow, dims, int, s16WeightConstants, weightConstants,
} from '../c-call.ts'
import { CODEBOOK, INDICES, decodesBlocks, int4Constants, isInt4, paletteBitsOf, paletteCalls, paletteConstants } from './palette-call.ts'
import { BITMAP, VALUES, isSparse, sparseConstants } from './sparse-call.ts'

export const depthwiseConv2d: KernelBinding<'DepthwiseConv2D'> = {
  op: 'DepthwiseConv2D',
  calls: (site) => site.output.dtype === 'int16' ? [{ kernel: 'tf_depthwise_conv_s16', calls: 1 }]
    : isInt4(site) ? paletteCalls('tf_depthwise_conv_s4', ['tf_depthwise_conv_s8_pal', 'tf_depthwise_conv_s8', 'tf_palette_decode'])
    : paletteBitsOf(site) !== undefined ? paletteCalls('tf_depthwise_conv_s8_pal', ['tf_depthwise_conv_s8', 'tf_palette_decode'])
    : isSparse(site) ? paletteCalls('tf_depthwise_conv_s8_sparse', ['tf_depthwise_conv_s8', 'tf_sparse_expand'])
    : [{ kernel: site.scheme === 's8' ? 'tf_depthwise_conv_s8' : 'tf_depthwise_conv_q7', calls: 1 }],
  scratchBytes: (site) => (site.output.dtype !== 'int16' && (decodesBlocks(site) || isSparse(site)) ? site.attrs.kernelH * site.attrs.kernelW * (site.output.shape[3] ?? 0) : 0),
  call(node) {
    const d = node.opData
    const base = { input: dims(d.inputShape), output: dims(d.outputShape), window: convWindow(d) }
    if (d.int16) {
      return { runtime: ['tf_convolve_s16', 'tf_depthwise_conv_s16'], constants: s16WeightConstants(node, d),
        params: { type: 'tf_conv_s16_params', value: { ...base, depth_multiplier: d.depthMultiplier, act: clamp(d.actMin, d.actMax) } },
        invocations: [{ fn: 'tf_depthwise_conv_s16', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0_S16, constant('weights'),
          constant('bias', true), OUTPUT_S16] }] }
    }
    if (d.scheme === 's8') {
      const value = { ...base, input_offset: d.inputOffset, output_offset: d.outputOffset, depth_multiplier: d.depthMultiplier,
        act: clamp(d.actMin, d.actMax) }
      if (isSparse(node.site)) {
        return { runtime: ['tf_convolve_s8', 'tf_depthwise_conv_s8', 'tf_sparse_expand', 'tf_depthwise_conv_s8_sparse'],
          constants: sparseConstants(node, d), params: { type: 'tf_conv_s8_params', value },
          invocations: [{ fn: 'tf_depthwise_conv_s8_sparse', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, BITMAP, VALUES,
            constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int8_t' }] }] }
      }
      if (isInt4(node.site)) {
        return { runtime: ['tf_convolve_s8', 'tf_depthwise_conv_s8', 'tf_palette_decode', 'tf_depthwise_conv_s8_pal', 'tf_depthwise_conv_s4'],
          constants: int4Constants(node, d), params: { type: 'tf_conv_s8_params', value },
          invocations: [{ fn: 'tf_depthwise_conv_s4', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
            constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int8_t' }] }] }
      }
      const bits = paletteBitsOf(node.site)
      if (bits !== undefined) {
        return { runtime: ['tf_convolve_s8', 'tf_depthwise_conv_s8', 'tf_palette_decode', 'tf_depthwise_conv_s8_pal'],
          constants: paletteConstants(node, d), params: { type: 'tf_conv_s8_params', value },
          invocations: [{ fn: 'tf_depthwise_conv_s8_pal', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, INDICES, CODEBOOK,
            int(bits), constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int8_t' }] }] }
      }
      return { runtime: ['tf_convolve_s8', 'tf_depthwise_conv_s8'], constants: weightConstants(node, d), params: { type: 'tf_conv_s8_params', value },
        invocations: [{ fn: 'tf_depthwise_conv_s8', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
          constant('bias', true), OUTPUT] }] }
    }
    const value = { ...base, depth_multiplier: d.depthMultiplier, bias_shift: d.biasShift, out_shift: d.outShift, act: clamp(d.actMin, d.actMax) }
    return { runtime: ['tf_convolve_q7', 'tf_depthwise_conv_q7'], constants: weightConstants(node), params: { type: 'tf_conv_q7_params', value },
      invocations: [{ fn: 'tf_depthwise_conv_q7', args: [PARAMS, INPUT0, constant('weights'), constant('bias', true), OUTPUT] }] }
  },
}
