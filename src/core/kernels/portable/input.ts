/**
 * Input on the portable runtime: the integer preprocessing `tf_preprocess_<s8|q7>(&params, raw, out)` of
 * `<prefix>_preprocess` (raw int32 values in, the Input's int8 tensor out): the mean table and params struct.
 * `io.inputs[0]` is the raw pointer. Not charged by the estimator: the application may not link the preprocessing.
 */
import type { KernelBinding } from '../types.ts'
import { decl } from '../c-call.ts'
import { cArray } from '../c-syntax.ts'

export const input: KernelBinding<'Input'> = {
  op: 'Input',
  calls: () => [],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    const common = { size: d.size, channels: d.channels, mean_count: d.mean.length, mean: `${s}_mean` }
    const [type, kernel, params] = d.scheme === 's8'
      ? ['tf_preprocess_s8_params', 'tf_preprocess_s8', { ...common, multiplier: d.multiplier, shift: d.shift, zero_point: d.outputZeroPoint }]
      : ['tf_preprocess_q7_params', 'tf_preprocess_q7', { ...common, left_shift: d.leftShift }]
    return { runtime: [kernel], constants: [cArray('int32_t', `${s}_mean`, d.mean)],
      declarations: [decl(type, `${s}_params`, params)], statements: [`${kernel}(&${s}_params, ${io.inputs[0]}, ${io.output});`] }
  },
}
