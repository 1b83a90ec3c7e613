/** Add training twin: the elementwise sum, then the fused activation. */
import type { TfjsTwin } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

export const addTwin: TfjsTwin<{ activation: string }> = {
  forward: ({ tf, attrs, inputs }) => activate(tf, tf.add(inputs[0], inputs[1]), attrs.activation),
}
