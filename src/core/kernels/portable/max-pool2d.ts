/** MaxPool2D on the portable runtime: tf_max_pool_s8 for both schemes (a max needs no rescale), tf_max_pool_s16 at int16. No scratch. */
import type { KernelBinding } from '../types.ts'
import { poolCall } from './pool-call.ts'

export const maxPool2d: KernelBinding<'MaxPool2D'> = {
  op: 'MaxPool2D',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'tf_max_pool_s16' : 'tf_max_pool_s8', calls: 1 }],
  scratchBytes: () => 0,
  call: (node) => poolCall(node.opData.int16 ? 'tf_max_pool_s16' : 'tf_max_pool_s8', node.opData),
}
