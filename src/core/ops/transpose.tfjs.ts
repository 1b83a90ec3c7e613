/** Transpose training twin: tf.transpose with the op's permutation (batch axis 0 stays first, so N takes its place). */
import type { TfjsTwin } from './tfjs-twin.ts'

export const transposeTwin: TfjsTwin<{ perm: number[] }> = {
  forward: ({ tf, attrs, inputs }) => tf.transpose(inputs[0], attrs.perm),
}
