/** FullyConnected training twin: the input flattened to [N, K] times the [units, K] weights transposed, bias, activation. */
import type { Activation } from './op-def.ts'
import type { TfjsTwin } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

export const fullyConnectedTwin: TfjsTwin<{ units: number; useBias: boolean; activation: Activation }> = {
  forward({ tf, attrs, inputs, weights }) {
    const x = tf.reshape(inputs[0], [inputs[0].shape[0], -1]) as never
    let y = tf.matMul(x, weights.weights as never, false, true)
    if (attrs.useBias) y = tf.add(y, weights.bias)
    return activate(tf, y, attrs.activation)
  },
}
