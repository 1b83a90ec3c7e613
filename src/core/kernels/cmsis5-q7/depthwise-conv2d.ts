/** DepthwiseConv2D on CMSIS_5's q7 kernels: arm_depthwise_separable_conv_HWC_q7_nonsquare. */
import type { KernelBinding } from '../types.ts'
import { windowBufferQ7 } from './buffer-sizes.ts'

export const depthwiseConv2d: KernelBinding<'DepthwiseConv2D'> = {
  op: 'DepthwiseConv2D',
  calls: () => [{ kernel: 'arm_depthwise_separable_conv_HWC_q7_nonsquare', calls: 1 }],
  scratchBytes: (site, isa) => windowBufferQ7(isa, site.inputs[0]?.shape, site.attrs.kernelH, site.attrs.kernelW),
}
