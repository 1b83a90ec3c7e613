/**
 * Softmax on the portable runtime: tf_softmax_s8 (TFLite int8 softmax) / tf_softmax_q7 (arm_softmax_q7's base-2 form);
 * tf_softmax_s16 (TFLite int16 softmax, its exp and 1/(1+x) tables as constants) for a layer kept at int16.
 */
import type { KernelBinding } from '../types.ts'
import { INPUT0, INPUT0_S16, OUTPUT, OUTPUT_S16, PARAMS, int, paramsCall } from '../c-call.ts'

export const softmax: KernelBinding<'Softmax'> = {
  op: 'Softmax',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'tf_softmax_s16' : site.scheme === 's8' ? 'tf_softmax_s8' : 'tf_softmax_q7', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    if (d.scheme === 'pow2') {
      return { runtime: ['tf_softmax_q7'], constants: [], invocations: [{ fn: 'tf_softmax_q7', args: [INPUT0, int(d.rows), int(d.rowSize), OUTPUT] }] }
    }
    if (d.int16) {
      return { runtime: ['tf_softmax_s16'], constants: [],
        params: { type: 'tf_softmax_s16_params', value: { rows: d.rows, row_size: d.rowSize, multiplier: d.multiplier, shift: d.shift } },
        invocations: [{ fn: 'tf_softmax_s16', args: [PARAMS, INPUT0_S16, OUTPUT_S16] }] }
    }
    return paramsCall('tf_softmax_s8', { type: 'tf_softmax_s8_params', value: { rows: d.rows, row_size: d.rowSize, multiplier: d.multiplier,
      shift: d.shift, diff_min: d.diffMin } })
  },
}
