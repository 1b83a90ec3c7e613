/**
 * pow2-q7 — the legacy CMSIS-NN q7 API: symmetric power-of-two fixed point (Q-format) int8. Every scale is 2^-n,
 * zero points are 0, bias is q7 shifted left by bias_shift, the accumulator is shifted right by out_shift with
 * round-half-up (NN_ROUND) and saturated. The q7 kernels have no fused activation: ReLU runs after them in place
 * (arm_relu_q7) and ReLU6 as a clamp to [0, min(127, 6·2^n)] (arm_clip_q7, CMSIS-DSP).
 *
 * Facts read from CMSIS/NN/Include/arm_nnfunctions.h and CMSIS/NN/Source/ of CMSIS 5.9.0 (CMSIS-NN 3.1.0, the
 * last release with the q7 API; CMSIS-NN v4.0.0 removed it). Legacy kernels take one padding value per axis
 * (top/left; cells past the bottom/right edge read as zero), so TFLite 'same' and 'valid' both map exactly.
 *
 * Not offered: Pad (no q7 pad kernel in that release; arm_pad_s8 arrived in CMSIS-NN v7.0.0). Of the second operator set
 * the q7 API has only the element-wise product arm_nn_mult_q7 (NNSupportFunctions); Maximum, Minimum, Transpose,
 * BatchMatMul, TransposeConv2D, SVDF and LSTM have no q7 kernel in CMSIS_5 5.9.0 (its arm_svdf_s8 and
 * arm_svdf_state_s16_s8 are s8 kernels with multiplier + shift requantization, not q7).
 * Pooling on DSP cores first pools each row in place, writing output column i over input column i, and reads
 * windows from that half-overwritten row: the result is wrong once the top/left padding reaches the stride
 * (e.g. 3×3, stride 1, 'same'), hence IN_PLACE (exact for average pooling, conservative for max pooling).
 * The planner must also treat the pooling input as clobbered.
 */
import type { VendorLibrary } from '../types.ts'

const DILATION_H = { kind: 'attrOneOf', attr: 'dilationH', values: [1], reason: 'pow2-q7 convolution kernels have no dilation: dilation height must be 1 (arm_convolve_HWC_q7_*)' } as const
const DILATION_W = { kind: 'attrOneOf', attr: 'dilationW', values: [1], reason: 'pow2-q7 convolution kernels have no dilation: dilation width must be 1 (arm_convolve_HWC_q7_*)' } as const
const SQUARE_POOL = { kind: 'attrsEqual', attrs: ['poolH', 'poolW'], reason: 'pow2-q7 pooling kernels take square windows only (arm_maxpool_q7_HWC, arm_avepool_q7_HWC)' } as const
const SINGLE_STRIDE = { kind: 'attrsEqual', attrs: ['strideH', 'strideW'], reason: 'pow2-q7 pooling kernels take a single stride for both axes (arm_maxpool_q7_HWC, arm_avepool_q7_HWC)' } as const
const IN_PLACE = { kind: 'padBeforeBelowStride', window: ['poolH', 'poolW'], stride: ['strideH', 'strideW'], reason: "pow2-q7 pooling works in place on DSP cores (e.g. Cortex-M4/M7/M33), so 'same' padding must add less top/left padding than the stride, e.g. a 3×3 window needs stride 2 (arm_maxpool_q7_HWC, arm_avepool_q7_HWC)" } as const
const SQUARE_INPUT = { kind: 'squareInput', reason: 'pow2-q7 pooling kernels take square inputs only (height = width; arm_maxpool_q7_HWC, arm_avepool_q7_HWC)' } as const

