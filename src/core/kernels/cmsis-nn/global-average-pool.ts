/**
 * GlobalAveragePool on CMSIS-NN: arm_avgpool_s8 over the full H×W window. A GlobalAveragePool that requantizes
 * (TFLite MEAN, from imports) has no CMSIS-NN s8 kernel and keeps the portable tf_mean_s8 in both builds, as TFLM
 * runs its reference MEAN next to CMSIS-NN; the estimator prices the pool (what PTQ produces).
 */
import type { KernelBinding } from '../types.ts'
import { avgpoolS8 } from './buffer-sizes.ts'
import { poolCall } from './pool-call.ts'

export const globalAveragePool: KernelBinding<'GlobalAveragePool'> = {
  op: 'GlobalAveragePool',
  calls: () => [{ kernel: 'arm_avgpool_s8', calls: 1 }],
  scratchBytes: (site, isa) => avgpoolS8(isa, site.inputs[0]?.shape),
  emit: (node, io) => (node.opData.scheme === 's8' && node.opData.mode === 'pool'
    ? poolCall('arm_avgpool_s8', node.opData, node.symbol, io) : undefined),
}
