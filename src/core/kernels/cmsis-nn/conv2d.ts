/** Conv2D on CMSIS-NN: arm_convolve_wrapper_s8, which picks its 1×1, 1×N or im2col kernel itself. */
import type { KernelBinding } from '../types.ts'
import { convolveWrapperS8, siteGeometry } from './buffer-sizes.ts'
import { convCall } from './conv-call.ts'

export const conv2d: KernelBinding<'Conv2D'> = {
  op: 'Conv2D',
  calls: () => [{ kernel: 'arm_convolve_wrapper_s8', calls: 1 }],
  scratchBytes(site, isa) {
    const g = siteGeometry(site)
    return g ? convolveWrapperS8(isa, g) : 0
  },
  emit: (node, io) => (node.opData.scheme === 's8' ? convCall('arm_convolve_wrapper_s8', node.opData, 1, node, io) : undefined),
}
