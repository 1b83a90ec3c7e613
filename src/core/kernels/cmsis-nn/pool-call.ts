/**
 * The CMSIS-NN pooling call: arm_max_pool_s8 (no buffer) or arm_avgpool_s8 (checks its buffer size first); at int16
 * arm_max_pool_s16 / arm_avgpool_s16 (the same structs; arm_avgpool_s16_get_buffer_size: C int32 on DSP cores, v7.0.0).
 */
import type { PoolOpData } from '../../ops/pool-params.ts'
import type { CallIo, EmittedCall } from '../types.ts'
import { CTX, act, decl, nhwc, scratchCheck, tile, vendorCall } from './cmsis-call.ts'

export type PoolFn = 'arm_max_pool_s8' | 'arm_avgpool_s8' | 'arm_max_pool_s16' | 'arm_avgpool_s16'

export function poolCall(fn: PoolFn, d: PoolOpData, s: string, io: CallIo): EmittedCall {
  const input = d.int16 ? `(const int16_t *)(const void *)(${io.inputs[0]})` : io.inputs[0]
  const output = d.int16 ? `(int16_t *)(void *)(${io.output})` : io.output
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
    ...(fn.startsWith('arm_max_pool') ? [] : [`    ${scratchCheck(`${fn}_get_buffer_size(${d.outputShape[2]}, ${d.inputShape[3]})`)}`]),
    `    TF_CMSIS_CHECK(${fn}(&ctx, &${s}_cmsis_params, &${s}_cmsis_input, ${input}, &${s}_cmsis_filter, ` +
      `&${s}_cmsis_output, ${output}));`,
    '}',
  ])
}
