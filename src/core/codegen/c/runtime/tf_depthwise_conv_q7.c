/* tf_depthwise_conv_q7 — see tf_depthwise_conv_q7.h for the contract. */
#include "tf_depthwise_conv_q7.h"

#include "tf_nn_fixed_point.h"

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
            for (int32_t o = 0; o < out_c; o++)
            {
                const int32_t c = o / params->depth_multiplier;
                int32_t acc = bias != NULL ? tf_nn_shift_left(bias[o], params->bias_shift) : 0;
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
                const int32_t y = tf_nn_sat_q7(tf_nn_rounding_right_shift(acc, params->out_shift));
                *output++ = (int8_t)tf_nn_clamp(y, params->act.min, params->act.max);
            }
        }
    }
}
