/**
 * Add on the portable runtime: tf_elementwise_add_s8 (rescale both inputs, requantize) / tf_add_q7 (saturating q7 sum);
 * tf_elementwise_add_s16 (same parameters, int16 tensors) for a layer kept at int16.
 */
import type { KernelBinding } from '../types.ts'
import { OUTPUT, OUTPUT_S16, PARAMS, clamp, int } from '../c-call.ts'

export const add: KernelBinding<'Add'> = {
  op: 'Add',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'tf_elementwise_add_s16' : site.scheme === 's8' ? 'tf_elementwise_add_s8' : 'tf_add_q7',
    calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const inputs = [{ kind: 'input', port: 0 }, { kind: 'input', port: 1 }] as const
    if (d.scheme === 'pow2') {
      return { runtime: ['tf_add_q7'], constants: [], invocations: [{ fn: 'tf_add_q7',
        args: [...inputs, OUTPUT, int(d.size), { kind: 'byValue', struct: { type: 'tf_clamp', value: clamp(d.actMin, d.actMax) } }] }] }
    }
    const value = { size: d.size, left_shift: d.leftShift, input1_offset: d.input1Offset, input1_multiplier: d.input1Multiplier,
      input1_shift: d.input1Shift, input2_offset: d.input2Offset, input2_multiplier: d.input2Multiplier, input2_shift: d.input2Shift,
      output_offset: d.outputOffset, output_multiplier: d.outputMultiplier, output_shift: d.outputShift, act: clamp(d.actMin, d.actMax) }
    if (d.int16) {
      const halves = [{ kind: 'input', port: 0, element: 'int16_t' }, { kind: 'input', port: 1, element: 'int16_t' }] as const
      return { runtime: ['tf_elementwise_add_s8', 'tf_elementwise_add_s16'], constants: [], params: { type: 'tf_add_s8_params', value },
        invocations: [{ fn: 'tf_elementwise_add_s16', args: [PARAMS, ...halves, OUTPUT_S16] }] }
    }
    return { runtime: ['tf_elementwise_add_s8'], constants: [], params: { type: 'tf_add_s8_params', value },
      invocations: [{ fn: 'tf_elementwise_add_s8', args: [PARAMS, ...inputs, OUTPUT] }] }
  },
}
