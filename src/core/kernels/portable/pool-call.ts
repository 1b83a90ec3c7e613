/** The portable pooling call shared by MaxPool2D, AvgPool2D and GlobalAveragePool (full-window): tf_pool_params. */
import type { PoolOpData } from '../../ops/pool-params.ts'
import type { CallPlan } from '../call-plan.ts'
import { clamp, dims, paramsCall } from '../c-call.ts'

export function poolCall(kernel: string, d: PoolOpData): CallPlan {
  const window = {
    kernel_h: d.poolH, kernel_w: d.poolW, stride_h: d.strideH, stride_w: d.strideW,
    dilation_h: 1, dilation_w: 1, pad_top: d.padTop, pad_left: d.padLeft,
  }
  return paramsCall(kernel, { type: 'tf_pool_params',
    value: { input: dims(d.inputShape), output: dims(d.outputShape), window, act: clamp(d.actMin, d.actMax) } })
}
