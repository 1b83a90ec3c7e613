/** Quantize on the portable runtime: tf_requantize (TFLite reference Requantize, int8 ↔ int16). No scratch. */
import type { KernelBinding } from '../types.ts'
import { paramsCall } from '../c-call.ts'

export const quantize: KernelBinding<'Quantize'> = {
  op: 'Quantize',
  calls: () => [{ kernel: 'tf_requantize', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    return paramsCall('tf_requantize', { type: 'tf_requantize_params', value: { size: d.size, input_zero_point: d.inputZeroPoint,
      output_zero_point: d.outputZeroPoint, multiplier: d.multiplier, shift: d.shift, input_type: d.input === 'int16' ? 1 : 0,
      output_type: d.output === 'int16' ? 1 : 0 } })
  },
}
