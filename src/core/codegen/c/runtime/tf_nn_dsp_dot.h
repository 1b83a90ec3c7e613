/*
 * TinyForge C runtime: the dot-product blocks of the DSP paths (TF_NN_DSP, tf_nn_dsp.h), shared by the s8 kernels
 * and their q7 twins. Each block sums (x + offset) * w exactly in int32 (q7: offset 0); the caller starts the
 * accumulators at the bias and requantizes them with its own scheme's rule.
 *
 * Convolution: im2col columns of int16 (x + offset, 0 for padding) in SXTB16 order, two output pixels side by side
 * (tf_dsp_im2col_pixel), against two filters at a time (tf_dsp_dot_2x2): one 4-byte load of a filter row, split by
 * SXTB16 into its even and odd bytes, meets both columns in two SMLADs each.
 * Depthwise (multiplier 1): four channels of one output pixel per pass (tf_dsp_depthwise_4): one load of 4 input and
 * 4 filter bytes per tap, SMLABB / SMLATT per channel.
 * Fully connected: four rows share each SXTAB16-split input word (tf_dsp_dot_4rows); one row (tf_dsp_dot_row).
 * Elements, channels and rows beyond the multiples of 4 are the callers' plain loops, except the im2col tail, which
 * tf_dsp_dot_2x2 sums itself.
 */
#ifndef TF_NN_DSP_DOT_H
#define TF_NN_DSP_DOT_H

#include "tf_nn_dsp.h"
#include "tf_nn_types.h"

#if TF_NN_DSP

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Two im2col columns of K = KH*KW*Cin values in one buffer of 2*K int16 (4-byte aligned); K4 = K rounded down to a
 * multiple of 4. Group g of column j (elements 4g .. 4g+3) is words 4g + 2j and 4g + 2j + 1, in SXTB16 order
 * (0 2 | 1 3); the last K - K4 elements of column j follow in order at int16 index 2*K4 + j*(K - K4).
 */
typedef struct
{
    int16_t *buffer;
    int32_t column;
    int32_t k4;
    int32_t tail;
    int32_t offset;
    /* offset in both int16 lanes */
    int32_t offset2;
} tf_dsp_column;

static inline tf_dsp_column tf_dsp_column_of(int16_t *buffer, int32_t column, int32_t k_len, int32_t offset)
{
    tf_dsp_column c;
    c.buffer = buffer;
    c.column = column;
    c.k4 = k_len & ~3;
    c.tail = k_len & 3;
    c.offset = offset;
    c.offset2 = tf_dsp_dup16(offset);
    return c;
}

static inline void tf_dsp_put_value(const tf_dsp_column *w, int32_t k, int32_t v)
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
static __attribute__((__unused__)) void tf_dsp_put_run(const tf_dsp_column *w, int32_t k, const int8_t *src, int32_t n)
{
    int32_t i = 0;
    for (; i < n && ((k + i) & 3) != 0; i++)
    {
        tf_dsp_put_value(w, k + i, src != NULL ? src[i] + w->offset : 0);
    }
    /* k + i is a multiple of 4 and k + i + 4 <= K, so the group is a whole one (below K4): words k+i+2j, k+i+2j+1. */
    tf_dsp_word *words = (tf_dsp_word *)(void *)w->buffer;
    const int32_t at = 2 * w->column + k;
    if (src != NULL)
    {
        for (; i + 4 <= n; i += 4)
        {
            const int32_t x = tf_dsp_read_s8x4(src + i);
            words[at + i] = tf_dsp_sxtab16(w->offset2, x);
            words[at + i + 1] = tf_dsp_sxtab16_ror8(w->offset2, x);
        }
    }
    else
    {
        for (; i + 4 <= n; i += 4)
        {
            words[at + i] = 0;
            words[at + i + 1] = 0;
        }
    }
    for (; i < n; i++)
    {
        tf_dsp_put_value(w, k + i, src != NULL ? src[i] + w->offset : 0);
    }
}

