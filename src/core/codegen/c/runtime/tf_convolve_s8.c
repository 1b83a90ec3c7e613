/*
 * tf_convolve_s8 — see tf_convolve_s8.h for the contract.
 *
 * Plain C99 path: one im2col column per output pixel, reused by every filter: the column carries
 * x + input_offset (int16, |v| <= 255), so padding cells are plain zeros and the filter loop is a straight dot
 * product, four filters at a time.
 *
 * DSP path (TF_NN_DSP, tf_nn_dsp.h): two output pixels at a time. Their im2col columns (x + input_offset, int16)
 * are stored interleaved in SXTB16 order, so that one 4-byte load of a filter row, split by SXTB16 into its even
 * and odd bytes, meets both columns in two SMLADs each: two filters x two pixels = four accumulators, 16 MACs per
 * 4 filter bytes loaded twice. A 1x1 convolution's column is a copy of its input pixel (no padding, one run).
 */
#include "tf_convolve_s8.h"

#include "tf_nn_dsp.h"
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

/*
 * The DSP path's buffer: two columns of K = KH*KW*Cin values, K4 = K rounded down to a multiple of 4. Group g of
 * column j (elements 4g .. 4g+3) is words 4g + 2j and 4g + 2j + 1, in SXTB16 order (0 2 | 1 3); the last K - K4
 * elements of column j follow in order at int16 index 2*K4 + j*(K - K4).
 */
typedef struct
{
    int16_t *buffer;
    int32_t column;
    int32_t k4;
    int32_t tail;
    int32_t offset;
    /* input_offset in both int16 lanes */
    int32_t offset2;
} column_writer;

static void put_value(const column_writer *w, int32_t k, int32_t v)
{
    if (k < w->k4)
    {
        w->buffer[2 * (k & ~3) + 4 * w->column + (tf_dsp_pos(k) & 3)] = (int16_t)v;
    }
    else
    {
        w->buffer[2 * w->k4 + w->column * w->tail + (k - w->k4)] = (int16_t)v;
    }
}

/* Elements k .. k+n-1 of the column: src[i] + offset, or 0 (padding) when src is NULL. */
static void put_run(const column_writer *w, int32_t k, const int8_t *src, int32_t n)
{
    int32_t i = 0;
    for (; i < n && ((k + i) & 3) != 0; i++)
    {
        put_value(w, k + i, src != NULL ? src[i] + w->offset : 0);
    }
    /* k + i is a multiple of 4 and k + i + 4 <= K, so the group is a whole one (below K4). */
    tf_dsp_word *words = (tf_dsp_word *)(void *)w->buffer + 2 * w->column + (k + i);
    if (src != NULL)
    {
        for (; i + 4 <= n; i += 4)
        {
            const int32_t x = tf_dsp_read_s8x4(src + i);
            words[0] = tf_dsp_sxtab16(w->offset2, x);
            words[1] = tf_dsp_sxtab16_ror8(w->offset2, x);
            words += 4;
        }
    }
    else
    {
        for (; i + 4 <= n; i += 4)
        {
            words[0] = 0;
            words[1] = 0;
            words += 4;
        }
    }
    for (; i < n; i++)
    {
        put_value(w, k + i, src != NULL ? src[i] + w->offset : 0);
    }
}

/* The im2col column of output pixel (oy, ox), as runs of contiguous input cells and padding. */
static void im2col_pixel(const tf_conv_s8_params *p, const int8_t *input, int32_t oy, int32_t ox, const column_writer *w)
{
    const tf_window *win = &p->window;
    const int32_t channels = p->input.c;
    const int32_t row_len = win->kernel_w * channels;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    int32_t kx0, kx1;
    tf_valid_taps(ix0, win->kernel_w, win->dilation_w, p->input.w, &kx0, &kx1);
    for (int32_t ky = 0, k = 0; ky < win->kernel_h; ky++, k += row_len)
    {
        const int32_t iy = iy0 + ky * win->dilation_h;
        if (iy < 0 || iy >= p->input.h || kx0 >= kx1)
        {
            put_run(w, k, NULL, row_len);
            continue;
        }
        if (kx0 > 0)
        {
            put_run(w, k, NULL, kx0 * channels);
        }
        const int8_t *row = input + (iy * p->input.w) * channels;
        if (win->dilation_w == 1)
        {
            put_run(w, k + kx0 * channels, row + (ix0 + kx0) * channels, (kx1 - kx0) * channels);
        }
        else
        {
            for (int32_t kx = kx0; kx < kx1; kx++)
            {
                put_run(w, k + kx * channels, row + (ix0 + kx * win->dilation_w) * channels, channels);
            }
        }
        if (kx1 < win->kernel_w)
        {
            put_run(w, k + kx1 * channels, NULL, (win->kernel_w - kx1) * channels);
        }
    }
}

