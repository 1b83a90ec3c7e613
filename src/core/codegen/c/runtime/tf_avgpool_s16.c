/*
 * tf_avgpool_s16 — see tf_avgpool_s16.h for the contract.
 */
#include "tf_avgpool_s16.h"

#include "tf_nn_fixed_point.h"

void tf_avgpool_s16(const tf_pool_params *params, const int16_t *input, int16_t *output)
{
    const tf_window *win = &params->window;
    const int32_t channels = params->input.c;
    const int32_t row_stride = params->input.w * channels;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        int32_t y0, y1;
        tf_pool_span(oy, win->stride_h, win->pad_top, win->kernel_h, params->input.h, &y0, &y1);
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            int32_t x0, x1;
            tf_pool_span(ox, win->stride_w, win->pad_left, win->kernel_w, params->input.w, &x0, &x1);
            const int32_t count = (y1 - y0) * (x1 - x0);
            const int32_t half = count / 2;
            const int32_t first = y0 * row_stride + x0 * channels;
            for (int32_t c = 0; c < channels; c++)
            {
                int32_t sum = 0;
                for (int32_t iy = y0, r = first + c; iy < y1; iy++, r += row_stride)
                {
                    for (int32_t ix = x0, i = r; ix < x1; ix++, i += channels)
                    {
                        sum += input[i];
                    }
                }
                const int32_t avg = (sum > 0 ? sum + half : sum - half) / count;
                output[c] = (int16_t)tf_nn_clamp(avg, params->act.min, params->act.max);
            }
            output += channels;
        }
    }
}
