/** Maximum training twin: the elementwise maximum (broadcasting as TFLite MAXIMUM); the gradient goes to the larger input. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const maximumTwin: TfjsTwin<Record<string, never>> = {
  forward: ({ tf, inputs }) => tf.maximum(inputs[0], inputs[1]),
}
