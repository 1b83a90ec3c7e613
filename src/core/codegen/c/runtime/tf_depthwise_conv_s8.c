/*
 * tf_depthwise_conv_s8 — see tf_depthwise_conv_s8.h for the contract.
 *
 * Plain path (and any depth multiplier > 1): one output channel at a time over the valid taps of its window.
 * DSP path (TF_NN_DSP, tf_nn_dsp_dot.h), depth multiplier 1: four channels at a time. One 4-byte load of the input
 * and one of the filter per tap, SXTAB16 (adding the input offset) and SXTB16 split each into even and odd
 * channels, and SMLABB / SMLATT accumulate the four channels' products; channels beyond a multiple of 4 take the
 * plain loop.
 */
#include "tf_depthwise_conv_s8.h"

#include "tf_nn_dsp_dot.h"
#include "tf_nn_fixed_point.h"

static inline int8_t requantize(const tf_conv_s8_params *p, int32_t acc, int32_t multiplier, int32_t shift)
{
    acc = tf_nn_requantize(acc, multiplier, shift) + p->output_offset;
    return (int8_t)tf_nn_clamp(acc, p->act.min, p->act.max);
}

/* Output channels [o_begin, out_c) of output pixel (oy, ox), one at a time; taps [ky0, ky1) x [kx0, kx1). */
static void channels_plain(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts, const int8_t *input,
                           const int8_t *filter, const int32_t *bias, int8_t *output, int32_t iy0, int32_t ix0, int32_t ky0,
                           int32_t ky1, int32_t kx0, int32_t kx1, int32_t o_begin)
{
    const tf_window *win = &params->window;
    const int32_t in_w = params->input.w;
    const int32_t in_c = params->input.c;
    const int32_t out_c = params->output.c;
    const int32_t mult = params->depth_multiplier;
    for (int32_t o = o_begin; o < out_c; o++)
    {
        const int32_t c = o / mult;
        int32_t acc = bias != NULL ? bias[o] : 0;
        for (int32_t ky = ky0; ky < ky1; ky++)
        {
            /* May be negative before the first valid tap; every index read is in bounds. */
            const int32_t row = ((iy0 + ky * win->dilation_h) * in_w + ix0) * in_c + c;
            const int32_t taps = ky * win->kernel_w * out_c + o;
            for (int32_t kx = kx0; kx < kx1; kx++)
            {
                acc += (input[row + kx * win->dilation_w * in_c] + params->input_offset) * filter[taps + kx * out_c];
            }
        }
        output[o] = requantize(params, acc, multipliers[o], shifts[o]);
    }
}

#if TF_NN_DSP

/* Channels [0, 4*floor(C/4)) of output pixel (oy, ox), depth multiplier 1; returns the first channel not done. */
static int32_t channels_dsp(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts, const int8_t *input,
                            const int8_t *filter, const int32_t *bias, int8_t *output, int32_t iy0, int32_t ix0, int32_t ky0,
                            int32_t ky1, int32_t kx0, int32_t kx1)
{
    const tf_window *win = &params->window;
    const int32_t channels = params->input.c;
    const int32_t offset2 = tf_dsp_dup16(params->input_offset);
    const int32_t x_step = win->dilation_w * channels;
    const int32_t x_row = win->dilation_h * params->input.w * channels;
    const int32_t w_row = win->kernel_w * channels;
    /* Input and filter indices of the first valid tap, channel 0. */
    const int32_t x_first = ((iy0 + ky0 * win->dilation_h) * params->input.w + ix0 + kx0 * win->dilation_w) * channels;
    const int32_t w_first = (ky0 * win->kernel_w + kx0) * channels;
    int32_t c = 0;
    for (; c + 4 <= channels; c += 4)
    {
        int32_t acc[4] = { 0, 0, 0, 0 };
        if (bias != NULL)
        {
            acc[0] = bias[c];
            acc[1] = bias[c + 1];
            acc[2] = bias[c + 2];
            acc[3] = bias[c + 3];
        }
        tf_dsp_depthwise_4(input, filter, x_first + c, w_first + c, x_step, x_row, channels, w_row, ky1 - ky0, kx1 - kx0, offset2, acc);
        output[c] = requantize(params, acc[0], multipliers[c], shifts[c]);
        output[c + 1] = requantize(params, acc[1], multipliers[c + 1], shifts[c + 1]);
        output[c + 2] = requantize(params, acc[2], multipliers[c + 2], shifts[c + 2]);
        output[c + 3] = requantize(params, acc[3], multipliers[c + 3], shifts[c + 3]);
    }
    return c;
}

#endif /* TF_NN_DSP */

void tf_depthwise_conv_s8(const tf_conv_s8_params *params,
                          const int32_t *multipliers,
                          const int32_t *shifts,
                          const int8_t *input,
                          const int8_t *filter,
                          const int32_t *bias,
                          int8_t *output)
{
    const tf_window *win = &params->window;
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
            tf_valid_taps(ix0, win->kernel_w, win->dilation_w, params->input.w, &kx0, &kx1);
            int32_t o = 0;
#if TF_NN_DSP
            if (params->depth_multiplier == 1 && ky0 < ky1 && kx0 < kx1)
            {
                o = channels_dsp(params, multipliers, shifts, input, filter, bias, output, iy0, ix0, ky0, ky1, kx0, kx1);
            }
#endif
            channels_plain(params, multipliers, shifts, input, filter, bias, output, iy0, ix0, ky0, ky1, kx0, kx1, o);
            output += out_c;
        }
    }
}
