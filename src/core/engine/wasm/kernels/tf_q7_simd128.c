/*
 * The pow2 (q7) kernels with SIMD128 — tf_convolve_q7, tf_depthwise_conv_q7, tf_fully_connected_q7 and tf_add_q7
 * (contracts: codegen/c/runtime/tf_*_q7.h): int8 products summed in int32 lanes (i32x4.dot_i16x8_s for the
 * convolution and the fully connected layer, i32x4.extmul for the depthwise one), bias << bias_shift, then the q7
 * rounding right shift, saturation and clamp — one shift per layer, so the uniform-shift helpers apply.
 */
#include "tf_depthwise_conv_q7.h"
#include "tf_kernels_simd128.h"
#include "tf_add_q7.h"
#include "tfw_simd128.h"

static v128_t bias_x4(const int8_t *bias, int32_t o, int32_t shift)
{
    if (bias == NULL)
    {
        return wasm_i32x4_splat(0);
    }
    return wasm_i32x4_shl(wasm_i32x4_make(bias[o], bias[o + 1], bias[o + 2], bias[o + 3]), (uint32_t)shift);
}

static v128_t finish_x4(v128_t acc, int32_t out_shift, tf_clamp act)
{
    return tfw_clamp(tfw_rounding_right_shift(acc, out_shift), wasm_i32x4_splat(act.min), wasm_i32x4_splat(act.max));
}

static int8_t finish(int32_t acc, int32_t out_shift, tf_clamp act)
{
    return (int8_t)tf_nn_clamp(tf_nn_sat_q7(tf_nn_rounding_right_shift(acc, out_shift)), act.min, act.max);
}

/* Four rows of int8 weights against an int8 vector of length n: [dot(x, r0), …, dot(x, r3)]. */
static v128_t dot_rows_x4(const int8_t *x, const int8_t *r0, int32_t n)
{
    const int8_t *r1 = r0 + n;
    const int8_t *r2 = r1 + n;
    const int8_t *r3 = r2 + n;
    v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    int32_t k = 0;
    for (; k + 8 <= n; k += 8)
    {
        const v128_t v = wasm_i16x8_load8x8(x + k);
        a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(v, wasm_i16x8_load8x8(r0 + k)));
        a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(v, wasm_i16x8_load8x8(r1 + k)));
        a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(v, wasm_i16x8_load8x8(r2 + k)));
        a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(v, wasm_i16x8_load8x8(r3 + k)));
    }
    int32_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (; k < n; k++)
    {
        t0 += x[k] * r0[k];
        t1 += x[k] * r1[k];
        t2 += x[k] * r2[k];
        t3 += x[k] * r3[k];
    }
    return wasm_i32x4_add(tfw_hsum4(a0, a1, a2, a3), wasm_i32x4_make(t0, t1, t2, t3));
}

static int32_t dot_row(const int8_t *x, const int8_t *r, int32_t n)
{
    int32_t acc = 0;
    for (int32_t k = 0; k < n; k++)
    {
        acc += x[k] * r[k];
    }
    return acc;
}

void tf_convolve_q7_simd128(const tf_conv_q7_params *params, const int8_t *input, const int8_t *filter,
                            const int8_t *bias, int8_t *output, int8_t *buffer)
{
    const tf_window *win = &params->window;
    const int32_t channels = params->input.c;
    const int32_t cols = win->kernel_h * win->kernel_w * channels;
    const int32_t out_c = params->output.c;
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
                    const int outside = iy < 0 || iy >= params->input.h || ix < 0 || ix >= params->input.w;
                    const int8_t *src = outside ? NULL : input + (iy * params->input.w + ix) * channels;
                    for (int32_t c = 0; c < channels; c++)
                    {
                        column[c] = outside ? 0 : src[c];
                    }
                    column += channels;
                }
            }
            int32_t o = 0;
            for (; o + 4 <= out_c; o += 4)
            {
                const v128_t acc = wasm_i32x4_add(bias_x4(bias, o, params->bias_shift), dot_rows_x4(buffer, filter + o * cols, cols));
                tfw_store_x4(output + o, finish_x4(acc, params->out_shift, params->act));
            }
            for (; o < out_c; o++)
            {
                const int32_t acc = (bias != NULL ? tf_nn_shift_left(bias[o], params->bias_shift) : 0) + dot_row(buffer, filter + o * cols, cols);
                output[o] = finish(acc, params->out_shift, params->act);
            }
            output += out_c;
        }
    }
}

