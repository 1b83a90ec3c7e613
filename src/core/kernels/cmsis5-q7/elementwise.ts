/**
 * Elementwise q7 kernels of CMSIS_5: arm_add_q7, arm_softmax_with_batch_q7, arm_relu_q7 (uint16_t size: one call per
 * 65535 values), arm_clip_q7 (ReLU6), and arm_concatenation_s8_x (one call per input). No buffers.
 */
import { shapeSize } from '../../ir/types.ts'
import type { KernelBinding } from '../types.ts'

export const add: KernelBinding<'Add'> = { op: 'Add', calls: () => [{ kernel: 'arm_add_q7', calls: 1 }], scratchBytes: () => 0 }

export const softmax: KernelBinding<'Softmax'> = {
  op: 'Softmax', calls: () => [{ kernel: 'arm_softmax_with_batch_q7', calls: 1 }], scratchBytes: () => 0,
}

export const relu: KernelBinding<'ReLU'> = {
  op: 'ReLU',
  calls: (site) => [{ kernel: 'arm_relu_q7', calls: Math.max(1, Math.ceil(shapeSize(site.output.shape) / 65535)) }],
  scratchBytes: () => 0,
}

export const relu6: KernelBinding<'ReLU6'> = { op: 'ReLU6', calls: () => [{ kernel: 'arm_clip_q7', calls: 1 }], scratchBytes: () => 0 }

export const concat: KernelBinding<'Concat'> = {
  op: 'Concat',
  calls: (site) => [{ kernel: 'arm_concatenation_s8_x', calls: Math.max(1, site.inputs.length) }],
  scratchBytes: () => 0,
}
