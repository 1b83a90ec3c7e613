/**
 * Sigmoid and Tanh on CMSIS-NN: arm_nn_activation_s16 (Source/ActivationFunctions/arm_nn_activation_s16.c, v7.0.0), which
 * takes a power-of-two input scale only (its rescale is 3·2^left_shift, or 3 and a rounding right shift): the layers whose
 * input scale is 2^(k−12), −15 ≤ k ≤ 14 (OpData.cmsisLeftShift, ops/s16-activation.ts) call it; any other input scale
 * keeps TinyForge's portable tf_activation_s16 (TFLite's general rescale) in both builds. No buffer.
 */
import { powerOfTwoLeftShift } from '../../ops/s16-activation.ts'
import type { BoundNode, CallIo, KernelBinding, KernelSite } from '../types.ts'
import { vendorCall } from './cmsis-call.ts'

function emit(node: BoundNode<'Sigmoid'> | BoundNode<'Tanh'>, io: CallIo, type: 'ARM_SIGMOID' | 'ARM_TANH') {
  const d = node.opData
  if (d.cmsisLeftShift === null) return undefined
  return vendorCall([], [
    `TF_CMSIS_CHECK(arm_nn_activation_s16((const int16_t *)(const void *)(${io.inputs[0]}), (int16_t *)(void *)(${io.output}), ` +
      `${d.size}, ${d.cmsisLeftShift}, ${type}));`,
  ])
}

const kernelOf = (site: KernelSite<'Sigmoid'> | KernelSite<'Tanh'>) =>
  powerOfTwoLeftShift(site.inputs[0]?.quant?.scale[0]) === null && site.inputs[0]?.quant ? 'tf_activation_s16' : 'arm_nn_activation_s16'

export const sigmoid: KernelBinding<'Sigmoid'> = {
  op: 'Sigmoid',
  calls: (site) => [{ kernel: kernelOf(site), calls: 1 }],
  scratchBytes: () => 0,
  emit: (node, io) => emit(node, io, 'ARM_SIGMOID'),
}

export const tanh: KernelBinding<'Tanh'> = {
  op: 'Tanh',
  calls: (site) => [{ kernel: kernelOf(site), calls: 1 }],
  scratchBytes: () => 0,
  emit: (node, io) => emit(node, io, 'ARM_TANH'),
}
