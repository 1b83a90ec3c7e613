/**
 * BatchMatMul on the portable runtime: tf_batch_matmul_s8 (either layout of the second operand, batch broadcast);
 * tf_batch_matmul_s16 (same parameters, int16 tensors, 64-bit sums, arm_nn_requantize_s64) for a layer kept at int16. No scratch.
 */
import type { KernelBinding } from '../types.ts'
import { OUTPUT, OUTPUT_S16, PARAMS, clamp } from '../c-call.ts'

export const batchMatMul: KernelBinding<'BatchMatMul'> = {
  op: 'BatchMatMul',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'tf_batch_matmul_s16' : 'tf_batch_matmul_s8', calls: 1 }],
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    const value = { lhs_batches: d.lhsBatches, rhs_batches: d.rhsBatches, batches: d.batches, rows: d.rows, depth: d.depth, cols: d.cols,
      transpose_b: d.transposeB ? 1 : 0, lhs_offset: d.lhsOffset, rhs_offset: d.rhsOffset, output_offset: d.outputOffset,
      multiplier: d.multiplier, shift: d.shift, act: clamp(d.actMin, d.actMax) }
    if (d.int16) {
      const halves = [{ kind: 'input', port: 0, element: 'int16_t' }, { kind: 'input', port: 1, element: 'int16_t' }] as const
      return { runtime: ['tf_batch_matmul_s8', 'tf_batch_matmul_s16'], constants: [], params: { type: 'tf_batch_matmul_s8_params', value },
        invocations: [{ fn: 'tf_batch_matmul_s16', args: [PARAMS, ...halves, OUTPUT_S16] }] }
    }
    return { runtime: ['tf_batch_matmul_s8'], constants: [], params: { type: 'tf_batch_matmul_s8_params', value },
      invocations: [{ fn: 'tf_batch_matmul_s8', args: [PARAMS, { kind: 'input', port: 0 }, { kind: 'input', port: 1 }, OUTPUT] }] }
  },
}
