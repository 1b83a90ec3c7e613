/** Conv2D training twin: tf.conv2d with the OHWI weights as HWIO, TFLite 'same'/'valid' padding, bias, activation. */
import type { ConvWindowAttrs } from './op-def.ts'
import type { TfjsTwin } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

export const conv2dTwin: TfjsTwin<ConvWindowAttrs & { filters: number }> = {
  forward({ tf, attrs: a, inputs, weights }) {
    const filter = tf.transpose(weights.weights, [1, 2, 3, 0]) as never
    let y = tf.conv2d(inputs[0] as never, filter, [a.strideH, a.strideW], a.padding, 'NHWC', [a.dilationH, a.dilationW])
    if (a.useBias) y = tf.add(y, weights.bias)
    return activate(tf, y, a.activation)
  },
}
