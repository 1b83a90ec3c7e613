/** Softmax training twin: softmax of β·x over the last axis. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const softmaxTwin: TfjsTwin<{ beta: number }> = {
  forward: ({ tf, attrs, inputs }) => tf.softmax(tf.mul(inputs[0], attrs.beta) as never),
}
