/**
 * BatchMatMul on CMSIS-NN: arm_batch_matmul_s8 (added in v7.0.0), which takes the second operand transposed
 * ([.., N, K]); without transposeB the call first transposes it into the scratch with arm_transpose_s8, as TFLite
 * Micro does. On Helium the kernel sums the columns of b into a further N int32 of the scratch.
 * A layer kept at int16: arm_batch_matmul_s16 (v7.0.0; b transposed, no scratch: it ignores ctx) when transposeB;
 * CMSIS-NN v7.0.0 has no arm_transpose_s16, so an untransposed int16 b runs the portable tf_batch_matmul_s16 in both builds.
 */
import type { KernelBinding } from '../types.ts'
import { batchMatmulS8 } from './buffer-sizes.ts'
import { act, decl, scratchCheck, vendorCall } from './cmsis-call.ts'
import type { BatchMatMulOpData } from '../../ops/batch-matmul.ts'

/** The arm_batch_matmul_s16 call (b transposed): per-tensor Q31 multiplier (the kernel reduces it), int16 clamp. */
function emitS16(d: BatchMatMulOpData, s: string, io: { inputs: readonly string[]; output: string }) {
  const declarations = [
    decl('cmsis_nn_bmm_params', `${s}_cmsis_params`, { adj_x: 0, adj_y: 0,
      fc_params: { input_offset: 0, filter_offset: 0, output_offset: 0, activation: act(d.actMin, d.actMax) } }),
    decl('cmsis_nn_per_tensor_quant_params', `${s}_cmsis_quant`, { multiplier: d.multiplier, shift: d.shift }),
    decl('cmsis_nn_dims', `${s}_cmsis_lhs`, { n: 1, h: d.lhsBatches, w: d.rows, c: d.depth }),
    decl('cmsis_nn_dims', `${s}_cmsis_rhs`, { n: 1, h: d.rhsBatches, w: d.cols, c: d.depth }),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, { n: 1, h: d.batches, w: d.rows, c: d.cols }),
  ]
  const half = (p: string) => `(const int16_t *)(const void *)(${p})`
  const statements = ['{', '    const cmsis_nn_context ctx = {.buf = NULL, .size = 0};',
    `    TF_CMSIS_CHECK(arm_batch_matmul_s16(&ctx, &${s}_cmsis_params, &${s}_cmsis_quant, &${s}_cmsis_lhs, ${half(io.inputs[0])}, ` +
      `&${s}_cmsis_rhs, ${half(io.inputs[1])}, &${s}_cmsis_output, (int16_t *)(void *)(${io.output})));`, '}']
  return vendorCall(declarations, statements)
}

export const batchMatMul: KernelBinding<'BatchMatMul'> = {
  op: 'BatchMatMul',
  calls: (site) => site.output.dtype === 'int16'
    ? [{ kernel: site.attrs.transposeB ? 'arm_batch_matmul_s16' : 'tf_batch_matmul_s16', calls: 1 }]
    : [...(site.attrs.transposeB ? [] : [{ kernel: 'arm_transpose_s8', calls: 1 }]), { kernel: 'arm_batch_matmul_s8', calls: 1 }],
  scratchBytes: (site, isa) => (site.output.dtype === 'int16' ? 0 : batchMatmulS8(isa, site)),
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    if (d.int16) return d.transposeB ? emitS16(d, s, io) : undefined
    const rhsSize = d.rhsBatches * d.depth * d.cols
    const transposed = Math.ceil(rhsSize / 4) * 4
    const declarations = [
      decl('cmsis_nn_bmm_params', `${s}_cmsis_params`, { adj_x: 0, adj_y: 0,
        fc_params: { input_offset: d.lhsOffset, filter_offset: d.rhsOffset, output_offset: d.outputOffset, activation: act(d.actMin, d.actMax) } }),
      decl('cmsis_nn_per_tensor_quant_params', `${s}_cmsis_quant`, { multiplier: d.multiplier, shift: d.shift }),
      decl('cmsis_nn_dims', `${s}_cmsis_lhs`, { n: 1, h: d.lhsBatches, w: d.rows, c: d.depth }),
      decl('cmsis_nn_dims', `${s}_cmsis_rhs`, { n: 1, h: d.rhsBatches, w: d.cols, c: d.depth }),
      decl('cmsis_nn_dims', `${s}_cmsis_output`, { n: 1, h: d.batches, w: d.rows, c: d.cols }),
    ]
    const statements = ['{']
    let rhs = io.inputs[1]
    let ctxBuf = 'tf_scratch'
    if (!d.transposeB) {
      declarations.push(
        `static const uint32_t ${s}_cmsis_perm[4] = {0, 1, 3, 2};`,
        decl('cmsis_nn_dims', `${s}_cmsis_rhs_kn`, { n: 1, h: d.rhsBatches, w: d.depth, c: d.cols }),
        decl('cmsis_nn_transpose_params', `${s}_cmsis_transpose`, { num_dims: 4, permutations: `${s}_cmsis_perm` }))
      statements.push(`    ${scratchCheck(`${transposed} + arm_fully_connected_s8_get_buffer_size(&${s}_cmsis_output)`)}`,
        `    int8_t *const rhs_t = (int8_t *)(void *)tf_scratch;`,
        `    TF_CMSIS_CHECK(arm_transpose_s8(${rhs}, rhs_t, &${s}_cmsis_rhs_kn, &${s}_cmsis_rhs, &${s}_cmsis_transpose));`)
      rhs = 'rhs_t'
      ctxBuf = `tf_scratch + ${transposed / 4}`
    } else {
      statements.push(`    ${scratchCheck(`arm_fully_connected_s8_get_buffer_size(&${s}_cmsis_output)`)}`)
    }
    statements.push(
      `    const cmsis_nn_context ctx = {.buf = ${ctxBuf}, .size = TF_SCRATCH_BYTES - ${d.transposeB ? 0 : transposed}};`,
      `    TF_CMSIS_CHECK(arm_batch_matmul_s8(&ctx, &${s}_cmsis_params, &${s}_cmsis_quant, &${s}_cmsis_lhs, ${io.inputs[0]}, ` +
        `&${s}_cmsis_rhs, ${rhs}, &${s}_cmsis_output, ${io.output}));`,
      '}')
    return vendorCall(declarations, statements)
  },
}
