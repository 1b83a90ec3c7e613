/** GlobalAveragePool training twin: the mean over H and W, kept as [N, 1, 1, C]. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const globalAveragePoolTwin: TfjsTwin<object> = {
  forward: ({ tf, inputs }) => tf.mean(inputs[0], [1, 2], true),
}
