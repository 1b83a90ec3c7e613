/*
 * tf_convolve_s8_simd128 — tf_convolve_s8 (contract, scratch: codegen/c/runtime/tf_convolve_s8.h) with SIMD128.
 * Per output pixel the im2col column is built as in the portable kernel (KH*KW*Cin int16, x + input_offset, 0 for
 * padding), then blocks of 8 (then 4) filters run against it: each 8-column step loads the column once and each
 * filter's 8 weights sign-extended (v128.load8x8_s), and i32x4.dot_i16x8_s accumulates 8 products per filter. The
 * four-lane sums, bias and requantization (tfw_requantize_x4) stay in vectors. Integer sums in a different order
 * give the same int32 (no overflow: the accumulator contract of the portable kernel), so the bytes are equal.
 */
#include "tf_kernels_simd128.h"
#include "tfw_simd128.h"

/* n values x + offset (int16) from src to dst. */
static void widen(int16_t *dst, const int8_t *src, int32_t n, int32_t offset)
{
    const v128_t off = wasm_i16x8_splat((int16_t)offset);
    int32_t i = 0;
    for (; i + 8 <= n; i += 8)
    {
        wasm_v128_store(dst + i, wasm_i16x8_add(wasm_i16x8_load8x8(src + i), off));
    }
    for (; i < n; i++)
    {
        dst[i] = (int16_t)(src[i] + offset);
    }
}

static void zeros(int16_t *dst, int32_t n)
{
    int32_t i = 0;
    for (; i + 8 <= n; i += 8)
    {
        wasm_v128_store(dst + i, wasm_i16x8_splat(0));
    }
    for (; i < n; i++)
    {
        dst[i] = 0;
    }
}

/*
 * The column of output pixel (oy, ox), as im2col_s16 of the portable kernel (x + input_offset, 0 outside the input),
 * then zeros up to `padded` values. Without column dilation the in-bounds taps of a kernel row are one contiguous
 * run of the input row, widened in one go.
 */
static void im2col_s16(const tf_conv_s8_params *p, const int8_t *input, int32_t oy, int32_t ox, int16_t *column, int32_t padded)
{
    const tf_window *win = &p->window;
    const int32_t channels = p->input.c;
    const int32_t row_len = win->kernel_w * channels;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    int32_t kx0, kx1;
    tf_valid_taps(ix0, win->kernel_w, win->dilation_w, p->input.w, &kx0, &kx1);
    for (int32_t ky = 0; ky < win->kernel_h; ky++, column += row_len)
    {
        const int32_t iy = iy0 + ky * win->dilation_h;
        if (iy < 0 || iy >= p->input.h || kx0 >= kx1)
        {
            zeros(column, row_len);
            continue;
        }
        const int8_t *row = input + iy * p->input.w * channels;
        zeros(column, kx0 * channels);
        if (win->dilation_w == 1)
        {
            widen(column + kx0 * channels, row + (ix0 + kx0) * channels, (kx1 - kx0) * channels, p->input_offset);
        }
        else
        {
            for (int32_t kx = kx0; kx < kx1; kx++)
            {
                widen(column + kx * channels, row + (ix0 + kx * win->dilation_w) * channels, channels, p->input_offset);
            }
        }
        zeros(column + kx1 * channels, (win->kernel_w - kx1) * channels);
    }
    zeros(column, padded - win->kernel_h * row_len);
}

/* Scalar tail of one filter: column[k..cols) . w[k..cols). */
static int32_t tail_dot(const int16_t *column, const int8_t *w, int32_t k, int32_t cols)
{
    int32_t acc = 0;
    for (; k < cols; k++)
    {
        acc += column[k] * w[k];
    }
    return acc;
}

/* Bias, requantization, offset and clamp of four filters o..o+3 whose sums are `sums`; stores four bytes. */
static void finish_x4(const tf_conv_s8_params *p, const int32_t *bias, int32_t o, v128_t sums, int8_t *out)
{
    if (bias != NULL)
    {
        sums = wasm_i32x4_add(sums, wasm_v128_load(bias + o));
    }
    const v128_t y = wasm_i32x4_add(tfw_requantize_x4(sums, o), wasm_i32x4_splat(p->output_offset));
    tfw_store_x4(out + o, tfw_clamp(y, wasm_i32x4_splat(p->act.min), wasm_i32x4_splat(p->act.max)));
}

