/** Quantize on the portable runtime: tf_requantize_<in>_<out> (TFLite reference Requantize, int8 ↔ int16). No scratch. */
import type { KernelArg } from '../call-plan.ts'
import type { KernelBinding } from '../types.ts'
import { INPUT0, INPUT0_S16, OUTPUT, OUTPUT_S16, PARAMS } from '../c-call.ts'

const suffix = (t: 'int8' | 'int16') => (t === 'int16' ? 's16' : 's8')

export const quantize: KernelBinding<'Quantize'> = {
  op: 'Quantize',
  calls: (site) => [{ kernel: `tf_requantize_${suffix(site.inputs[0]?.dtype === 'int16' ? 'int16' : 'int8')}_${suffix(site.output.dtype === 'int16' ? 'int16' : 'int8')}`, calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const input: KernelArg = d.input === 'int16' ? INPUT0_S16 : INPUT0
    const output: KernelArg = d.output === 'int16' ? OUTPUT_S16 : OUTPUT
    return { runtime: ['tf_requantize'], constants: [],
      params: { type: 'tf_requantize_params', value: { size: d.size, input_zero_point: d.inputZeroPoint, output_zero_point: d.outputZeroPoint,
        multiplier: d.multiplier, shift: d.shift } },
      invocations: [{ fn: `tf_requantize_${suffix(d.input)}_${suffix(d.output)}`, args: [PARAMS, input, output] }] }
  },
}
