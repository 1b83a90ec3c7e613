/**
 * Standalone ReLU / ReLU6 beside CMSIS-NN: CMSIS-NN's arm_relu_q7 / arm_relu6_s8 clamp raw values and ignore the
 * quantization, so they are wrong for s8 tensors; the package keeps the portable TFLite-reference kernel in both
 * builds (no `emit`), and the estimator prices that kernel as measured beside CMSIS-NN ('tinyforge_relu_s8').
 */
import type { KernelBinding } from '../types.ts'

export const relu: KernelBinding<'ReLU'> = {
  op: 'ReLU',
  calls: () => [{ kernel: 'tinyforge_relu_s8', calls: 1 }],
  scratchBytes: () => 0,
}

export const relu6: KernelBinding<'ReLU6'> = {
  op: 'ReLU6',
  calls: () => [{ kernel: 'tinyforge_relu_s8', calls: 1 }],
  scratchBytes: () => 0,
}
