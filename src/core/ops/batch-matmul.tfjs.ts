/**
 * BatchMatMul training twin: tf.matMul over the batch axes ([N, M, K] · [N, K, N'], or rank 4 with the inner batch
 * of one operand broadcast), b transposed per batch when transposeB. No activation.
 */
import type { TfjsTwin } from './tfjs-twin.ts'

export const batchMatMulTwin: TfjsTwin<{ transposeB: boolean }> = {
  forward({ tf, attrs, inputs }) {
    let [a, b] = inputs
    const [ba, bb] = [a.shape[1] ?? 1, b.shape[1] ?? 1]
    if (a.rank === 4 && ba !== bb) {
      // One inner batch is 1: tile it to the other's (tf.matMul broadcasts only some batch shapes).
      const batches = Math.max(ba, bb)
      if (ba === 1) a = tf.tile(a, [1, batches, 1, 1])
      else b = tf.tile(b, [1, batches, 1, 1])
    }
    return tf.matMul(a as never, b as never, false, attrs.transposeB)
  },
}
