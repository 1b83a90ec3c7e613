/**
 * cmsis-nn — Arm CMSIS-NN s8 kernels (TFLite int8 quantization spec, bit-exact with TFLite Micro's reference kernels):
 * per-channel symmetric int8 weights, asymmetric int8 activations, int32 bias, requantization by a 32-bit multiplier
 * and shift, fused activation as the kernel's activation_min/max clamp.
 *
 * Facts read from Include/arm_nnfunctions.h and Source/*Functions/ of CMSIS-NN v7.0.0. The s8 wrappers pick a
 * specialised kernel themselves and fall back to a generic one that takes any kernel size, stride, dilation,
 * padding and channel count, so almost nothing is refused here; what the IR already guarantees (batch 1,
 * Add without broadcasting, Concat along channels) is left to the operators.
 *
 * Not used: arm_relu_q7 and arm_relu6_s8 clamp raw values to 0 and to 0..6, ignoring scale and zero point,
 * so they are wrong for s8 tensors.
 *
 * Second operator set (Mul, Maximum, Minimum, TransposeConv2D, BatchMatMul, Transpose, SVDF, LSTM): read from the same
 * v7.0.0 headers and sources and checked against CMSIS-NN main at 99f736a63036 (2026-07). Where v7.0.0 is not exact and
 * main is (arm_transpose_conv_s8's row alignment, fixed by 4a8f5b5d), or a kernel does not exist for a case (broadcasting
 * Mul), the package keeps TinyForge's portable kernel for that layer in both builds, as TFLite Micro runs its reference
 * kernels next to CMSIS-NN; the kernel sentence says when.
 */
import type { OpSupport, VendorLibrary } from '../types.ts'

/*
 * int4 packed weights (the `_s4` kernels of v7.0.0, Source/ConvolutionFunctions/arm_convolve_wrapper_s4.c,
 * arm_depthwise_conv_wrapper_s4.c, Source/FullyConnectedFunctions/arm_fully_connected_s4.c): the s8 arithmetic
 * (int8 activations with offsets, int32 bias, arm_nn_requantize) on weights in [−8, 7] packed two per byte, low nibble
 * first, in one stream over the filter (an odd row length carries its last nibble into the next row's byte).
 */
const INT4_CONV: NonNullable<OpSupport['int4']> = { kernel: 'arm_convolve_wrapper_s4',
  note: 'arm_convolve_1x1_s4_fast | arm_convolve_1x1_s4 | arm_convolve_1_x_n_s4 | arm_convolve_s4 (any kernel, stride, dilation); per-channel scales' }
const INT4_DEPTHWISE: NonNullable<OpSupport['int4']> = { kernel: 'arm_depthwise_conv_wrapper_s4',
  note: 'arm_depthwise_conv_s4_opt (multiplier 1, dilation 1) | arm_depthwise_conv_s4 (any multiplier, dilation); per-channel scales' }
const INT4_FC: NonNullable<OpSupport['int4']> = { kernel: 'arm_fully_connected_s4',
  note: 'per-tensor weight scale only (cmsis_nn_per_tensor_quant_params): an int4 FullyConnected is quantized per tensor' }

