/** Flatten training twin: [N, …] → [N, K]. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const flattenTwin: TfjsTwin<object> = { forward: ({ tf, inputs }) => tf.reshape(inputs[0], [inputs[0].shape[0], -1]) }
