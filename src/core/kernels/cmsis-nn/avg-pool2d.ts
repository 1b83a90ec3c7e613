/**
 * AvgPool2D on CMSIS-NN: arm_avgpool_s8 (divides by the in-bounds cell count, ties away from zero); arm_avgpool_s16 at
 * int16 (the same rule and buffer size: C int32 on DSP cores).
 */
import type { KernelBinding } from '../types.ts'
import { avgpoolS8 } from './buffer-sizes.ts'
import { poolCall } from './pool-call.ts'

export const avgPool2d: KernelBinding<'AvgPool2D'> = {
  op: 'AvgPool2D',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'arm_avgpool_s16' : 'arm_avgpool_s8', calls: 1 }],
  scratchBytes: (site, isa) => avgpoolS8(isa, site.inputs[0]?.shape),
  emit: (node, io) => (node.opData.scheme === 's8'
    ? poolCall(node.opData.int16 ? 'arm_avgpool_s16' : 'arm_avgpool_s8', node.opData, node.symbol, io) : undefined),
}
