/*
 * tf_convolve_s16 — see tf_convolve_s16.h for the contract.
 */
#include "tf_convolve_s16.h"

#include "tf_nn_fixed_point.h"

void tf_convolve_s16(const tf_conv_s16_params *params,
                     const int32_t *multipliers,
                     const int32_t *shifts,
                     const int16_t *input,
                     const int8_t *filter,
                     const int64_t *bias,
                     int16_t *output)
{
    const tf_dims in = params->input;
    const tf_dims out = params->output;
    const tf_window win = params->window;
    const int32_t filter_size = win.kernel_h * win.kernel_w * in.c;
    for (int32_t oy = 0; oy < out.h; oy++)
    {
        const int32_t iy0 = oy * win.stride_h - win.pad_top;
        int32_t ky0;
        int32_t ky1;
        tf_valid_taps(iy0, win.kernel_h, win.dilation_h, in.h, &ky0, &ky1);
        for (int32_t ox = 0; ox < out.w; ox++)
        {
            const int32_t ix0 = ox * win.stride_w - win.pad_left;
            int32_t kx0;
            int32_t kx1;
            tf_valid_taps(ix0, win.kernel_w, win.dilation_w, in.w, &kx0, &kx1);
            for (int32_t oc = 0; oc < out.c; oc++)
            {
                const int8_t *w = filter + oc * filter_size;
                int64_t acc = bias != NULL ? bias[oc] : 0;
                for (int32_t ky = ky0; ky < ky1; ky++)
                {
                    const int32_t iy = iy0 + ky * win.dilation_h;
                    for (int32_t kx = kx0; kx < kx1; kx++)
                    {
                        const int32_t ix = ix0 + kx * win.dilation_w;
                        const int16_t *x = input + (iy * in.w + ix) * in.c;
                        const int8_t *wk = w + (ky * win.kernel_w + kx) * in.c;
                        for (int32_t ic = 0; ic < in.c; ic++)
                        {
                            acc += (int32_t)x[ic] * wk[ic];
                        }
                    }
                }
                const int32_t r = tf_nn_requantize_s64(acc, multipliers[oc], shifts[oc]);
                *output++ = (int16_t)tf_nn_clamp(r, params->act.min, params->act.max);
            }
        }
    }
}
