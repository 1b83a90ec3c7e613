/*
 * tf_convolve_s8_pal — see tf_convolve_s8_pal.h for the contract.
 *
 * Per block of filters [o_begin, o_end): decode them (tf_palette_decode) into `weights` after the columns, then the
 * loops of tf_convolve_s8 restricted to the block: plain C99 — one im2col column per pixel, four filters at a time;
 * DSP path — two pixels' interleaved int16 columns against two filters at a time (tf_dsp_dot_2x2).
 */
#include "tf_convolve_s8_pal.h"

#include "tf_nn_dsp_dot.h"
#include "tf_nn_fixed_point.h"
#include "tf_palette_decode.h"

int32_t tf_convolve_s8_pal_get_buffer_size(const tf_conv_s8_params *params, int32_t block)
{
    const int32_t k_len = params->window.kernel_h * params->window.kernel_w * params->input.c;
    return 4 * k_len + block * k_len;
}

static inline int8_t requantize(const tf_conv_s8_params *p, int32_t acc, int32_t multiplier, int32_t shift)
{
    acc = tf_nn_requantize(acc, multiplier, shift) + p->output_offset;
    return (int8_t)tf_nn_clamp(acc, p->act.min, p->act.max);
}

#if TF_NN_DSP

static void run_block(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts, const int8_t *input,
                      const int8_t *weights, int32_t o_begin, int32_t o_end, const int32_t *bias, int8_t *output, int16_t *buffer)
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
            tf_dsp_im2col_pixel(&params->input, &params->window, input, y0, x0, &col1);
        }
        for (int32_t o0 = o_begin; o0 < o_end; o0 += 2)
        {
            const int32_t o1 = o0 + 1 < o_end ? o0 + 1 : o0;
            int32_t acc[4] = { 0, 0, 0, 0 };
            if (bias != NULL)
            {
                acc[0] = acc[2] = bias[o0];
                acc[1] = acc[3] = bias[o1];
            }
            tf_dsp_dot_2x2(buffer, k_len, weights + (o0 - o_begin) * k_len, weights + (o1 - o_begin) * k_len, acc);
            out0[o0] = requantize(params, acc[0], multipliers[o0], shifts[o0]);
            out0[o1] = requantize(params, acc[1], multipliers[o1], shifts[o1]);
            out1[o0] = requantize(params, acc[2], multipliers[o0], shifts[o0]);
            out1[o1] = requantize(params, acc[3], multipliers[o1], shifts[o1]);
        }
    }
}

#else /* plain C99 */

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

static void run_block(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts, const int8_t *input,
                      const int8_t *weights, int32_t o_begin, int32_t o_end, const int32_t *bias, int8_t *output, int16_t *buffer)
{
    const int32_t cols = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t out_c = params->output.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            im2col_s16(params, input, oy, ox, buffer);
            int32_t o = o_begin;
            for (; o + 4 <= o_end; o += 4)
            {
                const int8_t *w0 = weights + (o - o_begin) * cols;
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
            for (; o < o_end; o++)
            {
                const int8_t *w = weights + (o - o_begin) * cols;
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

void tf_convolve_s8_pal(const tf_conv_s8_params *params,
                        const int32_t *multipliers,
                        const int32_t *shifts,
                        const int8_t *input,
                        const uint8_t *indices,
                        const int8_t *codebook,
                        int32_t bits,
                        int32_t block,
                        const int32_t *bias,
                        int8_t *output,
                        int16_t *buffer)
{
    const int32_t k_len = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t out_c = params->output.c;
    /* The decoded filters follow the two int16 columns (4*k_len bytes: the scratch stays 4-byte aligned there). */
    int8_t *weights = (int8_t *)(void *)(buffer + 2 * k_len);
    for (int32_t o_begin = 0; o_begin < out_c; o_begin += block)
    {
        const int32_t o_end = o_begin + block < out_c ? o_begin + block : out_c;
        tf_palette_decode(indices, bits, o_begin * k_len, (o_end - o_begin) * k_len, codebook, weights);
        run_block(params, multipliers, shifts, input, weights, o_begin, o_end, bias, output, buffer);
    }
}
