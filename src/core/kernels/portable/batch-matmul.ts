/** BatchMatMul on the portable runtime: tf_batch_matmul_s8 (either layout of the second operand, batch broadcast). No scratch. */
import type { KernelBinding } from '../types.ts'
import { clamp, decl, simpleCall } from '../c-call.ts'

export const batchMatMul: KernelBinding<'BatchMatMul'> = {
  op: 'BatchMatMul',
  calls: () => [{ kernel: 'tf_batch_matmul_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit(node, io) {
    const d = node.opData
    const params = { lhs_batches: d.lhsBatches, rhs_batches: d.rhsBatches, batches: d.batches, rows: d.rows, depth: d.depth, cols: d.cols,
      transpose_b: d.transposeB ? 1 : 0, lhs_offset: d.lhsOffset, rhs_offset: d.rhsOffset, output_offset: d.outputOffset,
      multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) }
    return simpleCall('tf_batch_matmul_s8', `tf_batch_matmul_s8(&${node.symbol}_params, ${io.inputs[0]}, ${io.inputs[1]}, ${io.output});`,
      [decl('tf_batch_matmul_s8_params', `${node.symbol}_params`, params)])
  },
}
