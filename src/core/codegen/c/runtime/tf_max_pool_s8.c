/*
 * tf_max_pool_s8 — see tf_max_pool_s8.h for the contract.
 *
 * Plain C99 path: one channel at a time over the clipped window. DSP path (TF_NN_DSP, tf_nn_dsp.h): four channels
 * per 4-byte load, the bytewise maximum by SSUB8 + SEL, the clamp likewise; channels beyond a multiple of 4 take
 * the plain loop.
 */
#include "tf_max_pool_s8.h"

#include "tf_nn_dsp.h"
#include "tf_nn_fixed_point.h"

void tf_max_pool_s8(const tf_pool_params *params, const int8_t *input, int8_t *output)
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
            /* Index of the window's first cell, channel 0. */
            const int32_t first = y0 * row_stride + x0 * channels;
            int32_t c = 0;
#if TF_NN_DSP
            const int32_t lo = tf_dsp_dup8(params->act.min);
            const int32_t hi = tf_dsp_dup8(params->act.max);
            for (; c + 4 <= channels; c += 4)
            {
                int32_t m = lo;
                for (int32_t iy = y0, r = first + c; iy < y1; iy++, r += row_stride)
                {
                    for (int32_t ix = x0, i = r; ix < x1; ix++, i += channels)
                    {
                        m = tf_dsp_max8(m, tf_dsp_read_s8x4(input + i));
                    }
                }
                tf_dsp_write_s8x4(output + c, tf_dsp_min8(m, hi));
            }
#endif
            for (; c < channels; c++)
            {
                int32_t m = -128;
                for (int32_t iy = y0, r = first + c; iy < y1; iy++, r += row_stride)
                {
                    for (int32_t ix = x0, i = r; ix < x1; ix++, i += channels)
                    {
                        const int32_t v = input[i];
                        m = v > m ? v : m;
                    }
                }
                output[c] = (int8_t)tf_nn_clamp(m, params->act.min, params->act.max);
            }
            output += channels;
        }
    }
}
