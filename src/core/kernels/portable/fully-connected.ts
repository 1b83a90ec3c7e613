/** FullyConnected on the portable runtime: tf_fully_connected_s8 (per-tensor or per-channel) / tf_fully_connected_q7. No scratch. */
import type { KernelBinding } from '../types.ts'
import { biasRef, clamp, decl, weightConstants } from '../c-call.ts'

export const fullyConnected: KernelBinding<'FullyConnected'> = {
  op: 'FullyConnected',
  calls: (site) => [{ kernel: site.scheme === 's8' ? 'tf_fully_connected_s8' : 'tf_fully_connected_q7', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    if (d.scheme === 's8') {
      const params = { input_length: d.inputLength, units: d.units, input_offset: d.inputOffset, output_offset: d.outputOffset,
        per_channel: d.multipliers.length > 1 ? 1 : 0, act: clamp(d.actMin, d.actMax) }
      return { runtime: ['tf_fully_connected_s8'], constants: weightConstants(node, d),
        declarations: [decl('tf_fc_s8_params', `${s}_params`, params)],
        statements: [`tf_fully_connected_s8(&${s}_params, ${s}_multipliers, ${s}_shifts, ${io.inputs[0]}, ${s}_weights, ${biasRef(node)}, ${io.output});`] }
    }
    const params = { input_length: d.inputLength, units: d.units, bias_shift: d.biasShift, out_shift: d.outShift,
      act: clamp(d.actMin, d.actMax) }
    return { runtime: ['tf_fully_connected_q7'], constants: weightConstants(node),
      declarations: [decl('tf_fc_q7_params', `${s}_params`, params)],
      statements: [`tf_fully_connected_q7(&${s}_params, ${io.inputs[0]}, ${s}_weights, ${biasRef(node)}, ${io.output});`] }
  },
}
