/*
 * tf_transpose_conv_s8 — int8 transposed 2-D convolution, TFLite int8 spec (counterpart: CMSIS-NN
 * arm_transpose_conv_wrapper_s8 / arm_transpose_conv_s8 = TFLite reference TRANSPOSE_CONV). Input NHWC
 * (batch 1), weights OHWI [out_c, kernel_h, kernel_w, in_c], int32 bias [out_c] or NULL, per-channel requantization.
 *
 * Every input cell (y, x) scatters its window onto output (y * stride - pad + k); computed here as the equivalent
 * gather, so no accumulator buffer is needed:
 *   acc[oy, ox, o] = bias[o] + sum over (ky, kx, i) with oy + pad_top - ky = y * stride_h (0 <= y < H), likewise x,
 *                    of (x[y, x, i] + input_offset) * w[o, ky, kx, i]
 *   y = clamp(tf_nn_requantize(acc, multipliers[o], shifts[o]) + output_offset, act.min, act.max)
 * The int32 sum wraps as the scatter's would (the order of additions does not change a sum modulo 2^32).
 * Legal ranges: input_offset in [-127, 128]; output_offset in [-128, 127]; pad_top/left >= 0; window.dilation_*
 * must be 1 (not read). No scratch. The output must not overlap the input.
 */
#ifndef TF_TRANSPOSE_CONV_S8_H
#define TF_TRANSPOSE_CONV_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    tf_dims input;
    tf_dims output;
    tf_window window;
    int32_t input_offset;
    int32_t output_offset;
    tf_clamp act;
} tf_transpose_conv_s8_params;

void tf_transpose_conv_s8(const tf_transpose_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                          const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_TRANSPOSE_CONV_S8_H */
