/** Input training twin: (raw − mean) · scale, the float form of the op's integer preprocessing (one mean or one per channel). */
import type { TfjsTwin } from './tfjs-twin.ts'

export const inputTwin: TfjsTwin<{ mean: number[]; scale: number }> = {
  forward: ({ tf, attrs, inputs }) => tf.mul(tf.sub(inputs[0], tf.tensor1d(attrs.mean)), attrs.scale),
}
