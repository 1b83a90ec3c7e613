/**
 * Conv2D on CMSIS-NN: arm_convolve_wrapper_s8, which picks its 1×1, 1×N or im2col kernel itself; with int4 packed
 * weights (site.encoding int4) arm_convolve_wrapper_s4 on the same packed array the portable tf_convolve_s4 reads. A layer
 * kept at int16 (16x8): arm_convolve_wrapper_s16 (→ arm_convolve_s16 in v7.0.0; im2col buffer of two columns).
 */
import type { KernelBinding } from '../types.ts'
import { convolveWrapperS16, convolveWrapperS4, convolveWrapperS8, siteGeometry } from './buffer-sizes.ts'
import { convCall, convCallS16 } from './conv-call.ts'

export const conv2d: KernelBinding<'Conv2D'> = {
  op: 'Conv2D',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'arm_convolve_wrapper_s16' : site.encoding?.kind === 'int4' ? 'arm_convolve_wrapper_s4' : 'arm_convolve_wrapper_s8', calls: 1 }],
  scratchBytes(site, isa) {
    const g = siteGeometry(site)
    return !g ? 0 : site.output.dtype === 'int16' ? convolveWrapperS16(isa, g) : site.encoding?.kind === 'int4' ? convolveWrapperS4(isa, g) : convolveWrapperS8(isa, g)
  },
  emit: (node, io) => (node.opData.int16 ? convCallS16('arm_convolve_wrapper_s16', node.opData, 1, node, io)
    : node.opData.scheme === 's8'
    ? convCall(node.site.encoding?.kind === 'int4' ? 'arm_convolve_wrapper_s4' : 'arm_convolve_wrapper_s8', node.opData, 1, node, io)
    : undefined),
}
