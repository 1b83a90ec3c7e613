/** Reshape training twin: the batch kept, the rest to the attribute's shape. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const reshapeTwin: TfjsTwin<{ shape: number[] }> = {
  forward: ({ tf, attrs, inputs }) => tf.reshape(inputs[0], [inputs[0].shape[0], ...attrs.shape]),
}
