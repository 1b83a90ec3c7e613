/*
 * tf_convolve_s8 — see tf_convolve_s8.h for the contract. One im2col column per output pixel, reused by
 * every filter: the column carries x + input_offset (int16, |v| <= 255), so padding cells are plain zeros
 * and the filter loop is a straight dot product.
 */
#include "tf_convolve_s8.h"

#include "tf_nn_fixed_point.h"

int32_t tf_convolve_s8_get_buffer_size(const tf_conv_s8_params *params)
{
    return params->window.kernel_h * params->window.kernel_w * params->input.c * (int32_t)sizeof(int16_t);
}

/* Fills `column` with the window of output pixel (oy, ox): KH*KW*C values, (x + offset) or 0 outside. */
static void im2col_s16(const tf_conv_s8_params *p, const int8_t *input, int32_t oy, int32_t ox, int16_t *column)
{
    const tf_window *win = &p->window;
    const int32_t channels = p->input.c;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    for (int32_t ky = 0; ky < win->kernel_h; ky++)
    {
        const int32_t iy = iy0 + ky * win->dilation_h;
        for (int32_t kx = 0; kx < win->kernel_w; kx++)
        {
            const int32_t ix = ix0 + kx * win->dilation_w;
            if (iy < 0 || iy >= p->input.h || ix < 0 || ix >= p->input.w)
            {
                for (int32_t c = 0; c < channels; c++)
                {
                    *column++ = 0;
                }
            }
            else
            {
                const int8_t *src = input + (iy * p->input.w + ix) * channels;
                for (int32_t c = 0; c < channels; c++)
                {
                    *column++ = (int16_t)(src[c] + p->input_offset);
                }
            }
        }
    }
}

static int8_t requantize(const tf_conv_s8_params *p, int32_t acc, int32_t multiplier, int32_t shift)
{
    acc = tf_nn_requantize(acc, multiplier, shift) + p->output_offset;
    return (int8_t)tf_nn_clamp(acc, p->act.min, p->act.max);
}

void tf_convolve_s8(const tf_conv_s8_params *params,
                    const int32_t *multipliers,
                    const int32_t *shifts,
                    const int8_t *input,
                    const int8_t *filter,
                    const int32_t *bias,
                    int8_t *output,
                    int16_t *buffer)
{
    const int32_t cols = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t out_c = params->output.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            im2col_s16(params, input, oy, ox, buffer);
            int32_t o = 0;
            /* Four filters at a time share each column load. */
            for (; o + 4 <= out_c; o += 4)
            {
                const int8_t *w0 = filter + o * cols;
                const int8_t *w1 = w0 + cols;
                const int8_t *w2 = w1 + cols;
                const int8_t *w3 = w2 + cols;
                int32_t a0 = bias != NULL ? bias[o] : 0;
                int32_t a1 = bias != NULL ? bias[o + 1] : 0;
                int32_t a2 = bias != NULL ? bias[o + 2] : 0;
                int32_t a3 = bias != NULL ? bias[o + 3] : 0;
                for (int32_t i = 0; i < cols; i++)
                {
                    const int32_t x = buffer[i];
                    a0 += x * w0[i];
                    a1 += x * w1[i];
                    a2 += x * w2[i];
                    a3 += x * w3[i];
                }
                output[o] = requantize(params, a0, multipliers[o], shifts[o]);
                output[o + 1] = requantize(params, a1, multipliers[o + 1], shifts[o + 1]);
                output[o + 2] = requantize(params, a2, multipliers[o + 2], shifts[o + 2]);
                output[o + 3] = requantize(params, a3, multipliers[o + 3], shifts[o + 3]);
            }
            for (; o < out_c; o++)
            {
                const int8_t *w = filter + o * cols;
                int32_t acc = bias != NULL ? bias[o] : 0;
                for (int32_t i = 0; i < cols; i++)
                {
                    acc += (int32_t)buffer[i] * w[i];
                }
                output[o] = requantize(params, acc, multipliers[o], shifts[o]);
            }
            output += out_c;
        }
    }
}
