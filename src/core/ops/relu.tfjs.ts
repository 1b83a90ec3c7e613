/** ReLU training twin. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const reluTwin: TfjsTwin<object> = { forward: ({ tf, inputs }) => tf.relu(inputs[0]) }
