/**
 * FullyConnected on the portable runtime: tf_fully_connected_s8 (per-tensor or per-channel) / tf_fully_connected_q7, and
 * tf_fully_connected_s16 for a layer kept at int16 (int64 bias: the int32 values widened). No
 * scratch — except with palettized weights (palette-call.ts): tf_fully_connected_s8_pal decodes `block` rows at a time.
 * Sparse weights (sparse-call.ts): tf_fully_connected_s8_sparse, no scratch. int4 weights: tf_fully_connected_s4 (the
 * palette kernel's block and scratch).
 */
import type { KernelBinding, KernelSite } from '../types.ts'
import { CodegenError, INPUT0, INPUT0_S16, OUTPUT, OUTPUT_S16, PARAMS, clamp, constant, int, weightConstants } from '../c-call.ts'
import type { NodeConstant } from '../call-plan.ts'
import { CODEBOOK, INDICES, decodesBlocks, int4Constants, isInt4, paletteBitsOf, paletteBlock, paletteCalls, paletteConstants } from './palette-call.ts'
import { BITMAP, VALUES, isSparse, sparseConstants } from './sparse-call.ts'

/** The flattened input length K of a FullyConnected site. */
const inputLength = (site: KernelSite<'FullyConnected'>) => (site.inputs[0]?.shape ?? []).reduce((n, d) => n * d, 1)

/** Rows a palettized FullyConnected decodes at a time. */
export function fcPaletteBlock(site: KernelSite<'FullyConnected'>): number {
  return paletteBlock(site.attrs.units, inputLength(site), 4)
}

export const fullyConnected: KernelBinding<'FullyConnected'> = {
  op: 'FullyConnected',
  calls: (site) => site.output.dtype === 'int16' ? [{ kernel: 'tf_fully_connected_s16', calls: 1 }]
    : isInt4(site) ? paletteCalls('tf_fully_connected_s4', ['tf_fully_connected_s8_pal', 'tf_fully_connected_s8', 'tf_palette_decode'])
    : paletteBitsOf(site) !== undefined ? paletteCalls('tf_fully_connected_s8_pal', ['tf_fully_connected_s8', 'tf_palette_decode'])
    : isSparse(site) ? paletteCalls('tf_fully_connected_s8_sparse', [])
    : [{ kernel: site.scheme === 's8' ? 'tf_fully_connected_s8' : 'tf_fully_connected_q7', calls: 1 }],
  scratchBytes: (site) => (decodesBlocks(site) ? fcPaletteBlock(site) * inputLength(site) : 0),
  call(node) {
    const d = node.opData
    if (d.int16) {
      const w = node.weights.weights
      if (!(w instanceof Int8Array)) throw new CodegenError('FullyConnected: int8 weights are missing')
      const constants: NodeConstant[] = [{ name: 'weights', type: 'int8_t', data: w, weightsSection: true }]
      if (node.weights.bias) constants.push({ name: 'bias', type: 'int64_t', data: node.weights.bias, weightsSection: true })
      return { runtime: ['tf_fully_connected_s16'], constants,
        params: { type: 'tf_fc_s16_params', value: { input_length: d.inputLength, units: d.units, multiplier: d.multiplier, shift: d.shift,
          act: clamp(d.actMin, d.actMax) } },
        invocations: [{ fn: 'tf_fully_connected_s16', args: [PARAMS, INPUT0_S16, constant('weights'), constant('bias', true), OUTPUT_S16] }] }
    }
    if (d.scheme === 's8') {
      const value = { input_length: d.inputLength, units: d.units, input_offset: d.inputOffset, output_offset: d.outputOffset,
        per_channel: d.multipliers.length > 1 ? 1 : 0, act: clamp(d.actMin, d.actMax) }
      if (isSparse(node.site)) {
        return { runtime: ['tf_fully_connected_s8', 'tf_fully_connected_s8_sparse'], constants: sparseConstants(node, d),
          params: { type: 'tf_fc_s8_params', value },
          invocations: [{ fn: 'tf_fully_connected_s8_sparse', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, BITMAP, VALUES,
            constant('bias', true), OUTPUT] }] }
      }
      if (isInt4(node.site)) {
        return { runtime: ['tf_fully_connected_s8', 'tf_palette_decode', 'tf_fully_connected_s8_pal', 'tf_fully_connected_s4'],
          constants: int4Constants(node, d), params: { type: 'tf_fc_s8_params', value },
          invocations: [{ fn: 'tf_fully_connected_s4', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
            int(fcPaletteBlock(node.site)), constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int8_t' }] }] }
      }
      const bits = paletteBitsOf(node.site)
      if (bits !== undefined) {
        return { runtime: ['tf_fully_connected_s8', 'tf_palette_decode', 'tf_fully_connected_s8_pal'], constants: paletteConstants(node, d),
          params: { type: 'tf_fc_s8_params', value },
          invocations: [{ fn: 'tf_fully_connected_s8_pal', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, INDICES, CODEBOOK,
            int(bits), int(fcPaletteBlock(node.site)), constant('bias', true), OUTPUT, { kind: 'scratch', element: 'int8_t' }] }] }
      }
      return { runtime: ['tf_fully_connected_s8'], constants: weightConstants(node, d), params: { type: 'tf_fc_s8_params', value },
        invocations: [{ fn: 'tf_fully_connected_s8', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
          constant('bias', true), OUTPUT] }] }
    }
    const value = { input_length: d.inputLength, units: d.units, bias_shift: d.biasShift, out_shift: d.outShift, act: clamp(d.actMin, d.actMax) }
    return { runtime: ['tf_fully_connected_q7'], constants: weightConstants(node), params: { type: 'tf_fc_q7_params', value },
      invocations: [{ fn: 'tf_fully_connected_q7', args: [PARAMS, INPUT0, constant('weights'), constant('bias', true), OUTPUT] }] }
  },
}
