/** FullyConnected on CMSIS_5's q7 kernels: arm_fully_connected_q7 (vec_buffer: the input as q15 on DSP cores). */
import { shapeSize } from '../../ir/types.ts'
import type { KernelBinding } from '../types.ts'

export const fullyConnected: KernelBinding<'FullyConnected'> = {
  op: 'FullyConnected',
  calls: () => [{ kernel: 'arm_fully_connected_q7', calls: 1 }],
  scratchBytes: (site, isa) => (isa === 'dsp' && site.inputs[0] ? 2 * shapeSize(site.inputs[0].shape) : 0),
}
