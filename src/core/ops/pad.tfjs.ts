/** Pad training twin: a zero border on H and W. */
import type { TfjsTwin } from './tfjs-twin.ts'

export const padTwin: TfjsTwin<{ top: number; bottom: number; left: number; right: number }> = {
  forward: ({ tf, attrs: a, inputs }) => tf.pad(inputs[0], [[0, 0], [a.top, a.bottom], [a.left, a.right], [0, 0]]),
}
