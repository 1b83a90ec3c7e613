/*
 * tf_convolve_q7 — power-of-two (Q-format) int8 2-D convolution (counterpart: the legacy CMSIS-NN
 * arm_convolve_HWC_q7_basic_nonsquare, whose _fast and 1x1 twins compute the same bytes).
 *
 * Layouts: input NHWC [1, H, W, Cin]; filter OHWI [Cout, KH, KW, Cin], int8; bias int8 [Cout] or NULL;
 * output NHWC [1, OH, OW, Cout]. All zero points are 0 (symmetric Q formats).
 *   acc = (bias[o] << bias_shift) + sum over the window of x * w          (cells outside the input add 0)
 *   y   = clamp(sat_q7((acc + 2^(out_shift-1)) >> out_shift), act.min, act.max)
 * bias_shift = in_frac + w_frac - bias_frac, out_shift = in_frac + w_frac - out_frac; the fused ReLU/ReLU6
 * is the clamp (arm_relu_q7 / arm_clip_q7 after the legacy kernel).
 *
 * Legal ranges: bias_shift, out_shift in [0, 31]; window as tf_convolve_s8 (dilation applied);
 * |acc| < 2^31. Scratch: 4*KH*KW*Cin bytes on every target (tf_convolve_q7_get_buffer_size): two int16 im2col
 * columns on the DSP path (tf_nn_dsp_dot.h), one int8 column on the plain C99 path; 4-byte aligned; must not
 * overlap the tensors.
 */
#ifndef TF_CONVOLVE_Q7_H
#define TF_CONVOLVE_Q7_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Frozen parameters of a q7 convolution (also used by tf_depthwise_conv_q7). */
typedef struct
{
    tf_dims input;
    tf_dims output;
    tf_window window;
    /** Depthwise only: output channels per input channel; 1 otherwise. */
    int32_t depth_multiplier;
    int32_t bias_shift;
    int32_t out_shift;
    tf_clamp act;
} tf_conv_q7_params;

/** Bytes of scratch tf_convolve_q7 needs: 2 * KH * KW * Cin int16 values. */
int32_t tf_convolve_q7_get_buffer_size(const tf_conv_q7_params *params);

void tf_convolve_q7(const tf_conv_q7_params *params,
                    const int8_t *input,
                    const int8_t *filter,
                    const int8_t *bias,
                    int8_t *output,
                    int8_t *buffer);

#ifdef __cplusplus
}
#endif

#endif /* TF_CONVOLVE_Q7_H */