export const POW2_Q7: VendorLibrary = {
  id: 'pow2-q7',
  name: 'pow2-q7',
  provenance: 'Arm CMSIS-NN 3.1.0 legacy q7 API as shipped in CMSIS 5.9.0 (github.com/ARM-software/CMSIS_5 tag 5.9.0, '
    + 'commit 2b7495b8535b, CMSIS/NN; arm_nnfunctions.h V.9.0.0) plus arm_add_q7 and arm_clip_q7 from CMSIS-DSP in the same release',
  description: 'Symmetric power-of-two fixed-point int8 (Q-format): every scale is 2^-n, requantization is a rounding '
    + 'shift, no multipliers or zero points. Cheaper kernels, coarser scales. Lacks (no q7 kernel in CMSIS_5 5.9.0): Pad, '
    + 'Maximum, Minimum, Transpose, BatchMatMul, TransposeConv2D, SVDF, LSTM; Mul without broadcasting only. No int16 '
    + 'activations (16x8), so neither Sigmoid, Tanh nor Quantize (CMSIS_5 q7 has arm_nn_activations_direct_q7; not offered). '
    + 'No int4 (packed s4) weight kernels: every layer keeps int8 weights.',
  scheme: 'pow2',
  kernelRuntime: 'cmsis5-q7',
  dtypes: { activations: 'int8', weights: 'int8', bias: 'int8' },
  ops: {
    // Generated integer preprocessing: (raw − mean) shifted into the input's Q format; exact only for a
    // power-of-two scale.
    Input: {
      kernel: 'arithmetic shift (generated preprocessing)',
      constraints: [
        { kind: 'powerOfTwo', attr: 'scale', reason: 'pow2-q7 preprocesses input with an arithmetic shift, so the Input scale must be a power of two (e.g. 1/128, 1/64, 1)' },
      ],
    },
    // arm_convolve_HWC_q7_fast_nonsquare when Cin % 4 == 0 and Cout % 2 == 0 (its 1×1, stride-1, unpadded twin
    // arm_convolve_1x1_HWC_q7_fast_nonsquare likewise), otherwise arm_convolve_HWC_q7_basic_nonsquare (any
    // channel counts). Weights OHWI.
    Conv2D: {
      kernel: 'arm_convolve_HWC_q7_fast_nonsquare | arm_convolve_HWC_q7_basic_nonsquare',
      constraints: [DILATION_H, DILATION_W],
    },
    // arm_depthwise_separable_conv_HWC_q7_nonsquare: returns ARM_MATH_SIZE_MISMATCH unless ch_in == ch_out;
    // its header documents even channel counts. Weights 1HWC.
    DepthwiseConv2D: {
      kernel: 'arm_depthwise_separable_conv_HWC_q7_nonsquare',
      constraints: [
        { kind: 'attrOneOf', attr: 'depthMultiplier', values: [1], reason: 'pow2-q7 depthwise convolution needs as many output as input channels: depth multiplier 1 (arm_depthwise_separable_conv_HWC_q7)' },
        { kind: 'channels', tensor: 'input', multipleOf: 2, reason: 'pow2-q7 depthwise convolution takes an even number of channels (arm_depthwise_separable_conv_HWC_q7)' },
        DILATION_H,
        DILATION_W,
      ],
    },
    // arm_fully_connected_q7: dim_vec and num_of_rows are uint16_t. Weights [units, inputs].
    FullyConnected: {
      kernel: 'arm_fully_connected_q7',
      constraints: [
        { kind: 'inputElements', max: 65535, reason: 'pow2-q7 fully-connected takes at most 65535 inputs (16-bit dim_vec of arm_fully_connected_q7)' },
        { kind: 'attrRange', attr: 'units', max: 65535, reason: 'pow2-q7 fully-connected takes at most 65535 units (16-bit num_of_rows of arm_fully_connected_q7)' },
      ],
    },
    // One dim_im_in, dim_kernel, stride and padding for both axes. Padding cells are skipped.
    MaxPool2D: { kernel: 'arm_maxpool_q7_HWC', constraints: [SQUARE_POOL, SINGLE_STRIDE, SQUARE_INPUT, IN_PLACE] },
    // Divides by the in-bounds cell count, truncating; the DSP path averages rows, then columns, truncating twice.
    AvgPool2D: { kernel: 'arm_avepool_q7_HWC', constraints: [SQUARE_POOL, SINGLE_STRIDE, SQUARE_INPUT, IN_PLACE] },
    // arm_avepool_q7_HWC with dim_kernel = dim_im_in, no padding, dim_im_out = 1.
    GlobalAveragePool: {
      kernel: 'arm_avepool_q7_HWC (full window)',
      constraints: [
        { kind: 'squareInput', reason: 'pow2-q7 global average pooling runs arm_avepool_q7_HWC over the whole input, which must be square (height = width)' },
      ],
    },
    // Saturating q7 add of two vectors in one Q format: the quantizer gives both inputs the output's format.
    Add: { kernel: 'arm_add_q7 (CMSIS-DSP)', constraints: [] },
    // Byte copies along the innermost (channel) axis; all inputs share the output's Q format.
    Concat: {
      kernel: 'arm_concatenation_s8_x',
      constraints: [
        { kind: 'channels', tensor: 'output', max: 65535, reason: 'pow2-q7 concatenation takes channel counts as 16-bit values: at most 65535 output channels (arm_concatenation_s8_x)' },
      ],
    },
    Reshape: { kernel: 'none (aliased) or arm_reshape_s8', constraints: [] },
    Flatten: { kernel: 'none (aliased) or arm_reshape_s8', constraints: [] },
    // In place; size is uint16_t, so the generated code calls it in chunks of at most 65535 values.
    ReLU: { kernel: 'arm_relu_q7', constraints: [] },
    // Clamp to [0, min(127, 6·2^n)]; arm_relu6_s8 (clamp to raw 0..6) equals it only for Q7.0 tensors.
    ReLU6: { kernel: 'arm_clip_q7 (CMSIS-DSP)', constraints: [] },
    // arm_nn_mult_q7 (NNSupportFunctions): ssat8((q15)(a·b + NN_ROUND(s)) >> s) on one flat vector, s = out_shift in
    // 0..15 (uint16_t; NN_ROUND(s) keeps the rounded product in q15), then arm_relu_q7 / arm_clip_q7 for a fused activation.
    Mul: {
      kernel: 'arm_nn_mult_q7',
      constraints: [
        { kind: 'sameInputShapes', reason: 'pow2-q7 multiplies two vectors of the same length (arm_nn_mult_q7 has no broadcasting)' },
      ],
    },
    // Base-2 softmax on the raw q7 values (arm_softmax_q7, "not bit-accurate with TensorFlow Lite"), one row per
    // call via arm_softmax_with_batch_q7; output Q0.7. Rows are indexed with an int16_t.
    Softmax: {
      kernel: 'arm_softmax_with_batch_q7',
      constraints: [
        { kind: 'channels', tensor: 'input', max: 32767, reason: 'pow2-q7 softmax rows hold at most 32767 values (16-bit signed index in arm_softmax_q7)' },
      ],
    },
    // No vendor early-exit kernel: TinyForge's portable tf_exit_margin, or tf_softmax_q7 (base-2, on the raw logits)
    // then tf_exit_probability; they copy the logits and return the decision.
    Exit: {
      kernel: 'tf_exit_margin | tf_softmax_q7 + tf_exit_probability (TinyForge portable)',
      constraints: [
        { kind: 'channels', tensor: 'input', max: 8191, reason: 'pow2-q7 exits take at most 8191 logits (with the softmax rule, tf_softmax_q7 sums 2^7 per logit under a 2^20 numerator)' },
      ],
    },
  },
}
