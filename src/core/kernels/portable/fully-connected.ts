/** FullyConnected on the portable runtime: tf_fully_connected_s8 (per-tensor or per-channel) / tf_fully_connected_q7. No scratch. */
import type { KernelBinding } from '../types.ts'
import { INPUT0, OUTPUT, PARAMS, clamp, constant, weightConstants } from '../c-call.ts'

export const fullyConnected: KernelBinding<'FullyConnected'> = {
  op: 'FullyConnected',
  calls: (site) => [{ kernel: site.scheme === 's8' ? 'tf_fully_connected_s8' : 'tf_fully_connected_q7', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    if (d.scheme === 's8') {
      const value = { input_length: d.inputLength, units: d.units, input_offset: d.inputOffset, output_offset: d.outputOffset,
        per_channel: d.multipliers.length > 1 ? 1 : 0, act: clamp(d.actMin, d.actMax) }
      return { runtime: ['tf_fully_connected_s8'], constants: weightConstants(node, d), params: { type: 'tf_fc_s8_params', value },
        invocations: [{ fn: 'tf_fully_connected_s8', args: [PARAMS, constant('multipliers'), constant('shifts'), INPUT0, constant('weights'),
          constant('bias', true), OUTPUT] }] }
    }
    const value = { input_length: d.inputLength, units: d.units, bias_shift: d.biasShift, out_shift: d.outShift, act: clamp(d.actMin, d.actMax) }
    return { runtime: ['tf_fully_connected_q7'], constants: weightConstants(node), params: { type: 'tf_fc_q7_params', value },
      invocations: [{ fn: 'tf_fully_connected_q7', args: [PARAMS, INPUT0, constant('weights'), constant('bias', true), OUTPUT] }] }
  },
}
