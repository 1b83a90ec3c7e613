/** Pad on the portable runtime: tf_pad_s8 fills the border with the output zero point (both schemes). No scratch. */
import type { KernelBinding } from '../types.ts'
import { dims, paramsCall } from '../c-call.ts'

export const pad: KernelBinding<'Pad'> = {
  op: 'Pad',
  calls: () => [{ kernel: 'tf_pad_s8', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const [, H, W] = d.inputShape
    const [, OH, OW] = d.outputShape
    return paramsCall('tf_pad_s8', { type: 'tf_pad_params', value: { input: dims(d.inputShape), top: d.top, bottom: OH - H - d.top,
      left: d.left, right: OW - W - d.left, pad_value: d.padValue } })
  },
}
