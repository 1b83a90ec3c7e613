/** BatchMatMul on the portable runtime: tf_batch_matmul_s8 (either layout of the second operand, batch broadcast). No scratch. */
import type { KernelBinding } from '../types.ts'
import { OUTPUT, PARAMS, clamp } from '../c-call.ts'

export const batchMatMul: KernelBinding<'BatchMatMul'> = {
  op: 'BatchMatMul',
  calls: () => [{ kernel: 'tf_batch_matmul_s8', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const value = { lhs_batches: d.lhsBatches, rhs_batches: d.rhsBatches, batches: d.batches, rows: d.rows, depth: d.depth, cols: d.cols,
      transpose_b: d.transposeB ? 1 : 0, lhs_offset: d.lhsOffset, rhs_offset: d.rhsOffset, output_offset: d.outputOffset,
      multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) }
    return { runtime: ['tf_batch_matmul_s8'], constants: [], params: { type: 'tf_batch_matmul_s8_params', value },
      invocations: [{ fn: 'tf_batch_matmul_s8', args: [PARAMS, { kind: 'input', port: 0 }, { kind: 'input', port: 1 }, OUTPUT] }] }
  },
}
