/** The portable pooling call shared by MaxPool2D, AvgPool2D and GlobalAveragePool (full-window): tf_pool_params. */
import type { PoolOpData } from '../../ops/pool-params.ts'
import type { CallPlan } from '../call-plan.ts'
import { INPUT0_S16, OUTPUT_S16, PARAMS, clamp, dims, paramsCall } from '../c-call.ts'

export function poolCall(kernel: string, d: PoolOpData): CallPlan {
  const window = {
    kernel_h: d.poolH, kernel_w: d.poolW, stride_h: d.strideH, stride_w: d.strideW,
    dilation_h: 1, dilation_w: 1, pad_top: d.padTop, pad_left: d.padLeft,
  }
  const params = { type: 'tf_pool_params' as const,
    value: { input: dims(d.inputShape), output: dims(d.outputShape), window, act: clamp(d.actMin, d.actMax) } }
  // int16 (tf_max_pool_s16 / tf_avgpool_s16): the same parameters, int16 tensors.
  if (d.int16) return { runtime: [kernel], constants: [], params, invocations: [{ fn: kernel, args: [PARAMS, INPUT0_S16, OUTPUT_S16] }] }
  return paramsCall(kernel, params)
}
