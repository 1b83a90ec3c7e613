/*
 * tf_depthwise_conv_q7 — power-of-two (Q-format) int8 depthwise convolution (counterpart: the legacy
 * CMSIS-NN arm_depthwise_separable_conv_HWC_q7_nonsquare).
 *
 * Layouts: input NHWC [1, H, W, Cin]; filter [1, KH, KW, Cout], Cout = Cin * depth_multiplier; bias int8
 * [Cout] or NULL; output NHWC [1, OH, OW, Cout]. Output channel o reads input channel o / depth_multiplier:
 *   acc = (bias[o] << bias_shift) + sum over the window of x * w            (cells outside the input add 0)
 *   y   = clamp(sat_q7((acc + 2^(out_shift-1)) >> out_shift), act.min, act.max)
 * Legal ranges: as tf_convolve_q7. No scratch. Input and output must not overlap.
 */
#ifndef TF_DEPTHWISE_CONV_Q7_H
#define TF_DEPTHWISE_CONV_Q7_H

#include "tf_convolve_q7.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_depthwise_conv_q7(const tf_conv_q7_params *params,
                          const int8_t *input,
                          const int8_t *filter,
                          const int8_t *bias,
                          int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_DEPTHWISE_CONV_Q7_H */