static void filters_x8(const tf_conv_s8_params *p, const int16_t *column, const int8_t *filter, const int32_t *bias,
                       int32_t cols, int32_t o, int8_t *out)
{
    const int8_t *w0 = filter + o * cols;
    const int8_t *w1 = w0 + cols;
    const int8_t *w2 = w1 + cols;
    const int8_t *w3 = w2 + cols;
    const int8_t *w4 = w3 + cols;
    const int8_t *w5 = w4 + cols;
    const int8_t *w6 = w5 + cols;
    const int8_t *w7 = w6 + cols;
    v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    int32_t k = 0;
    for (; k + 8 <= cols; k += 8)
    {
        const v128_t x = wasm_v128_load(column + k);
        a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w0 + k)));
        a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w1 + k)));
        a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w2 + k)));
        a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w3 + k)));
        a4 = wasm_i32x4_add(a4, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w4 + k)));
        a5 = wasm_i32x4_add(a5, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w5 + k)));
        a6 = wasm_i32x4_add(a6, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w6 + k)));
        a7 = wasm_i32x4_add(a7, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w7 + k)));
    }
    v128_t lo = tfw_hsum4(a0, a1, a2, a3);
    v128_t hi = tfw_hsum4(a4, a5, a6, a7);
    if (k < cols)
    {
        lo = wasm_i32x4_add(lo, wasm_i32x4_make(tail_dot(column, w0, k, cols), tail_dot(column, w1, k, cols),
                                                tail_dot(column, w2, k, cols), tail_dot(column, w3, k, cols)));
        hi = wasm_i32x4_add(hi, wasm_i32x4_make(tail_dot(column, w4, k, cols), tail_dot(column, w5, k, cols),
                                                tail_dot(column, w6, k, cols), tail_dot(column, w7, k, cols)));
    }
    finish_x4(p, bias, o, lo, out);
    finish_x4(p, bias, o + 4, hi, out);
}

static void filters_x4(const tf_conv_s8_params *p, const int16_t *column, const int8_t *filter, const int32_t *bias,
                       int32_t cols, int32_t o, int8_t *out)
{
    const int8_t *w0 = filter + o * cols;
    const int8_t *w1 = w0 + cols;
    const int8_t *w2 = w1 + cols;
    const int8_t *w3 = w2 + cols;
    v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    int32_t k = 0;
    for (; k + 8 <= cols; k += 8)
    {
        const v128_t x = wasm_v128_load(column + k);
        a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w0 + k)));
        a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w1 + k)));
        a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w2 + k)));
        a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(w3 + k)));
    }
    v128_t sums = tfw_hsum4(a0, a1, a2, a3);
    if (k < cols)
    {
        sums = wasm_i32x4_add(sums, wasm_i32x4_make(tail_dot(column, w0, k, cols), tail_dot(column, w1, k, cols),
                                                    tail_dot(column, w2, k, cols), tail_dot(column, w3, k, cols)));
    }
    finish_x4(p, bias, o, sums, out);
}

/* Two pixels' columns, padded with zeros to a multiple of 8 values; and the filters with their rows padded likewise
 * when KH*KW*Cin is not a multiple of 8 (module memory: the engine runs one kernel at a time, single-threaded).
 * Layers larger than these run the one-pixel path on the caller's scratch, with scalar tails. */
#define TFW_COLUMN_MAX 8192
#define TFW_PACKED_MAX 131072
static int16_t columns[2][TFW_COLUMN_MAX] __attribute__((aligned(16)));
static int8_t packed[TFW_PACKED_MAX] __attribute__((aligned(16)));

/* Four filters (rows of `cols` weights from w0) against two columns: the sums of pixel 0 in *s0, of pixel 1 in *s1. */
static void two_pixels_x4(const int16_t *c0, const int16_t *c1, const int8_t *w0, int32_t cols, v128_t *s0, v128_t *s1)
{
    const int8_t *w1 = w0 + cols;
    const int8_t *w2 = w1 + cols;
    const int8_t *w3 = w2 + cols;
    v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    for (int32_t k = 0; k < cols; k += 8)
    {
        const v128_t x = wasm_v128_load(c0 + k);
        const v128_t y = wasm_v128_load(c1 + k);
        v128_t w = wasm_i16x8_load8x8(w0 + k);
        a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(x, w));
        b0 = wasm_i32x4_add(b0, wasm_i32x4_dot_i16x8(y, w));
        w = wasm_i16x8_load8x8(w1 + k);
        a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(x, w));
        b1 = wasm_i32x4_add(b1, wasm_i32x4_dot_i16x8(y, w));
        w = wasm_i16x8_load8x8(w2 + k);
        a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(x, w));
        b2 = wasm_i32x4_add(b2, wasm_i32x4_dot_i16x8(y, w));
        w = wasm_i16x8_load8x8(w3 + k);
        a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(x, w));
        b3 = wasm_i32x4_add(b3, wasm_i32x4_dot_i16x8(y, w));
    }
    *s0 = tfw_hsum4(a0, a1, a2, a3);
    *s1 = tfw_hsum4(b0, b1, b2, b3);
}

