/** ReLU6 training twin. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const relu6Twin: TfjsTwin<object> = { forward: ({ tf, inputs }) => tf.relu6(inputs[0]) }
