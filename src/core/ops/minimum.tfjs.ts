/** Minimum training twin: the elementwise minimum (broadcasting as TFLite MINIMUM); the gradient goes to the smaller input. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const minimumTwin: TfjsTwin<Record<string, never>> = {
  forward: ({ tf, inputs }) => tf.minimum(inputs[0], inputs[1]),
}
