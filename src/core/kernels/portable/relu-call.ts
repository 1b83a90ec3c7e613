/** The portable ReLU/ReLU6 call: tf_relu_s8 (TFLite reference requantize + clamp) / tf_relu_q7 (clamp in place). */
import type { ReluOpData } from '../../ops/relu-params.ts'
import type { CallPlan } from '../call-plan.ts'
import type { KernelCall, KernelSite } from '../types.ts'
import { INPUT0, OUTPUT, clamp, int, paramsCall } from '../c-call.ts'

export const reluCalls = (site: KernelSite<'ReLU'> | KernelSite<'ReLU6'>): KernelCall[] =>
  [{ kernel: site.scheme === 's8' ? 'tf_relu_s8' : 'tf_relu_q7', calls: 1 }]

export function reluCall(d: ReluOpData): CallPlan {
  if (d.scheme === 'pow2') {
    return { runtime: ['tf_relu_q7'], constants: [], invocations: [{ fn: 'tf_relu_q7',
      args: [INPUT0, OUTPUT, int(d.size), { kind: 'byValue', struct: { type: 'tf_clamp', value: clamp(d.actMin, d.actMax) } }] }] }
  }
  return paramsCall('tf_relu_s8', { type: 'tf_relu_s8_params', value: { size: d.size, input_zero_point: d.inputZeroPoint,
    output_zero_point: d.outputZeroPoint, multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) } })
}
