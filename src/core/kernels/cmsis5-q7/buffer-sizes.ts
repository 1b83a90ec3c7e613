/**
 * The buffers of CMSIS_5's legacy q7 kernels (CMSIS_5 5.9.0, CMSIS/NN/Source). They use them only on the
 * `ARM_MATH_DSP && !ARM_MATH_MVEI` path; their reference path ('c' and 'mve') ignores them. On 'dsp':
 *   Conv2D (arm_convolve_HWC_q7_{basic,fast}_nonsquare, arm_convolve_1x1_HWC_q7_fast_nonsquare) — bufferA of
 *     2·C·kh·kw q15 (im2col of two output pixels) = 4·C·kh·kw bytes;
 *   DepthwiseConv2D (arm_depthwise_separable_conv_HWC_q7_nonsquare) — the documented bufferA 2·C·kh·kw q15 = 4·C·kh·kw bytes;
 *   FullyConnected (arm_fully_connected_q7) — vec_buffer of dim_vec q15 = 2·K bytes;
 *   AvgPool2D, GlobalAveragePool (arm_avepool_q7_HWC) — bufferA 2·dim_im_out·C bytes (one output row of q15 sums).
 */
import type { Shape } from '../../ir/types.ts'
import type { KernelIsa } from '../../targets/cores.ts'

/** 4·C·kh·kw on DSP cores (q15 im2col of two pixels), else 0. */
export function windowBufferQ7(isa: KernelIsa, input: Shape | undefined, kh: number, kw: number): number {
  return isa === 'dsp' && input?.length === 4 ? 4 * input[3] * kh * kw : 0
}

/** 2·W_out·C on DSP cores (one output row of q15 sums), else 0. */
export function avepoolBufferQ7(isa: KernelIsa, input: Shape | undefined, output: Shape): number {
  return isa === 'dsp' && input?.length === 4 && output.length === 4 ? 2 * output[2] * input[3] : 0
}