void tf_depthwise_conv_q7_simd128(const tf_conv_q7_params *params, const int8_t *input, const int8_t *filter,
                                  const int8_t *bias, int8_t *output)
{
    if (params->depth_multiplier != 1)
    {
        tf_depthwise_conv_q7(params, input, filter, bias, output);
        return;
    }
    const tf_window *win = &params->window;
    const int32_t in_w = params->input.w;
    const int32_t channels = params->input.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        const int32_t iy0 = oy * win->stride_h - win->pad_top;
        int32_t ky0, ky1;
        tf_valid_taps(iy0, win->kernel_h, win->dilation_h, params->input.h, &ky0, &ky1);
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            const int32_t ix0 = ox * win->stride_w - win->pad_left;
            int32_t kx0, kx1;
            tf_valid_taps(ix0, win->kernel_w, win->dilation_w, in_w, &kx0, &kx1);
            int32_t c = 0;
            for (; c + 8 <= channels; c += 8)
            {
                v128_t a0 = bias_x4(bias, c, params->bias_shift), a1 = bias_x4(bias, c + 4, params->bias_shift);
                for (int32_t ky = ky0; ky < ky1; ky++)
                {
                    const int8_t *row = input + ((iy0 + ky * win->dilation_h) * in_w + ix0) * channels + c;
                    const int8_t *taps = filter + ky * win->kernel_w * channels + c;
                    for (int32_t kx = kx0; kx < kx1; kx++)
                    {
                        const v128_t x = wasm_i16x8_load8x8(row + kx * win->dilation_w * channels);
                        const v128_t w = wasm_i16x8_load8x8(taps + kx * channels);
                        a0 = wasm_i32x4_add(a0, wasm_i32x4_extmul_low_i16x8(x, w));
                        a1 = wasm_i32x4_add(a1, wasm_i32x4_extmul_high_i16x8(x, w));
                    }
                }
                tfw_store_x8(output + c, finish_x4(a0, params->out_shift, params->act), finish_x4(a1, params->out_shift, params->act));
            }
            for (; c < channels; c++)
            {
                int32_t acc = bias != NULL ? tf_nn_shift_left(bias[c], params->bias_shift) : 0;
                for (int32_t ky = ky0; ky < ky1; ky++)
                {
                    const int32_t row = ((iy0 + ky * win->dilation_h) * in_w + ix0) * channels + c;
                    const int32_t taps = ky * win->kernel_w * channels + c;
                    for (int32_t kx = kx0; kx < kx1; kx++)
                    {
                        acc += input[row + kx * win->dilation_w * channels] * filter[taps + kx * channels];
                    }
                }
                output[c] = finish(acc, params->out_shift, params->act);
            }
            output += channels;
        }
    }
}

void tf_fully_connected_q7_simd128(const tf_fc_q7_params *params, const int8_t *input, const int8_t *filter,
                                   const int8_t *bias, int8_t *output)
{
    const int32_t k_len = params->input_length;
    int32_t u = 0;
    for (; u + 4 <= params->units; u += 4)
    {
        const v128_t acc = wasm_i32x4_add(bias_x4(bias, u, params->bias_shift), dot_rows_x4(input, filter + u * k_len, k_len));
        tfw_store_x4(output + u, finish_x4(acc, params->out_shift, params->act));
    }
    for (; u < params->units; u++)
    {
        const int32_t acc = (bias != NULL ? tf_nn_shift_left(bias[u], params->bias_shift) : 0) + dot_row(input, filter + u * k_len, k_len);
        output[u] = finish(acc, params->out_shift, params->act);
    }
}

void tf_add_q7_simd128(const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size, tf_clamp act)
{
    const v128_t lo = wasm_i8x16_splat((int8_t)act.min);
    const v128_t hi = wasm_i8x16_splat((int8_t)act.max);
    int32_t i = 0;
    for (; i + 16 <= size; i += 16)
    {
        const v128_t sum = wasm_i8x16_add_sat(wasm_v128_load(input1 + i), wasm_v128_load(input2 + i));
        wasm_v128_store(output + i, wasm_i8x16_min(wasm_i8x16_max(sum, lo), hi));
    }
    if (i < size)
    {
        tf_add_q7(input1 + i, input2 + i, output + i, size - i, act);
    }
}