/*
 * Filters o0, o1 against both columns: out0 gets pixel 0's two channels, out1 pixel 1's. o0 == o1 (the odd last
 * filter) and out0 == out1 (one pixel in both columns) are allowed: the same value is computed and stored twice.
 */
static void filter_pair(const tf_conv_s8_params *p, const int32_t *multipliers, const int32_t *shifts, const int8_t *filter,
                        const int32_t *bias, const int16_t *buffer, int32_t k_len, int32_t o0, int32_t o1, int8_t *out0, int8_t *out1)
{
    const int8_t *f0 = filter + o0 * k_len;
    const int8_t *f1 = filter + o1 * k_len;
    int32_t a00 = bias != NULL ? bias[o0] : 0;
    int32_t a10 = bias != NULL ? bias[o1] : 0;
    int32_t a01 = a00;
    int32_t a11 = a10;
    const tf_dsp_word *col = (const tf_dsp_word *)(const void *)buffer;
    const tf_dsp_word *end = col + (k_len & ~3);
    for (; col < end; col += 4)
    {
        const int32_t c0a = col[0];
        const int32_t c0b = col[1];
        const int32_t c1a = col[2];
        const int32_t c1b = col[3];
        int32_t x = tf_dsp_read_s8x4(f0);
        f0 += 4;
        int32_t wa = tf_dsp_sxtb16(x);
        int32_t wb = tf_dsp_sxtb16_ror8(x);
        a00 = tf_dsp_smlad(wa, c0a, a00);
        a01 = tf_dsp_smlad(wa, c1a, a01);
        a00 = tf_dsp_smlad(wb, c0b, a00);
        a01 = tf_dsp_smlad(wb, c1b, a01);
        x = tf_dsp_read_s8x4(f1);
        f1 += 4;
        wa = tf_dsp_sxtb16(x);
        wb = tf_dsp_sxtb16_ror8(x);
        a10 = tf_dsp_smlad(wa, c0a, a10);
        a11 = tf_dsp_smlad(wa, c1a, a11);
        a10 = tf_dsp_smlad(wb, c0b, a10);
        a11 = tf_dsp_smlad(wb, c1b, a11);
    }
    const int32_t tail = k_len & 3;
    const int16_t *t0 = buffer + 2 * (k_len & ~3);
    const int16_t *t1 = t0 + tail;
    for (int32_t t = 0; t < tail; t++)
    {
        a00 += t0[t] * f0[t];
        a01 += t1[t] * f0[t];
        a10 += t0[t] * f1[t];
        a11 += t1[t] * f1[t];
    }
    out0[o0] = requantize(p, a00, multipliers[o0], shifts[o0]);
    out0[o1] = requantize(p, a10, multipliers[o1], shifts[o1]);
    out1[o0] = requantize(p, a01, multipliers[o0], shifts[o0]);
    out1[o1] = requantize(p, a11, multipliers[o1], shifts[o1]);
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
    const int32_t k_len = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t out_c = params->output.c;
    const int32_t out_w = params->output.w;
    const int32_t pixels = params->output.h * out_w;
    column_writer w0 = { buffer, 0, k_len & ~3, k_len & 3, params->input_offset, tf_dsp_dup16(params->input_offset) };
    column_writer w1 = w0;
    w1.column = 1;
    int32_t oy = 0;
    int32_t ox = 0;
    for (int32_t i = 0; i < pixels; i += 2)
    {
        int8_t *out0 = output + i * out_c;
        int8_t *out1 = out0;
        const int32_t y0 = oy;
        const int32_t x0 = ox;
        im2col_pixel(params, input, y0, x0, &w0);
        if (++ox == out_w)
        {
            ox = 0;
            oy++;
        }
        if (i + 1 < pixels)
        {
            out1 = out0 + out_c;
            im2col_pixel(params, input, oy, ox, &w1);
            if (++ox == out_w)
            {
                ox = 0;
                oy++;
            }
        }
        else
        {
            /* The odd last pixel fills both columns; filter_pair stores its values twice. */
            im2col_pixel(params, input, y0, x0, &w1);
        }
        for (int32_t o = 0; o < out_c; o += 2)
        {
            filter_pair(params, multipliers, shifts, filter, bias, buffer, k_len, o, o + 1 < out_c ? o + 1 : o, out0, out1);
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
