/*
 * tf_avgpool_s8 — see tf_avgpool_s8.h for the contract.
 *
 * Plain C99 path: one channel at a time over the clipped window. DSP path (TF_NN_DSP, tf_nn_dsp.h), windows of at
 * most 256 cells (|sum| <= 128 * 256 fits an int16 lane): four channels per 4-byte load, summed into two words of
 * int16 lanes by SXTAB16; channels beyond a multiple of 4, and larger windows, take the plain loop.
 */
#include "tf_avgpool_s8.h"

#include "tf_nn_dsp.h"
#include "tf_nn_fixed_point.h"

/* The rounded average, halves away from zero, clamped. */
static inline int8_t average(const tf_pool_params *p, int32_t sum, int32_t count)
{
    const int32_t half = count / 2;
    const int32_t avg = (sum > 0 ? sum + half : sum - half) / count;
    return (int8_t)tf_nn_clamp(avg, p->act.min, p->act.max);
}

void tf_avgpool_s8(const tf_pool_params *params, const int8_t *input, int8_t *output)
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
            /* Index of the window's first cell, channel 0. */
            const int32_t first = y0 * row_stride + x0 * channels;
            int32_t c = 0;
#if TF_NN_DSP
            for (; count <= 256 && c + 4 <= channels; c += 4)
            {
                int32_t s02 = 0;
                int32_t s13 = 0;
                for (int32_t iy = y0, r = first + c; iy < y1; iy++, r += row_stride)
                {
                    for (int32_t ix = x0, i = r; ix < x1; ix++, i += channels)
                    {
                        const int32_t x = tf_dsp_read_s8x4(input + i);
                        s02 = tf_dsp_sxtab16(s02, x);
                        s13 = tf_dsp_sxtab16_ror8(s13, x);
                    }
                }
                output[c] = average(params, (int16_t)(uint16_t)((uint32_t)s02 & 0xFFFFu), count);
                output[c + 1] = average(params, (int16_t)(uint16_t)((uint32_t)s13 & 0xFFFFu), count);
                output[c + 2] = average(params, s02 >> 16, count);
                output[c + 3] = average(params, s13 >> 16, count);
            }
#endif
            for (; c < channels; c++)
            {
                int32_t sum = 0;
                for (int32_t iy = y0, r = first + c; iy < y1; iy++, r += row_stride)
                {
                    for (int32_t ix = x0, i = r; ix < x1; ix++, i += channels)
                    {
                        sum += input[i];
                    }
                }
                output[c] = average(params, sum, count);
            }
            output += channels;
        }
    }
}
