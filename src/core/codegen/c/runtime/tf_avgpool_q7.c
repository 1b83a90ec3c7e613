/* tf_avgpool_q7 — see tf_avgpool_q7.h for the contract. */
#include "tf_avgpool_q7.h"

#include "tf_nn_fixed_point.h"

void tf_avgpool_q7(const tf_pool_params *params, const int8_t *input, int8_t *output)
{
    const tf_window *win = &params->window;
    const int32_t channels = params->input.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        int32_t y0, y1;
        tf_pool_span(oy, win->stride_h, win->pad_top, win->kernel_h, params->input.h, &y0, &y1);
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            int32_t x0, x1;
            tf_pool_span(ox, win->stride_w, win->pad_left, win->kernel_w, params->input.w, &x0, &x1);
            const int32_t count_x = x1 - x0;
            for (int32_t c = 0; c < channels; c++)
            {
                int32_t rows = 0;
                for (int32_t iy = y0; iy < y1; iy++)
                {
                    const int8_t *row = input + (iy * params->input.w) * channels + c;
                    int32_t sum = 0;
                    for (int32_t ix = x0; ix < x1; ix++)
                    {
                        sum += row[ix * channels];
                    }
                    rows += sum / count_x;
                }
                *output++ = (int8_t)tf_nn_clamp(rows / (y1 - y0), params->act.min, params->act.max);
            }
        }
    }
}