/* The im2col column of output pixel (oy, ox) of an NHWC input, as runs of contiguous input cells and padding. */
static __attribute__((__unused__)) void tf_dsp_im2col_pixel(const tf_dims *in, const tf_window *win, const int8_t *input, int32_t oy,
                                                            int32_t ox, const tf_dsp_column *w)
{
    const int32_t channels = in->c;
    const int32_t row_len = win->kernel_w * channels;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    int32_t kx0, kx1;
    tf_valid_taps(ix0, win->kernel_w, win->dilation_w, in->w, &kx0, &kx1);
    for (int32_t ky = 0, k = 0; ky < win->kernel_h; ky++, k += row_len)
    {
        const int32_t iy = iy0 + ky * win->dilation_h;
        if (iy < 0 || iy >= in->h || kx0 >= kx1)
        {
            tf_dsp_put_run(w, k, NULL, row_len);
            continue;
        }
        if (kx0 > 0)
        {
            tf_dsp_put_run(w, k, NULL, kx0 * channels);
        }
        const int8_t *row = input + (iy * in->w) * channels;
        if (win->dilation_w == 1)
        {
            tf_dsp_put_run(w, k + kx0 * channels, row + (ix0 + kx0) * channels, (kx1 - kx0) * channels);
        }
        else
        {
            for (int32_t kx = kx0; kx < kx1; kx++)
            {
                tf_dsp_put_run(w, k + kx * channels, row + (ix0 + kx * win->dilation_w) * channels, channels);
            }
        }
        if (kx1 < win->kernel_w)
        {
            tf_dsp_put_run(w, k + kx1 * channels, NULL, (win->kernel_w - kx1) * channels);
        }
    }
}

/*
 * Filter rows f0, f1 (k_len int8 each) against both columns of `buffer`: acc[0] += f0 . col0, acc[1] += f1 . col0,
 * acc[2] += f0 . col1, acc[3] += f1 . col1.
 */
static inline void tf_dsp_dot_2x2(const int16_t *buffer, int32_t k_len, const int8_t *f0, const int8_t *f1, int32_t *acc)
{
    int32_t a00 = acc[0];
    int32_t a10 = acc[1];
    int32_t a01 = acc[2];
    int32_t a11 = acc[3];
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
    acc[0] = a00;
    acc[1] = a10;
    acc[2] = a01;
    acc[3] = a11;
}

/* One tap of four channels: x holds 4 input bytes, w 4 filter bytes; a0..a3 accumulate channels 0..3. */
#define TF_DSP_DW_TAP(x, w)                                     \
    do                                                          \
    {                                                           \
        const int32_t x02_ = tf_dsp_sxtab16(offset2, (x));      \
        const int32_t x13_ = tf_dsp_sxtab16_ror8(offset2, (x)); \
        const int32_t w02_ = tf_dsp_sxtb16(w);                  \
        const int32_t w13_ = tf_dsp_sxtb16_ror8(w);             \
        a0 = tf_dsp_smlabb(x02_, w02_, a0);                     \
        a2 = tf_dsp_smlatt(x02_, w02_, a2);                     \
        a1 = tf_dsp_smlabb(x13_, w13_, a1);                     \
        a3 = tf_dsp_smlatt(x13_, w13_, a3);                     \
    } while (0)

/*
 * Four channels of one depthwise output pixel (multiplier 1): acc[j] += sum over taps [ky0, ky1) x [kx0, kx1) of
 * (input[x_first + j + taps] + offset) * filter[w_first + j + taps]; x_first / w_first index the first valid tap of
 * channel 0 of the group, x_step / x_row step to the next tap / row in the input, channels / w_row in the filter.
 * Rows of exactly three taps (3x3 windows away from the left and right borders) are unrolled.
 */
