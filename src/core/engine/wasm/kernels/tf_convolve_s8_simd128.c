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

/* The column of output pixel (oy, ox), as im2col_s16 of the portable kernel. */
static void im2col_s16(const tf_conv_s8_params *p, const int8_t *input, int32_t oy, int32_t ox, int16_t *column)
{
    const tf_window *win = &p->window;
    const int32_t channels = p->input.c;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    const v128_t offset = wasm_i16x8_splat((int16_t)p->input_offset);
    for (int32_t ky = 0; ky < win->kernel_h; ky++)
    {
        const int32_t iy = iy0 + ky * win->dilation_h;
        for (int32_t kx = 0; kx < win->kernel_w; kx++)
        {
            const int32_t ix = ix0 + kx * win->dilation_w;
            int32_t c = 0;
            if (iy < 0 || iy >= p->input.h || ix < 0 || ix >= p->input.w)
            {
                for (; c + 8 <= channels; c += 8)
                {
                    wasm_v128_store(column + c, wasm_i16x8_splat(0));
                }
                for (; c < channels; c++)
                {
                    column[c] = 0;
                }
            }
            else
            {
                const int8_t *src = input + (iy * p->input.w + ix) * channels;
                for (; c + 8 <= channels; c += 8)
                {
                    wasm_v128_store(column + c, wasm_i16x8_add(wasm_i16x8_load8x8(src + c), offset));
                }
                for (; c < channels; c++)
                {
                    column[c] = (int16_t)(src[c] + p->input_offset);
                }
            }
            column += channels;
        }
    }
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
    const int32_t cols = params->window.kernel_h * params->window.kernel_w * params->input.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            im2col_s16(params, input, oy, ox, buffer);
            int32_t o = 0;
            for (; o + 8 <= out_c; o += 8)
            {
                filters_x8(params, buffer, filter, bias, cols, o, output);
            }
            for (; o + 4 <= out_c; o += 4)
            {
                filters_x4(params, buffer, filter, bias, cols, o, output);
            }
            for (; o < out_c; o++)
            {
                int32_t acc = (bias != NULL ? bias[o] : 0) + tail_dot(buffer, filter + o * cols, 0, cols);
                acc = tf_nn_requantize(acc, multipliers[o], shifts[o]) + params->output_offset;
                output[o] = (int8_t)tf_nn_clamp(acc, params->act.min, params->act.max);
            }
            output += out_c;
        }
    }
}
