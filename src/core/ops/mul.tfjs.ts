/** Mul training twin: the elementwise product (broadcasting as TFLite MUL), then the fused activation. */
import type { TfjsTwin } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

export const mulTwin: TfjsTwin<{ activation: string }> = {
  forward: ({ tf, attrs, inputs }) => activate(tf, tf.mul(inputs[0], inputs[1]), attrs.activation),
}
