/** DepthwiseConv2D on CMSIS-NN: arm_depthwise_conv_wrapper_s8 (3×3, _opt or the generic kernel, by its own checks). */
import type { KernelBinding } from '../types.ts'
import { depthwiseWrapperS8, siteGeometry } from './buffer-sizes.ts'
import { convCall } from './conv-call.ts'

export const depthwiseConv2d: KernelBinding<'DepthwiseConv2D'> = {
  op: 'DepthwiseConv2D',
  calls: () => [{ kernel: 'arm_depthwise_conv_wrapper_s8', calls: 1 }],
  scratchBytes(site, isa) {
    const g = siteGeometry(site)
    return g ? depthwiseWrapperS8(isa, g) : 0
  },
  emit: (node, io) => (node.opData.scheme === 's8'
    ? convCall('arm_depthwise_conv_wrapper_s8', node.opData, node.opData.depthMultiplier, node, io) : undefined),
}
