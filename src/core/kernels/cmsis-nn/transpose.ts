/**
 * Transpose on CMSIS-NN: arm_transpose_s8 (added in v7.0.0), up to four dims. A rank-r tensor's dims fill the first r
 * fields of cmsis_nn_dims (n, h, w, c), as the kernel reads them for num_dims = 2 and 3. No buffer.
 */
import type { KernelBinding } from '../types.ts'
import { decl, vendorCall } from './cmsis-call.ts'

const dimsOf = (shape: readonly number[]) => {
  const [n, h = 1, w = 1, c = 1] = shape
  return { n, h, w, c }
}

export const transpose: KernelBinding<'Transpose'> = {
  op: 'Transpose',
  calls: () => [{ kernel: 'arm_transpose_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    const s = node.symbol
    return vendorCall([
      `static const uint32_t ${s}_cmsis_perm[${d.perm.length}] = {${d.perm.join(', ')}};`,
      decl('cmsis_nn_dims', `${s}_cmsis_input`, dimsOf(d.inputShape)),
      decl('cmsis_nn_dims', `${s}_cmsis_output`, dimsOf(d.outputShape)),
      decl('cmsis_nn_transpose_params', `${s}_cmsis_params`, { num_dims: d.perm.length, permutations: `${s}_cmsis_perm` }),
    ], [`TF_CMSIS_CHECK(arm_transpose_s8(${io.inputs[0]}, ${io.output}, &${s}_cmsis_input, &${s}_cmsis_output, &${s}_cmsis_params));`])
  },
}
