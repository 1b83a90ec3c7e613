/** Sigmoid training twin (float; the QAT forward fake-quantizes its output on the fixed Q0.15 int16 grid). */
import type { TfjsTwin } from './tfjs-twin.ts'

export const sigmoidTwin: TfjsTwin<object> = { forward: ({ tf, inputs }) => tf.sigmoid(inputs[0]) }
