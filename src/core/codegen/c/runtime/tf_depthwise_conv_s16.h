/*
 * tf_depthwise_conv_s16 — depthwise 2-D convolution of TFLite's 16x8 scheme: int16 activations, int8 weights, int64
 * bias (counterpart: CMSIS-NN arm_depthwise_conv_wrapper_s16 → arm_depthwise_conv_fast_s16 | arm_depthwise_conv_s16,
 * v7.0.0).
 *
 * Layouts: input NHWC [1, H, W, C] int16, zero point 0; filter [1, KH, KW, C * depth_multiplier] symmetric int8 per
 * output channel; bias int64 [C * depth_multiplier] or NULL; output NHWC [1, OH, OW, C * depth_multiplier] int16.
 * Output channel o reads input channel o / depth_multiplier:
 *   acc = bias[o] + sum over the window of x[.., o / depth_multiplier] * w[.., o]     (64-bit; outside cells add 0)
 *   y   = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(multipliers[o]), shifts[o]), act.min, act.max)
 * (tf_nn_requantize_s64 in tf_convolve_s16.h). Legal ranges and window as tf_convolve_s16. No scratch.
 */
#ifndef TF_DEPTHWISE_CONV_S16_H
#define TF_DEPTHWISE_CONV_S16_H

#include "tf_convolve_s16.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_depthwise_conv_s16(const tf_conv_s16_params *params,
                           const int32_t *multipliers,
                           const int32_t *shifts,
                           const int16_t *input,
                           const int8_t *filter,
                           const int64_t *bias,
                           int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_DEPTHWISE_CONV_S16_H */
