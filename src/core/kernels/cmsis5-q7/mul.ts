/** Mul on CMSIS_5's q7 kernels: arm_nn_mult_q7 (one flat vector), then arm_relu_q7 / arm_clip_q7 for a fused activation. */
import type { KernelBinding } from '../types.ts'

export const mul: KernelBinding<'Mul'> = {
  op: 'Mul',
  calls: (site) => {
    const a = site.attrs.activation
    return [{ kernel: 'arm_nn_mult_q7', calls: 1 }, ...(a === 'relu' ? [{ kernel: 'arm_relu_q7', calls: 1 }]
      : a === 'relu6' ? [{ kernel: 'arm_clip_q7', calls: 1 }] : [])]
  },
  scratchBytes: () => 0,
}
