/** The portable pooling call shared by MaxPool2D, AvgPool2D and GlobalAveragePool (full-window): tf_pool_params. */
import type { PoolOpData } from '../../ops/pool-params.ts'
import type { CallIo, EmittedCall } from '../types.ts'
import { clamp, decl, dims, simpleCall } from '../c-call.ts'

export function poolCall(kernel: string, d: PoolOpData, symbol: string, io: CallIo): EmittedCall {
  const window = {
    kernel_h: d.poolH, kernel_w: d.poolW, stride_h: d.strideH, stride_w: d.strideW,
    dilation_h: 1, dilation_w: 1, pad_top: d.padTop, pad_left: d.padLeft,
  }
  const params = { input: dims(d.inputShape), output: dims(d.outputShape), window, act: clamp(d.actMin, d.actMax) }
  return simpleCall(kernel, `${kernel}(&${symbol}_params, ${io.inputs[0]}, ${io.output});`,
    [decl('tf_pool_params', `${symbol}_params`, params)])
}
