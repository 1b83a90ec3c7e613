/* tf_transpose_conv_s8 — see tf_transpose_conv_s8.h for the contract. */
#include "tf_transpose_conv_s8.h"

#include "tf_nn_fixed_point.h"

void tf_transpose_conv_s8(const tf_transpose_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                          const int8_t *input, const int8_t *weights, const int32_t *bias, int8_t *output)
{
    const tf_dims in = params->input;
    const tf_dims out = params->output;
    const tf_window win = params->window;
    for (int32_t oy = 0; oy < out.h; oy++)
    {
        const int32_t ty = oy + win.pad_top;
        for (int32_t ox = 0; ox < out.w; ox++)
        {
            const int32_t tx = ox + win.pad_left;
            for (int32_t o = 0; o < out.c; o++)
            {
                int32_t acc = bias != NULL ? bias[o] : 0;
                /* Taps ky = ty - y * stride_h for whole y in [0, H): ky = ty mod stride_h, + stride_h, ... */
                for (int32_t ky = ty % win.stride_h; ky < win.kernel_h && ky <= ty; ky += win.stride_h)
                {
                    const int32_t y = (ty - ky) / win.stride_h;
                    if (y >= in.h)
                    {
                        continue;
                    }
                    for (int32_t kx = tx % win.stride_w; kx < win.kernel_w && kx <= tx; kx += win.stride_w)
                    {
                        const int32_t x = (tx - kx) / win.stride_w;
                        if (x >= in.w)
                        {
                            continue;
                        }
                        const int8_t *src = input + (y * in.w + x) * in.c;
                        const int8_t *w = weights + ((o * win.kernel_h + ky) * win.kernel_w + kx) * in.c;
                        for (int32_t i = 0; i < in.c; i++)
                        {
                            acc += (src[i] + params->input_offset) * w[i];
                        }
                    }
                }
                const int32_t v = tf_nn_requantize(acc, multipliers[o], shifts[o]) + params->output_offset;
                *output++ = (int8_t)tf_nn_clamp(v, params->act.min, params->act.max);
            }
        }
    }
}
