/** Sigmoid and Tanh on the portable runtime: tf_activation_s16 (TFLite's int16 LOGISTIC / TANH, any input scale). No scratch. */
import type { S16ActivationOpData } from '../../ops/s16-activation.ts'
import type { CallPlan } from '../call-plan.ts'
import type { KernelBinding } from '../types.ts'
import { INPUT0_S16, OUTPUT_S16, PARAMS } from '../c-call.ts'

function activationCall(d: S16ActivationOpData, type: 0 | 1): CallPlan {
  return { runtime: ['tf_activation_s16'], constants: [],
    params: { type: 'tf_activation_s16_params', value: { size: d.size, input_multiplier: d.inputMultiplier, input_shift: d.inputShift, type } },
    invocations: [{ fn: 'tf_activation_s16', args: [PARAMS, INPUT0_S16, OUTPUT_S16] }] }
}

export const sigmoid: KernelBinding<'Sigmoid'> = {
  op: 'Sigmoid',
  calls: () => [{ kernel: 'tf_activation_s16', calls: 1 }],
  scratchBytes: () => 0,
  call: (node) => activationCall(node.opData, 0),
}

export const tanh: KernelBinding<'Tanh'> = {
  op: 'Tanh',
  calls: () => [{ kernel: 'tf_activation_s16', calls: 1 }],
  scratchBytes: () => 0,
  call: (node) => activationCall(node.opData, 1),
}
