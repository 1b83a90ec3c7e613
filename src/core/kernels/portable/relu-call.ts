/** The portable ReLU/ReLU6 call: tf_relu_s8 (TFLite reference requantize + clamp) / tf_relu_q7 (clamp in place). */
import type { ReluOpData } from '../../ops/relu-params.ts'
import type { CallIo, EmittedCall, KernelCall, KernelSite } from '../types.ts'
import { clamp, decl, simpleCall } from '../c-call.ts'
import { cInit } from '../c-syntax.ts'

export const reluCalls = (site: KernelSite<'ReLU'> | KernelSite<'ReLU6'>): KernelCall[] =>
  [{ kernel: site.scheme === 's8' ? 'tf_relu_s8' : 'tf_relu_q7', calls: 1 }]

export function reluCall(d: ReluOpData, symbol: string, io: CallIo): EmittedCall {
  if (d.scheme === 'pow2') {
    return simpleCall('tf_relu_q7', `tf_relu_q7(${io.inputs[0]}, ${io.output}, ${d.size}, (tf_clamp)${cInit(clamp(d.actMin, d.actMax))});`)
  }
  const params = { size: d.size, input_zero_point: d.inputZeroPoint, output_zero_point: d.outputZeroPoint,
    multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) }
  return simpleCall('tf_relu_s8', `tf_relu_s8(&${symbol}_params, ${io.inputs[0]}, ${io.output});`,
    [decl('tf_relu_s8_params', `${symbol}_params`, params)])
}
