/*
 * tf_convolve_s8 — see tf_convolve_s8.h for the contract.
 *
 * Plain C99 path: one im2col column per output pixel, reused by every filter: the column carries
 * x + input_offset (int16, |v| <= 255), so padding cells are plain zeros and the filter loop is a straight dot
 * product, four filters at a time.
 *
 * DSP path (TF_NN_DSP, tf_nn_dsp_dot.h): two output pixels at a time. Their im2col columns (x + input_offset,
 * int16) are stored interleaved in SXTB16 order, so that one 4-byte load of a filter row, split by SXTB16 into its
 * even and odd bytes, meets both columns in two SMLADs each: two filters x two pixels = four accumulators, 16 MACs
 * per two filter words. A 1x1 convolution's column is its input pixel, converted in one run (no padding).
 */
#include "tf_convolve_s8.h"

#include "tf_nn_dsp_dot.h"
#include "tf_nn_fixed_point.h"

int32_t tf_convolve_s8_get_buffer_size(const tf_conv_s8_params *params)
{
    return 2 * params->window.kernel_h * params->window.kernel_w * params->input.c * (int32_t)sizeof(int16_t);
}

static inline int8_t requantize(const tf_conv_s8_params *p, int32_t acc, int32_t multiplier, int32_t shift)
{
    acc = tf_nn_requantize(acc, multiplier, shift) + p->output_offset;
    return (int8_t)tf_nn_clamp(acc, p->act.min, p->act.max);
}

#if TF_NN_DSP

void tf_convolve_s8(const tf_conv_s8_params *params,
                    const int32_t *multipliers,
                    const int32_t *shifts,
                    const int8_t *input,
                    const int8_t *filter,
                    const int32_t *bias,
                    int8_t *output,
                    int16_t *buffer)
{
    const int32_t k_len = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t out_c = params->output.c;
    const int32_t out_w = params->output.w;
    const int32_t pixels = params->output.h * out_w;
    const tf_dsp_column col0 = tf_dsp_column_of(buffer, 0, k_len, params->input_offset);
    const tf_dsp_column col1 = tf_dsp_column_of(buffer, 1, k_len, params->input_offset);
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
                acc[0] = acc[2] = bias[o0];
                acc[1] = acc[3] = bias[o1];
            }
            tf_dsp_dot_2x2(buffer, k_len, filter + o0 * k_len, filter + o1 * k_len, acc);
            out0[o0] = requantize(params, acc[0], multipliers[o0], shifts[o0]);
            out0[o1] = requantize(params, acc[1], multipliers[o1], shifts[o1]);
            out1[o0] = requantize(params, acc[2], multipliers[o0], shifts[o0]);
            out1[o1] = requantize(params, acc[3], multipliers[o1], shifts[o1]);
        }
    }
}

#else /* plain C99 */

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

#endif /* TF_NN_DSP */