export const CMSIS_NN: VendorLibrary = {
  id: 'cmsis-nn',
  name: 'CMSIS-NN',
  provenance: 'Arm CMSIS-NN v7.0.0 (github.com/ARM-software/CMSIS-NN tag v7.0.0, commit 22080c68d040, 2024-11-11); '
    + 'the s8 kernels used are unchanged on main at 99f736a63036 (arm_nnfunctions.h V.19.1.0, 2026-07)',
  description: 'Arm Cortex-M int8 kernels following the TFLite int8 spec: per-channel int8 weights, '
    + 'asymmetric int8 activations, int32 bias, multiplier + shift requantization; bit-exact with TFLite Micro.',
  scheme: 's8',
  kernelRuntime: 'cmsis-nn',
  dtypes: { activations: 'int8', weights: 'int8', bias: 'int32' },
  ops: {
    // Generated integer preprocessing: (raw − mean) requantized to the input's scale and zero point with a
    // 32-bit multiplier + shift (arm_nn_requantize, arm_nnsupportfunctions.h); no floating point.
    Input: { kernel: 'arm_nn_requantize (generated preprocessing)', constraints: [] },
    // arm_convolve_wrapper_s8 → arm_convolve_1x1_s8_fast (1×1, no padding, stride 1) | arm_convolve_1x1_s8
    // (1×1, no padding) | arm_convolve_1_x_n_s8 (H = 1, kernel height 1, dilation 1, strideW·Cin % 4 == 0)
    // | arm_convolve_s8 (any kernel, stride, dilation; also grouped). Padding is top/left; bottom/right clip.
    // int16 (16x8): arm_convolve_wrapper_s16 → arm_convolve_s16 (Source/ConvolutionFunctions/arm_convolve_s16.c, v7.0.0):
    // int16 in/out (zero points 0), per-channel int8 weights, int64 bias (cmsis_nn_bias_data, is_int32_bias false),
    // im2col of two int16 columns, sums of up to MAX_COL_COUNT (512) products in int32 then int64, arm_nn_requantize_s64
    // with REDUCE_MULTIPLIER; any kernel, stride, dilation, padding.
    Conv2D: { kernel: 'arm_convolve_wrapper_s8', constraints: [], int4: INT4_CONV,
      int16: { kernel: 'arm_convolve_wrapper_s16 (per-channel weights, int64 bias)' } },
    // arm_depthwise_conv_wrapper_s8 → arm_depthwise_conv_3x3_s8 (DSP cores; multiplier 1, 3×3, padding ≤ 1,
    // dilation 1) | arm_depthwise_conv_s8_opt (multiplier 1, dilation 1) | arm_depthwise_conv_s8 (any multiplier
    // and dilation; the header says dilation is unused, but the code applies it).
    // int16 (16x8): arm_depthwise_conv_wrapper_s16 → arm_depthwise_conv_fast_s16 (multiplier 1, dilation 1, kh·kw < 512)
    // | arm_depthwise_conv_s16 (any multiplier, dilation); int64 bias pointer, 64-bit accumulation, arm_nn_requantize_s64.
    DepthwiseConv2D: { kernel: 'arm_depthwise_conv_wrapper_s8', constraints: [], int4: INT4_DEPTHWISE,
      int16: { kernel: 'arm_depthwise_conv_wrapper_s16 (fast_s16: multiplier 1, dilation 1, kh·kw < 512; else depthwise_conv_s16)' } },
    // arm_fully_connected_wrapper_s8 → arm_fully_connected_per_channel_s8 (per-channel weights) or
    // arm_fully_connected_s8 (per-tensor); input of any rank is read as [N, H·W·C]; weight offset must be 0.
    // int16 (16x8): arm_fully_connected_s16 — int16 in/out (zero points 0), int8 weights per tensor only (one
    // cmsis_nn_per_tensor_quant_params), int64 bias, 64-bit accumulation requantized by arm_nn_requantize_s64 with
    // REDUCE_MULTIPLIER (Source/FullyConnectedFunctions/arm_fully_connected_s16.c, v7.0.0; unchanged on main).
    FullyConnected: { kernel: 'arm_fully_connected_wrapper_s8', constraints: [],
      int16: { kernel: 'arm_fully_connected_s16 (per-tensor weights, int64 bias)' }, int4: INT4_FC },
    // Any window and stride; padding cells are skipped; activation applied as act_min/max clamp.
    // int16 (16x8): arm_max_pool_s16 (Source/PoolingFunctions/arm_max_pool_s16.c, v7.0.0), the same windows and clamp.
    MaxPool2D: { kernel: 'arm_max_pool_s8', constraints: [], int16: { kernel: 'arm_max_pool_s16' } },
    // Divides by the in-bounds cell count, rounding half away from zero (TFLite); activation as clamp.
    // int16 (16x8): arm_avgpool_s16 (arm_avgpool_s16.c, v7.0.0), the same rounding; buffer C int32 on DSP cores.
    AvgPool2D: { kernel: 'arm_avgpool_s8', constraints: [], int16: { kernel: 'arm_avgpool_s16' } },
    // arm_avgpool_s8 with an H×W window, stride 1, no padding → 1×1×C.
    GlobalAveragePool: { kernel: 'arm_avgpool_s8 (full H×W window)', constraints: [] },
    // Equal-length vectors (no broadcasting), per-input multiplier/shift after a left shift of 20, fused clamp.
    // int16 (16x8): arm_elementwise_add_s16 (Source/BasicMathFunctions/arm_elementwise_add_s16.c, v7.0.0) — the same
    // arithmetic with offsets ignored (zero points 0), left shift 15, arm_nn_requantize (either rounding), int16 clamp.
    Add: { kernel: 'arm_elementwise_add_s8', constraints: [], int16: { kernel: 'arm_elementwise_add_s16 (left shift 15)' } },
    // One arm_concatenation_s8_x call per input: NHWC channels are the innermost ("x") axis. A byte copy, so all
    // inputs share the output's scale and zero point (TFLite int8 spec for CONCATENATION).
    Concat: {
      kernel: 'arm_concatenation_s8_x',
      constraints: [
        { kind: 'channels', tensor: 'output', max: 65535, reason: 'CMSIS-NN concatenation takes channel counts as 16-bit values: at most 65535 output channels (arm_concatenation_s8_x)' },
      ],
    },
    // A no-op when the output may alias the input in the arena; arm_reshape_s8 (memcpy) when a copy is needed.
    Reshape: { kernel: 'none (aliased) or arm_reshape_s8', constraints: [], int16: { kernel: 'none (aliased)' } },
    Flatten: { kernel: 'none (aliased) or arm_reshape_s8', constraints: [], int16: { kernel: 'none (aliased)' } },
    // Fused into the producing kernel's activation_min/max; standalone, the TFLite reference ReLU/ReLU6
    // (requantize + clamp at the quantized 0 and 6), which TFLite Micro runs next to CMSIS-NN.
    ReLU: { kernel: 'fused clamp (activation_min/max) or TFLite reference ReLU', constraints: [] },
    ReLU6: { kernel: 'fused clamp (activation_min/max) or TFLite reference ReLU6', constraints: [] },
    // num_rows × row_size over the last axis, int32 sizes (no row limit); output scale 1/256, zero point −128.
    // int16 (16x8): arm_softmax_s16 (Source/SoftmaxFunctions/arm_softmax_s16.c, v7.0.0) — int16 symmetric input, output
    // 1/32768 with zero point 0, 513-entry exp and 1/(1+x) tables (TFLite gen_lut), input rescale from s_in·β/(10/65535)
    // through arm_nn_requantize (either rounding); int32 sum (row size ≤ 65,535).
    Softmax: { kernel: 'arm_softmax_s8', constraints: [], int16: { kernel: 'arm_softmax_s16 (exp and 1/(1+x) tables)' } },
    // int16 only: Source/ActivationFunctions/arm_nn_activation_s16.c (v7.0.0) — a 256-entry sigmoid table with linear
    // interpolation, Q0.15 out; it rescales the input by 3·2^left_shift, so it takes power-of-two input scales
    // 2^(k−12), −15 ≤ k ≤ 14. Other input scales (TFLite's general LOGISTIC / TANH rescale) run TinyForge's
    // tf_activation_s16 in both builds. No s8 kernel exists in CMSIS-NN.
    Sigmoid: { kernel: 'arm_nn_activation_s16 (ARM_SIGMOID; non-power-of-two input scale: TinyForge tf_activation_s16)', constraints: [],
      int16: { kernel: 'arm_nn_activation_s16' } },
    Tanh: { kernel: 'arm_nn_activation_s16 (ARM_TANH; non-power-of-two input scale: TinyForge tf_activation_s16)', constraints: [],
      int16: { kernel: 'arm_nn_activation_s16' } },
    // No CMSIS-NN kernel: TFLite Micro runs its reference QUANTIZE (Requantize) beside CMSIS-NN; TinyForge's
    // tf_requantize_{s8,s16}_{s8,s16} does the same in both builds.
    Quantize: { kernel: 'tf_requantize (TFLite reference Requantize; TinyForge portable)', constraints: [],
      int16: { kernel: 'tf_requantize_s8_s16 / tf_requantize_s16_s8' } },
    // Constant pad_value = the output zero point (real 0); added in CMSIS-NN v7.0.0.
    Pad: { kernel: 'arm_pad_s8', constraints: [] },
    // No vendor early-exit kernel: TinyForge's portable tf_exit_margin, or tf_softmax_s8 (β = 1) on the logits then
    // tf_exit_probability; they copy the logits and return the decision, in both builds of the package.
    Exit: { kernel: 'tf_exit_margin | tf_softmax_s8 + tf_exit_probability (TinyForge portable)', constraints: [] },
    // Flat vectors of one length, (a − zp_a)(b − zp_b) requantized by one multiplier + shift, fused clamp. Broadcasting
    // (TFLite's BroadcastMul4DSlow) has no CMSIS-NN kernel: such a layer runs TinyForge's tf_mul_s8 in both builds.
    // int16 (16x8): arm_elementwise_mul_s16 (Source/BasicMathFunctions/arm_elementwise_mul_s16.c, v7.0.0) — offsets
    // ignored (zero points 0), one output multiplier/shift, arm_nn_requantize (either rounding), int16 clamp; flat vectors
    // only, a broadcasting int16 Mul runs TinyForge's tf_mul_s16 in both builds.
    Mul: { kernel: 'arm_elementwise_mul_s8 (equal shapes; broadcasting: TinyForge tf_mul_s8)', constraints: [],
      int16: { kernel: 'arm_elementwise_mul_s16 (equal shapes; broadcasting: TinyForge tf_mul_s16)' } },
    // Raw int8 comparison with broadcasting over n, h, w, c (added in v7.0.0); one quantization for inputs and output.
    Maximum: { kernel: 'arm_maximum_s8', constraints: [] },
    Minimum: { kernel: 'arm_minimum_s8', constraints: [] },
    // arm_transpose_conv_wrapper_s8 → arm_convolve_s8 on the stride-upsampled input with the filter reversed (both
    // strides ≤ 2 and more than 16 input channels) | arm_transpose_conv_s8 (rolling int32 row buffer). Weights OHWI,
    // per-channel requantization, no dilation. v7.0.0's arm_transpose_conv_s8 misaligns rows when the top padding is not
    // a multiple of the stride height (fixed on main, 4a8f5b5d); those layers run TinyForge's tf_transpose_conv_s8.
    TransposeConv2D: {
      kernel: 'arm_transpose_conv_wrapper_s8 (top padding not a multiple of the stride outside the reverse path: TinyForge tf_transpose_conv_s8)',
      constraints: [],
    },
    // lhs [N, H, W=rows, C=K] · rhsᵀ [N, H, W=cols, C=K], batch axes broadcast; per-tensor multiplier, both operands
    // with offsets (filter_offset = −zp_b); adj_x unused by the kernel. The second operand is transposed first with
    // arm_transpose_s8 unless the layer reads it transposed (adj_y).
    // int16 (16x8): arm_batch_matmul_s16 (Source/FullyConnectedFunctions/arm_batch_matmul_s16.c, v7.0.0) — zero points 0,
    // int64 sums, arm_nn_requantize_s64 with REDUCE_MULTIPLIER, b transposed; v7.0.0 has no arm_transpose_s16, so an
    // untransposed int16 b runs TinyForge's tf_batch_matmul_s16 in both builds.
    BatchMatMul: { kernel: 'arm_batch_matmul_s8 (+ arm_transpose_s8 of b unless transposeB)', constraints: [],
      int16: { kernel: 'arm_batch_matmul_s16 (transposeB; otherwise TinyForge tf_batch_matmul_s16)' } },
    // Up to four dims, any permutation (added in v7.0.0).
    Transpose: { kernel: 'arm_transpose_s8', constraints: [] },
    // int16 state and time weights, int8 feature weights (per tensor), int32 bias; one frame [1, F] per call; two
    // int32 buffers (a sum per filter and per unit). The int8 SVDF with int8 state (arm_svdf_s8) is not used: TFLite's
    // int8 SVDF keeps an int16 state.
    SVDF: { kernel: 'arm_svdf_state_s16_s8', constraints: [] },
    // int8 in/out, int16 cell and gates (Q3.12 → Q0.15 through arm_nn_activation_s16), effective biases precomputed;
    // buffers: two int16 gate rows. v7.0.0 always starts a call from a zero state (hidden_in NULL, cell memset); main
    // keeps it since 4ab83cc3 (cmsis_nn_lstm_context.hidden_state). A stateful (streaming) LSTM runs TinyForge's
    // tf_lstm_unidirectional_s8 in both builds.
    // int16 (16x8): TinyForge's tf_lstm_unidirectional_s16 in both builds (the steps of v7.0.0 arm_lstm_unidirectional_s16:
    // zero points 0, 64-bit gate sums, arm_nn_requantize_s64; that kernel is not bound yet and starts from a zero state).
    LSTM: { kernel: 'arm_lstm_unidirectional_s8 (stateful: TinyForge tf_lstm_unidirectional_s8)', constraints: [],
      int16: { kernel: 'TinyForge tf_lstm_unidirectional_s16 (both builds)' } },
  },
}
