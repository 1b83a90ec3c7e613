/**
 * Input on the portable runtime: the integer preprocessing `tf_preprocess_<s8|q7>(&params, raw, out)` of
 * `<prefix>_preprocess` (raw int32 values in, the Input's int8 tensor out): the mean table and params struct.
 * Input port 0 is the raw int32 values. Not charged by the estimator: the application may not link the preprocessing.
 */
import type { KernelBinding } from '../types.ts'
import { INPUT0, OUTPUT, PARAMS } from '../c-call.ts'
import type { StructOf } from './runtime-structs.ts'

export const input: KernelBinding<'Input'> = {
  op: 'Input',
  calls: () => [],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const common = { size: d.size, channels: d.channels, mean_count: d.mean.length, mean: { constant: 'mean' } } as const
    const params: StructOf = d.scheme === 's8'
      ? { type: 'tf_preprocess_s8_params', value: { ...common, multiplier: d.multiplier, shift: d.shift, zero_point: d.outputZeroPoint } }
      : { type: 'tf_preprocess_q7_params', value: { ...common, left_shift: d.leftShift } }
    const fn = d.scheme === 's8' ? 'tf_preprocess_s8' : 'tf_preprocess_q7'
    return { runtime: [fn], constants: [{ name: 'mean', type: 'int32_t', data: d.mean, weightsSection: false }], params,
      invocations: [{ fn, args: [PARAMS, INPUT0, OUTPUT] }] }
  },
}
