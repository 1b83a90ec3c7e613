/*
 * tf_convolve_s8 — int8 2-D convolution, TFLite int8 spec (counterpart: CMSIS-NN arm_convolve_wrapper_s8).
 *
 * Layouts: input NHWC [1, H, W, Cin]; filter OHWI [Cout, KH, KW, Cin], symmetric int8 (zero point 0);
 * bias int32 [Cout] or NULL; output NHWC [1, OH, OW, Cout]. Per output channel o:
 *   acc = bias[o] + sum over the window of (x + input_offset) * w      (cells outside the input add 0)
 *   y   = clamp(tf_nn_requantize(acc, multipliers[o], shifts[o]) + output_offset, act.min, act.max)
 * Window: input row oy*stride_h - pad_top + ky*dilation_h (likewise for columns); bottom/right padding
 * is implicit.
 *
 * Legal ranges: input_offset in [-127, 128] (minus the input zero point); output_offset in [-128, 127];
 * multipliers in [0, 2^31), shifts in [-31, 30]; dims >= 1; pad_top/pad_left >= 0; the accumulator
 * must fit int32 (|acc| < 2^31), as in TFLite and CMSIS-NN.
 *
 * Scratch: `buffer` holds two im2col columns of KH*KW*Cin int16 values (x + input_offset, 0 for padding): the
 * DSP path (tf_nn_dsp.h) fills both, the plain C99 path the first. Its size in bytes is
 * tf_convolve_s8_get_buffer_size() = 4*KH*KW*Cin on every target, so that one package fits every core. It must
 * be 4-byte aligned and must not overlap the input or output. Input and output must not overlap.
 */
#ifndef TF_CONVOLVE_S8_H
#define TF_CONVOLVE_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Frozen parameters of an s8 convolution (also used by tf_depthwise_conv_s8). */
typedef struct
{
    tf_dims input;
    tf_dims output;
    tf_window window;
    int32_t input_offset;
    int32_t output_offset;
    /** Depthwise only: output channels per input channel (Cout = Cin * depth_multiplier); 1 otherwise. */
    int32_t depth_multiplier;
    tf_clamp act;
} tf_conv_s8_params;

/** Bytes of scratch tf_convolve_s8 needs: 2 * KH * KW * Cin int16 values. */
int32_t tf_convolve_s8_get_buffer_size(const tf_conv_s8_params *params);

void tf_convolve_s8(const tf_conv_s8_params *params,
                    const int32_t *multipliers,
                    const int32_t *shifts,
                    const int8_t *input,
                    const int8_t *filter,
                    const int32_t *bias,
                    int8_t *output,
                    int16_t *buffer);

#ifdef __cplusplus
}
#endif

#endif /* TF_CONVOLVE_S8_H */
