/** Tanh training twin (float; the QAT forward fake-quantizes its output on the fixed Q0.15 int16 grid). */
import type { TfjsTwin } from './tfjs-twin.ts'

export const tanhTwin: TfjsTwin<object> = { forward: ({ tf, inputs }) => tf.tanh(inputs[0]) }
