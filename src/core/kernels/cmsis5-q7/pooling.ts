/** Pooling on CMSIS_5's q7 kernels: arm_maxpool_q7_HWC, and arm_avepool_q7_HWC (also for the global average). */
import type { KernelBinding } from '../types.ts'
import { avepoolBufferQ7 } from './buffer-sizes.ts'

export const maxPool2d: KernelBinding<'MaxPool2D'> = {
  op: 'MaxPool2D',
  calls: () => [{ kernel: 'arm_maxpool_q7_HWC', calls: 1 }],
  scratchBytes: () => 0,
}

export const avgPool2d: KernelBinding<'AvgPool2D'> = {
  op: 'AvgPool2D',
  calls: () => [{ kernel: 'arm_avepool_q7_HWC', calls: 1 }],
  scratchBytes: (site, isa) => avepoolBufferQ7(isa, site.inputs[0]?.shape, site.output.shape),
}

export const globalAveragePool: KernelBinding<'GlobalAveragePool'> = {
  op: 'GlobalAveragePool',
  calls: () => [{ kernel: 'arm_avepool_q7_HWC', calls: 1 }],
  scratchBytes: (site, isa) => avepoolBufferQ7(isa, site.inputs[0]?.shape, site.output.shape),
}
