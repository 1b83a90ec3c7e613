/** Pad on CMSIS-NN: arm_pad_s8 (added in v7.0.0) with pad_value = the output zero point. */
import type { KernelBinding } from '../types.ts'
import { cInit } from '../c-syntax.ts'
import { decl, nhwc, vendorCall } from './cmsis-call.ts'

export const pad: KernelBinding<'Pad'> = {
  op: 'Pad',
  calls: () => [{ kernel: 'arm_pad_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    if (d.scheme !== 's8') return undefined
    const s = node.symbol
    const [, H, W] = d.inputShape
    const [, OH, OW] = d.outputShape
    const declarations = [
      decl('cmsis_nn_dims', `${s}_cmsis_input`, nhwc(d.inputShape)),
      decl('cmsis_nn_dims', `${s}_cmsis_pre`, { n: 0, h: d.top, w: d.left, c: 0 }),
      decl('cmsis_nn_dims', `${s}_cmsis_post`, { n: 0, h: OH - H - d.top, w: OW - W - d.left, c: 0 }),
    ]
    return vendorCall(declarations, [`TF_CMSIS_CHECK(arm_pad_s8(${io.inputs[0]}, ${io.output}, (int8_t)${cInit(d.padValue)}, ` +
      `&${s}_cmsis_input, &${s}_cmsis_pre, &${s}_cmsis_post));`])
  },
}
