/** DepthwiseConv2D training twin: tf.depthwiseConv2d with the 1HW(C·M) weights as [kh, kw, C, M]. */
import type { ConvWindowAttrs } from './op-def.ts'
import type { TfjsTwin } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

export const depthwiseConv2dTwin: TfjsTwin<ConvWindowAttrs & { depthMultiplier: number }> = {
  forward({ tf, attrs: a, inputs, weights }) {
    const x = inputs[0]
    const c = x.shape[3]!
    const filter = tf.reshape(weights.weights, [a.kernelH, a.kernelW, c, a.depthMultiplier]) as never
    let y = tf.depthwiseConv2d(x as never, filter, [a.strideH, a.strideW], a.padding, 'NHWC', [a.dilationH, a.dilationW])
    if (a.useBias) y = tf.add(y, weights.bias)
    return activate(tf, y, a.activation)
  },
}
