/*
 * tf_depthwise_conv_q7 — see tf_depthwise_conv_q7.h for the contract.
 *
 * Plain path (and any depth multiplier > 1): one output channel at a time over the valid taps of its window.
 * DSP path (TF_NN_DSP, tf_nn_dsp_dot.h), depth multiplier 1: four channels at a time, as tf_depthwise_conv_s8's
 * with no input offset; channels beyond a multiple of 4 take the plain loop.
 */
#include "tf_depthwise_conv_q7.h"

#include "tf_nn_dsp_dot.h"
#include "tf_nn_fixed_point.h"

static inline int8_t requantize(const tf_conv_q7_params *p, int32_t acc)
{
    const int32_t y = tf_nn_sat_q7(tf_nn_rounding_right_shift(acc, p->out_shift));
    return (int8_t)tf_nn_clamp(y, p->act.min, p->act.max);
}

static inline int32_t bias_of(const tf_conv_q7_params *p, const int8_t *bias, int32_t o)
{
    return bias != NULL ? tf_nn_shift_left(bias[o], p->bias_shift) : 0;
}

void tf_depthwise_conv_q7(const tf_conv_q7_params *params,
                          const int8_t *input,
                          const int8_t *filter,
                          const int8_t *bias,
                          int8_t *output)
{
    const tf_window *win = &params->window;
    const int32_t in_w = params->input.w;
    const int32_t in_c = params->input.c;
    const int32_t out_c = params->output.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        const int32_t iy0 = oy * win->stride_h - win->pad_top;
        int32_t ky0, ky1;
        tf_valid_taps(iy0, win->kernel_h, win->dilation_h, params->input.h, &ky0, &ky1);
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            const int32_t ix0 = ox * win->stride_w - win->pad_left;
            int32_t kx0, kx1;
            tf_valid_taps(ix0, win->kernel_w, win->dilation_w, in_w, &kx0, &kx1);
            int32_t o = 0;
#if TF_NN_DSP
            if (params->depth_multiplier == 1 && ky0 < ky1 && kx0 < kx1)
            {
                /* Input and filter indices of the first valid tap, channel 0. */
                const int32_t x_first = ((iy0 + ky0 * win->dilation_h) * in_w + ix0 + kx0 * win->dilation_w) * in_c;
                const int32_t w_first = (ky0 * win->kernel_w + kx0) * in_c;
                for (; o + 4 <= out_c; o += 4)
                {
                    int32_t acc[4] = { bias_of(params, bias, o), bias_of(params, bias, o + 1), bias_of(params, bias, o + 2),
                                       bias_of(params, bias, o + 3) };
                    tf_dsp_depthwise_4(input, filter, x_first + o, w_first + o, win->dilation_w * in_c, win->dilation_h * in_w * in_c,
                                       in_c, win->kernel_w * in_c, ky1 - ky0, kx1 - kx0, 0, acc);
                    output[o] = requantize(params, acc[0]);
                    output[o + 1] = requantize(params, acc[1]);
                    output[o + 2] = requantize(params, acc[2]);
                    output[o + 3] = requantize(params, acc[3]);
                }
            }
#endif
            for (; o < out_c; o++)
            {
                const int32_t c = o / params->depth_multiplier;
                int32_t acc = bias_of(params, bias, o);
                for (int32_t ky = ky0; ky < ky1; ky++)
                {
                    /* May be negative before the first valid tap; every index read is in bounds. */
                    const int32_t row = ((iy0 + ky * win->dilation_h) * in_w + ix0) * in_c + c;
                    const int32_t taps = ky * win->kernel_w * out_c + o;
                    for (int32_t kx = kx0; kx < kx1; kx++)
                    {
                        acc += input[row + kx * win->dilation_w * in_c] * filter[taps + kx * out_c];
                    }
                }
                output[o] = requantize(params, acc);
            }
            output += out_c;
        }
    }
}
