/*
 * tf_depthwise_conv_s8 — int8 depthwise 2-D convolution, TFLite int8 spec (counterpart: CMSIS-NN
 * arm_depthwise_conv_wrapper_s8).
 *
 * Layouts: input NHWC [1, H, W, Cin]; filter [1, KH, KW, Cout] with Cout = Cin * depth_multiplier,
 * symmetric int8; bias int32 [Cout] or NULL; output NHWC [1, OH, OW, Cout]. Output channel
 * o = c * depth_multiplier + m reads input channel c:
 *   acc = bias[o] + sum over the window of (x[c] + input_offset) * w[ky, kx, o]   (outside cells add 0)
 *   y   = clamp(tf_nn_requantize(acc, multipliers[o], shifts[o]) + output_offset, act.min, act.max)
 * Window placement as tf_convolve_s8 (dilation applied).
 *
 * Legal ranges: as tf_convolve_s8; depth_multiplier >= 1. No scratch. Input and output must not overlap.
 */
#ifndef TF_DEPTHWISE_CONV_S8_H
#define TF_DEPTHWISE_CONV_S8_H

#include "tf_convolve_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_depthwise_conv_s8(const tf_conv_s8_params *params,
                          const int32_t *multipliers,
                          const int32_t *shifts,
                          const int8_t *input,
                          const int8_t *filter,
                          const int32_t *bias,
                          int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_DEPTHWISE_CONV_S8_H */
