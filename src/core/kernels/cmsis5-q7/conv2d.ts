/**
 * Conv2D on CMSIS_5's q7 kernels: arm_convolve_HWC_q7_* picks by its own argument checks — the _fast kernels need
 * Cin % 4 = 0 and Cout % 2 = 0 (1×1 at stride 1 never pads, as the 1×1 kernel requires), else _basic.
 */
import type { KernelBinding } from '../types.ts'
import { windowBufferQ7 } from './buffer-sizes.ts'

export const conv2d: KernelBinding<'Conv2D'> = {
  op: 'Conv2D',
  calls(site) {
    const cin = site.inputs[0]?.shape[3] ?? 0
    const cout = site.output.shape[3] ?? 0
    if (cin % 4 !== 0 || cout % 2 !== 0) return [{ kernel: 'arm_convolve_HWC_q7_basic_nonsquare', calls: 1 }]
    const a = site.attrs
    const oneByOne = a.kernelH === 1 && a.kernelW === 1 && a.strideH === 1 && a.strideW === 1
    return [{ kernel: oneByOne ? 'arm_convolve_1x1_HWC_q7_fast_nonsquare' : 'arm_convolve_HWC_q7_fast_nonsquare', calls: 1 }]
  },
  scratchBytes: (site, isa) => windowBufferQ7(isa, site.inputs[0]?.shape, site.attrs.kernelH, site.attrs.kernelW),
}