/* Every filter against one column of `cols` values (blocks of 8, then 4, then one at a time). */
static void one_pixel(const tf_conv_s8_params *p, const int32_t *multipliers, const int32_t *shifts, const int16_t *column,
                      const int8_t *weights, const int32_t *bias, int32_t cols, int8_t *out)
{
    const int32_t out_c = p->output.c;
    int32_t o = 0;
    for (; o + 8 <= out_c; o += 8)
    {
        filters_x8(p, column, weights, bias, cols, o, out);
    }
    for (; o + 4 <= out_c; o += 4)
    {
        filters_x4(p, column, weights, bias, cols, o, out);
    }
    for (; o < out_c; o++)
    {
        int32_t acc = (bias != NULL ? bias[o] : 0) + tail_dot(column, weights + o * cols, 0, cols);
        acc = tf_nn_requantize(acc, multipliers[o], shifts[o]) + p->output_offset;
        out[o] = (int8_t)tf_nn_clamp(acc, p->act.min, p->act.max);
    }
}

void tf_convolve_s8_simd128(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                            const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output,
                            int16_t *buffer)
{
    const int32_t out_c = params->output.c;
    if (!tfw_rq_prepare(multipliers, shifts, out_c, out_c))
    {
        tf_convolve_s8(params, multipliers, shifts, input, filter, bias, output, buffer);
        return;
    }
    const int32_t out_w = params->output.w;
    const int32_t pixels = params->output.h * out_w;
    const int32_t cols = params->window.kernel_h * params->window.kernel_w * params->input.c;
    const int32_t cols8 = (cols + 7) & ~7;
    if (cols8 > TFW_COLUMN_MAX || (cols8 != cols && out_c * cols8 > TFW_PACKED_MAX))
    {
        for (int32_t px = 0; px < pixels; px++)
        {
            im2col_s16(params, input, px / out_w, px % out_w, buffer, cols);
            one_pixel(params, multipliers, shifts, buffer, filter, bias, cols, output + px * out_c);
        }
        return;
    }
    const int8_t *weights = filter;
    if (cols8 != cols)
    {
        for (int32_t o = 0; o < out_c; o++)
        {
            for (int32_t k = 0; k < cols8; k++)
            {
                packed[o * cols8 + k] = k < cols ? filter[o * cols + k] : 0;
            }
        }
        weights = packed;
    }
    int32_t px = 0;
    for (; px + 2 <= pixels; px += 2)
    {
        im2col_s16(params, input, px / out_w, px % out_w, columns[0], cols8);
        im2col_s16(params, input, (px + 1) / out_w, (px + 1) % out_w, columns[1], cols8);
        int8_t *out0 = output + px * out_c;
        int8_t *out1 = out0 + out_c;
        int32_t o = 0;
        for (; o + 4 <= out_c; o += 4)
        {
            v128_t s0, s1;
            two_pixels_x4(columns[0], columns[1], weights + o * cols8, cols8, &s0, &s1);
            finish_x4(params, bias, o, s0, out0);
            finish_x4(params, bias, o, s1, out1);
        }
        for (; o < out_c; o++)
        {
            const int32_t b = bias != NULL ? bias[o] : 0;
            const int32_t a0 = b + tail_dot(columns[0], weights + o * cols8, 0, cols8);
            const int32_t a1 = b + tail_dot(columns[1], weights + o * cols8, 0, cols8);
            out0[o] = (int8_t)tf_nn_clamp(tf_nn_requantize(a0, multipliers[o], shifts[o]) + params->output_offset, params->act.min, params->act.max);
            out1[o] = (int8_t)tf_nn_clamp(tf_nn_requantize(a1, multipliers[o], shifts[o]) + params->output_offset, params->act.min, params->act.max);
        }
    }
    if (px < pixels)
    {
        im2col_s16(params, input, px / out_w, px % out_w, columns[0], cols8);
        one_pixel(params, multipliers, shifts, columns[0], weights, bias, cols8, output + px * out_c);
    }
}
