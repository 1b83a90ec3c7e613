/** AvgPool2D on CMSIS-NN: arm_avgpool_s8 (divides by the in-bounds cell count, ties away from zero). */
import type { KernelBinding } from '../types.ts'
import { avgpoolS8 } from './buffer-sizes.ts'
import { poolCall } from './pool-call.ts'

export const avgPool2d: KernelBinding<'AvgPool2D'> = {
  op: 'AvgPool2D',
  calls: () => [{ kernel: 'arm_avgpool_s8', calls: 1 }],
  scratchBytes: (site, isa) => avgpoolS8(isa, site.inputs[0]?.shape),
  emit: (node, io) => (node.opData.scheme === 's8' ? poolCall('arm_avgpool_s8', node.opData, node.symbol, io) : undefined),
}
