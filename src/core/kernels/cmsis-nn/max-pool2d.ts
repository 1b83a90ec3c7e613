/** MaxPool2D on CMSIS-NN: arm_max_pool_s8 (padding cells skipped, activation as a clamp), arm_max_pool_s16 at int16. No buffer. */
import type { KernelBinding } from '../types.ts'
import { poolCall } from './pool-call.ts'

export const maxPool2d: KernelBinding<'MaxPool2D'> = {
  op: 'MaxPool2D',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'arm_max_pool_s16' : 'arm_max_pool_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit: (node, io) => (node.opData.scheme === 's8'
    ? poolCall(node.opData.int16 ? 'arm_max_pool_s16' : 'arm_max_pool_s8', node.opData, node.symbol, io) : undefined),
}
