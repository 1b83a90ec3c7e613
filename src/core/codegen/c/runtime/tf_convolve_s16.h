/*
 * tf_convolve_s16 — 2-D convolution of TFLite's 16x8 scheme: int16 activations, int8 weights, int64 bias
 * (counterpart: CMSIS-NN arm_convolve_wrapper_s16 → arm_convolve_s16, v7.0.0).
 *
 * Layouts: input NHWC [1, H, W, Cin] int16, zero point 0; filter OHWI [Cout, KH, KW, Cin], symmetric int8 per output
 * channel; bias int64 [Cout] or NULL; output NHWC [1, OH, OW, Cout] int16, zero point 0. Per output channel o:
 *   acc = bias[o] + sum over the window of x * w                          (64-bit; cells outside the input add 0)
 *   rm  = multipliers[o] < 0x7FFF0000 ? (multipliers[o] + 2^15) >> 16 : 0x7FFF       (CMSIS-NN REDUCE_MULTIPLIER)
 *   y   = clamp((((int32_t)((acc * rm) >> (14 - shifts[o]))) + 1) >> 1, act.min, act.max)   (arm_nn_requantize_s64)
 * Window: input row oy*stride_h - pad_top + ky*dilation_h (likewise for columns); bottom/right padding is implicit.
 *
 * Legal ranges: multipliers in [0, 2^31), shifts <= 14; act within [-32768, 32767]; dims >= 1; pad_top/pad_left >= 0.
 * No scratch. Input and output must not overlap.
 */
#ifndef TF_CONVOLVE_S16_H
#define TF_CONVOLVE_S16_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Frozen parameters of an int16 convolution (also used by tf_depthwise_conv_s16). */
typedef struct
{
    tf_dims input;
    tf_dims output;
    tf_window window;
    /** Depthwise only: output channels per input channel (Cout = Cin * depth_multiplier); 1 otherwise. */
    int32_t depth_multiplier;
    tf_clamp act;
} tf_conv_s16_params;

/** arm_nn_requantize_s64 with REDUCE_MULTIPLIER: the 64 -> 32 bit reduction keeps the low 32 bits, then the last rounding shift. */
static inline int32_t tf_nn_requantize_s64(int64_t acc, int32_t multiplier, int32_t shift)
{
    const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int64_t wide = (acc * reduced) >> (14 - shift);
    const int32_t r = (int32_t)(uint32_t)(uint64_t)wide;
    return (r + 1) >> 1;
}

void tf_convolve_s16(const tf_conv_s16_params *params,
                     const int32_t *multipliers,
                     const int32_t *shifts,
                     const int16_t *input,
                     const int8_t *filter,
                     const int64_t *bias,
                     int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_CONVOLVE_S16_H */
