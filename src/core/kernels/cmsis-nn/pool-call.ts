/** The CMSIS-NN pooling call: arm_max_pool_s8 (no buffer) or arm_avgpool_s8 (checks its buffer size first). */
import type { PoolOpData } from '../../ops/pool-params.ts'
import type { CallIo, EmittedCall } from '../types.ts'
import { CTX, act, decl, nhwc, scratchCheck, tile, vendorCall } from './cmsis-call.ts'

export function poolCall(fn: 'arm_max_pool_s8' | 'arm_avgpool_s8', d: PoolOpData, s: string, io: CallIo): EmittedCall {
  const declarations = [
    decl('cmsis_nn_pool_params', `${s}_cmsis_params`, { stride: tile(d.strideW, d.strideH), padding: tile(d.padLeft, d.padTop),
      activation: act(d.actMin, d.actMax) }),
    decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
    decl('cmsis_nn_dims', `${s}_cmsis_filter`, { n: 1, h: d.poolH, w: d.poolW, c: 1 }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, nhwc(d.outputShape)),
  ]
  return vendorCall(declarations, [
    '{',
    `    ${CTX}`,
    ...(fn === 'arm_max_pool_s8' ? [] : [`    ${scratchCheck(`arm_avgpool_s8_get_buffer_size(${d.outputShape[2]}, ${d.inputShape[3]})`)}`]),
    `    TF_CMSIS_CHECK(${fn}(&ctx, &${s}_cmsis_params, &${s}_cmsis_input, ${io.inputs[0]}, &${s}_cmsis_filter, ` +
      `&${s}_cmsis_output, ${io.output}));`,
    '}',
  ])
}
