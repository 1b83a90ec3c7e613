/**
 * Conv2D on the portable runtime: tf_convolve_s8 (s8, per-channel requantization) or tf_convolve_q7 (pow2), NHWC
 * input, OHWI weights. Scratch: im2col, two columns of kh·kw·Cin int16 in both schemes (the DSP path of
 * Cortex-M4/M7/M33 fills both; the plain C path uses one column, int16 for s8 and int8 for pow2) — the package does not
 * know its core, so it reserves the DSP path's figure on every code path. Palettized weights (palette-call.ts):
 * tf_convolve_s8_pal, whose scratch adds the decoded block of filters. Sparse weights (sparse-call.ts):
 * tf_convolve_s8_sparse, one int16 column. int4 weights: tf_convolve_s4 (the 4-bit palette kernel on the packed
 * nibbles), the palette kernel's scratch. A layer kept at int16 (16x8): tf_convolve_s16 (int64 bias, no scratch).
 */
import type { KernelBinding, KernelSite } from '../types.ts'
import {
  INPUT0, INPUT0_S16, OUTPUT, OUTPUT_S16, PARAMS, clamp, constant, convWindow, dims, int, s16WeightConstants, weightConstants,
} from '../c-call.ts'
import { CODEBOOK, INDICES, decodesBlocks, int4Constants, isInt4, paletteBitsOf, paletteBlock, paletteCalls, paletteConstants } from './palette-call.ts'
import { BITMAP, VALUES, isSparse, sparseConstants } from './sparse-call.ts'

/** Two int16 columns of kh·kw·Cin (4 bytes per window element); 0 when the input is not NHWC. */
export function convColumnBytes(site: KernelSite<'Conv2D'>): number {
  const input = site.inputs[0]?.shape
  if (!input || input.length !== 4) return 0
  const window = site.attrs.kernelH * site.attrs.kernelW * input[3]
  return Number.isFinite(window) ? window * 4 : 0
}

/** Filters a palettized Conv2D decodes at a time (palette-call.ts). */
export function convPaletteBlock(site: KernelSite<'Conv2D'>): number {
  return paletteBlock(site.attrs.filters, convColumnBytes(site) / 4, 2)
}

export const conv2d: KernelBinding<'Conv2D'> = {
  op: 'Conv2D',
  calls: (site) => site.output.dtype === 'int16' ? [{ kernel: 'tf_convolve_s16', calls: 1 }]
    : isInt4(site) ? paletteCalls('tf_convolve_s4', ['tf_convolve_s8_pal', 'tf_palette_decode'])
    : paletteBitsOf(site) !== undefined ? paletteCalls('tf_convolve_s8_pal', ['tf_palette_decode'])
    : isSparse(site) ? paletteCalls('tf_convolve_s8_sparse', [])
    : [{ kernel: site.scheme === 's8' ? 'tf_convolve_s8' : 'tf_convolve_q7', calls: 1 }],
  scratchBytes: (site) => site.output.dtype === 'int16' ? 0 : isSparse(site) ? convColumnBytes(site) / 2
    : convColumnBytes(site) + (decodesBlocks(site) ? convPaletteBlock(site) * convColumnBytes(site) / 4 : 0),
  call(node) {
    const d = node.opData
    const base = { input: dims(d.inputShape), output: dims(d.outputShape), window: convWindow(d) }
    if (d.int16) {
      return { runtime: ['tf_convolve_s16'], constants: s16WeightConstants(node, d),
        params: { type: 'tf_conv_s16_params', value: { ...base, depth_multiplier: 1, act: clamp(d.actMin, d.actMax) } },
        invocations: [{ fn: 'tf_convolve_s16', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0_S16, constant('weights'),
          constant('bias', true), OUTPUT_S16] }] }
    }
    if (d.scheme === 's8') {
      const value = { ...base, input_offset: d.inputOffset, output_offset: d.outputOffset, depth_multiplier: 1, act: clamp(d.actMin, d.actMax) }
      if (isSparse(node.site)) {
        return { runtime: ['tf_convolve_s8', 'tf_convolve_s8_sparse'], constants: sparseConstants(node, d),
          params: { type: 'tf_conv_s8_params', value },
          invocations: [{ fn: 'tf_convolve_s8_sparse', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, BITMAP, VALUES,
            constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int16_t' }] }] }
      }
      if (isInt4(node.site)) {
        return { runtime: ['tf_convolve_s8', 'tf_palette_decode', 'tf_convolve_s8_pal', 'tf_convolve_s4'], constants: int4Constants(node, d),
          params: { type: 'tf_conv_s8_params', value },
          invocations: [{ fn: 'tf_convolve_s4', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
            int(convPaletteBlock(node.site)), constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int16_t' }] }] }
      }
      const bits = paletteBitsOf(node.site)
      if (bits !== undefined) {
        return { runtime: ['tf_convolve_s8', 'tf_palette_decode', 'tf_convolve_s8_pal'], constants: paletteConstants(node, d),
          params: { type: 'tf_conv_s8_params', value },
          invocations: [{ fn: 'tf_convolve_s8_pal', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, INDICES, CODEBOOK,
            int(bits), int(convPaletteBlock(node.site)), constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int16_t' }] }] }
      }
      return { runtime: ['tf_convolve_s8'], constants: weightConstants(node, d), params: { type: 'tf_conv_s8_params', value },
        invocations: [{ fn: 'tf_convolve_s8', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
          constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int16_t' }] }] }
    }
    const value = { ...base, depth_multiplier: 1, bias_shift: d.biasShift, out_shift: d.outShift, act: clamp(d.actMin, d.actMax) }
    return { runtime: ['tf_convolve_q7'], constants: weightConstants(node), params: { type: 'tf_conv_q7_params', value },
      invocations: [{ fn: 'tf_convolve_q7', args: [PARAMS, INPUT0, constant('weights'), constant('bias', true), OUTPUT,
        { kind: 'scratch', element: 'int8_t' }] }] }
  },
}
