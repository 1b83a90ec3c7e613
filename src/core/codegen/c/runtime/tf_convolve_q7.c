/*
 * tf_convolve_q7 — see tf_convolve_q7.h for the contract.
 *
 * Plain C99 path: one im2col column (int8, zeros for padding) per output pixel, reused by every filter, four filters
 * at a time. DSP path (TF_NN_DSP, tf_nn_dsp_dot.h): as tf_convolve_s8's, with no input offset — two output pixels'
 * columns of int16 in SXTB16 order, two filters x two pixels per pass by SMLAD.
 */
#include "tf_convolve_q7.h"

#include "tf_nn_dsp_dot.h"
#include "tf_nn_fixed_point.h"

int32_t tf_convolve_q7_get_buffer_size(const tf_conv_q7_params *params)
{
    return 2 * params->window.kernel_h * params->window.kernel_w * params->input.c * (int32_t)sizeof(int16_t);
}

static inline int8_t requantize(const tf_conv_q7_params *p, int32_t acc)
{
    const int32_t y = tf_nn_sat_q7(tf_nn_rounding_right_shift(acc, p->out_shift));
    return (int8_t)tf_nn_clamp(y, p->act.min, p->act.max);
}

#if TF_NN_DSP

void tf_convolve_q7(const tf_conv_q7_params *params,
                    const int8_t *input,
                    const int8_t *filter,
                    const int8_t *bias,
                    int8_t *output,
                    int8_t *buffer)
{
    /* The scratch is 4-byte aligned (the contract): two int16 columns. */
    int16_t *columns = (int16_t *)(void *)buffer;
    const int32_t k_len = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t out_c = params->output.c;
    const int32_t out_w = params->output.w;
    const int32_t pixels = params->output.h * out_w;
    const tf_dsp_column col0 = tf_dsp_column_of(columns, 0, k_len, 0);
    const tf_dsp_column col1 = tf_dsp_column_of(columns, 1, k_len, 0);
    int32_t oy = 0;
    int32_t ox = 0;
    for (int32_t i = 0; i < pixels; i += 2)
    {
        int8_t *out0 = output + i * out_c;
        int8_t *out1 = out0;
        const int32_t y0 = oy;
        const int32_t x0 = ox;
        tf_dsp_im2col_pixel(&params->input, &params->window, input, y0, x0, &col0);
        if (++ox == out_w)
        {
            ox = 0;
            oy++;
        }
        if (i + 1 < pixels)
        {
            out1 = out0 + out_c;
            tf_dsp_im2col_pixel(&params->input, &params->window, input, oy, ox, &col1);
            if (++ox == out_w)
            {
                ox = 0;
                oy++;
            }
        }
        else
        {
            /* The odd last pixel fills both columns and its values are stored twice. */
            tf_dsp_im2col_pixel(&params->input, &params->window, input, y0, x0, &col1);
        }
        /* Filters o0, o1 (o1 == o0 for an odd last filter: its values are stored twice). */
        for (int32_t o0 = 0; o0 < out_c; o0 += 2)
        {
            const int32_t o1 = o0 + 1 < out_c ? o0 + 1 : o0;
            int32_t acc[4] = { 0, 0, 0, 0 };
            if (bias != NULL)
            {
                acc[0] = acc[2] = tf_nn_shift_left(bias[o0], params->bias_shift);
                acc[1] = acc[3] = tf_nn_shift_left(bias[o1], params->bias_shift);
            }
            tf_dsp_dot_2x2(columns, k_len, filter + o0 * k_len, filter + o1 * k_len, acc);
            out0[o0] = requantize(params, acc[0]);
            out0[o1] = requantize(params, acc[1]);
            out1[o0] = requantize(params, acc[2]);
            out1[o1] = requantize(params, acc[3]);
        }
    }
}

#else /* plain C99 */

void tf_convolve_q7(const tf_conv_q7_params *params,
                    const int8_t *input,
                    const int8_t *filter,
                    const int8_t *bias,
                    int8_t *output,
                    int8_t *buffer)
{
    const tf_window *win = &params->window;
    const int32_t channels = params->input.c;
    const int32_t cols = win->kernel_h * win->kernel_w * channels;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            int8_t *column = buffer;
            for (int32_t ky = 0; ky < win->kernel_h; ky++)
            {
                const int32_t iy = oy * win->stride_h - win->pad_top + ky * win->dilation_h;
                for (int32_t kx = 0; kx < win->kernel_w; kx++)
                {
                    const int32_t ix = ox * win->stride_w - win->pad_left + kx * win->dilation_w;
                    if (iy < 0 || iy >= params->input.h || ix < 0 || ix >= params->input.w)
                    {
                        for (int32_t c = 0; c < channels; c++)
                        {
                            *column++ = 0;
                        }
                        continue;
                    }
                    const int8_t *src = input + (iy * params->input.w + ix) * channels;
                    for (int32_t c = 0; c < channels; c++)
                    {
                        *column++ = src[c];
                    }
                }
            }
            int32_t o = 0;
            /* Four filters at a time share each column load. */
            for (; o + 4 <= params->output.c; o += 4)
            {
                const int8_t *w0 = filter + o * cols;
                const int8_t *w1 = w0 + cols;
                const int8_t *w2 = w1 + cols;
                const int8_t *w3 = w2 + cols;
                int32_t a0 = bias != NULL ? tf_nn_shift_left(bias[o], params->bias_shift) : 0;
                int32_t a1 = bias != NULL ? tf_nn_shift_left(bias[o + 1], params->bias_shift) : 0;
                int32_t a2 = bias != NULL ? tf_nn_shift_left(bias[o + 2], params->bias_shift) : 0;
                int32_t a3 = bias != NULL ? tf_nn_shift_left(bias[o + 3], params->bias_shift) : 0;
                for (int32_t i = 0; i < cols; i++)
                {
                    const int32_t x = buffer[i];
                    a0 += x * w0[i];
                    a1 += x * w1[i];
                    a2 += x * w2[i];
                    a3 += x * w3[i];
                }
                output[o] = requantize(params, a0);
                output[o + 1] = requantize(params, a1);
                output[o + 2] = requantize(params, a2);
                output[o + 3] = requantize(params, a3);
            }
            for (; o < params->output.c; o++)
            {
                const int8_t *w = filter + o * cols;
                int32_t acc = bias != NULL ? tf_nn_shift_left(bias[o], params->bias_shift) : 0;
                for (int32_t i = 0; i < cols; i++)
                {
                    acc += buffer[i] * w[i];
                }
                output[o] = requantize(params, acc);
            }
            output += params->output.c;
        }
    }
}

#endif /* TF_NN_DSP */