static inline void tf_dsp_depthwise_4(const int8_t *input, const int8_t *filter, int32_t x_first, int32_t w_first, int32_t x_step,
                                      int32_t x_row, int32_t channels, int32_t w_row, int32_t rows, int32_t taps, int32_t offset2,
                                      int32_t *acc)
{
    int32_t a0 = acc[0];
    int32_t a1 = acc[1];
    int32_t a2 = acc[2];
    int32_t a3 = acc[3];
    if (taps == 3)
    {
        for (int32_t r = 0, xr = x_first, wr = w_first; r < rows; r++, xr += x_row, wr += w_row)
        {
            const int8_t *x = input + xr;
            const int8_t *w = filter + wr;
            TF_DSP_DW_TAP(tf_dsp_read_s8x4(x), tf_dsp_read_s8x4(w));
            TF_DSP_DW_TAP(tf_dsp_read_s8x4(x + x_step), tf_dsp_read_s8x4(w + channels));
            TF_DSP_DW_TAP(tf_dsp_read_s8x4(x + 2 * x_step), tf_dsp_read_s8x4(w + 2 * channels));
        }
    }
    else
    {
        for (int32_t r = 0, xr = x_first, wr = w_first; r < rows; r++, xr += x_row, wr += w_row)
        {
            for (int32_t t = 0, xi = xr, wi = wr; t < taps; t++, xi += x_step, wi += channels)
            {
                TF_DSP_DW_TAP(tf_dsp_read_s8x4(input + xi), tf_dsp_read_s8x4(filter + wi));
            }
        }
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

#undef TF_DSP_DW_TAP

/*
 * Rows r0 and r0 + k_len (through p0), r2 and r2 + k_len (through p2) against x[0 .. 4*floor(k_len/4)):
 * acc[j] += sum_k (x[k] + offset) * row_j[k]. Returns the number of elements summed; the rest is the caller's.
 */
static inline int32_t tf_dsp_dot_4rows(const int8_t *x, const int8_t *r0, const int8_t *r2, int32_t k_len, int32_t offset, int32_t *acc)
{
    int32_t a0 = acc[0];
    int32_t a1 = acc[1];
    int32_t a2 = acc[2];
    int32_t a3 = acc[3];
    const int32_t offset2 = tf_dsp_dup16(offset);
    int32_t k = 0;
    for (; k + 4 <= k_len; k += 4, r0 += 4, r2 += 4)
    {
        const int32_t v = tf_dsp_read_s8x4(x + k);
        const int32_t x02 = tf_dsp_sxtab16(offset2, v);
        const int32_t x13 = tf_dsp_sxtab16_ror8(offset2, v);
        int32_t w = tf_dsp_read_s8x4(r0);
        a0 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a0);
        a0 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a0);
        w = tf_dsp_read_s8x4(r0 + k_len);
        a1 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a1);
        a1 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a1);
        w = tf_dsp_read_s8x4(r2);
        a2 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a2);
        a2 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a2);
        w = tf_dsp_read_s8x4(r2 + k_len);
        a3 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a3);
        a3 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a3);
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
    return k;
}

/* One row: acc + sum_k (x[k] + offset) * row[k] over k < 4*floor(k_len/4); *done = that count. */
static inline int32_t tf_dsp_dot_row(const int8_t *x, const int8_t *row, int32_t k_len, int32_t offset, int32_t acc, int32_t *done)
{
    const int32_t offset2 = tf_dsp_dup16(offset);
    int32_t k = 0;
    for (; k + 4 <= k_len; k += 4)
    {
        const int32_t v = tf_dsp_read_s8x4(x + k);
        const int32_t w = tf_dsp_read_s8x4(row + k);
        acc = tf_dsp_smlad(tf_dsp_sxtb16(w), tf_dsp_sxtab16(offset2, v), acc);
        acc = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), tf_dsp_sxtab16_ror8(offset2, v), acc);
    }
    *done = k;
    return acc;
}

#ifdef __cplusplus
}
#endif

#endif /* TF_NN_DSP */

#endif /* TF_NN_DSP_DOT_H */
