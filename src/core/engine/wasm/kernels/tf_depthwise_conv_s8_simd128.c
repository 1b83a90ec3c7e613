/*
 * tf_depthwise_conv_s8_simd128 — tf_depthwise_conv_s8 (contract: codegen/c/runtime/tf_depthwise_conv_s8.h) with
 * SIMD128 for depth multiplier 1: channels in blocks of 16 (then 8), the valid taps of each output pixel as in the
 * portable kernel, (x + input_offset) and the weights widened to int16 and multiplied into int32 lanes
 * (i32x4.extmul_*_i16x8), then vector requantization. Other depth multipliers, and layers wider than the
 * requantization table, run the portable kernel.
 */
#include "tf_depthwise_conv_s8.h"
#include "tf_kernels_simd128.h"
#include "tfw_simd128.h"

/* Requantize, offset, clamp and store four channels c..c+3. */
static v128_t finish_x4(const tf_conv_s8_params *p, v128_t acc, int32_t c)
{
    const v128_t y = wasm_i32x4_add(tfw_requantize_x4(acc, c), wasm_i32x4_splat(p->output_offset));
    return tfw_clamp(y, wasm_i32x4_splat(p->act.min), wasm_i32x4_splat(p->act.max));
}

static v128_t bias_x4(const int32_t *bias, int32_t c)
{
    return bias != NULL ? wasm_v128_load(bias + c) : wasm_i32x4_splat(0);
}

void tf_depthwise_conv_s8_simd128(const tf_conv_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                                  const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output)
{
    const int32_t channels = params->input.c;
    if (params->depth_multiplier != 1 || !tfw_rq_prepare(multipliers, shifts, channels, channels))
    {
        tf_depthwise_conv_s8(params, multipliers, shifts, input, filter, bias, output);
        return;
    }
    const tf_window *win = &params->window;
    const int32_t in_w = params->input.w;
    const v128_t offset = wasm_i16x8_splat((int16_t)params->input_offset);
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
            for (; c + 16 <= channels; c += 16)
            {
                v128_t a0 = bias_x4(bias, c), a1 = bias_x4(bias, c + 4), a2 = bias_x4(bias, c + 8), a3 = bias_x4(bias, c + 12);
                for (int32_t ky = ky0; ky < ky1; ky++)
                {
                    const int8_t *row = input + ((iy0 + ky * win->dilation_h) * in_w + ix0) * channels + c;
                    const int8_t *taps = filter + ky * win->kernel_w * channels + c;
                    for (int32_t kx = kx0; kx < kx1; kx++)
                    {
                        const int8_t *x = row + kx * win->dilation_w * channels;
                        const int8_t *w = taps + kx * channels;
                        const v128_t x0 = wasm_i16x8_add(wasm_i16x8_load8x8(x), offset);
                        const v128_t x1 = wasm_i16x8_add(wasm_i16x8_load8x8(x + 8), offset);
                        const v128_t w0 = wasm_i16x8_load8x8(w);
                        const v128_t w1 = wasm_i16x8_load8x8(w + 8);
                        a0 = wasm_i32x4_add(a0, wasm_i32x4_extmul_low_i16x8(x0, w0));
                        a1 = wasm_i32x4_add(a1, wasm_i32x4_extmul_high_i16x8(x0, w0));
                        a2 = wasm_i32x4_add(a2, wasm_i32x4_extmul_low_i16x8(x1, w1));
                        a3 = wasm_i32x4_add(a3, wasm_i32x4_extmul_high_i16x8(x1, w1));
                    }
                }
                tfw_store_x8(output + c, finish_x4(params, a0, c), finish_x4(params, a1, c + 4));
                tfw_store_x8(output + c + 8, finish_x4(params, a2, c + 8), finish_x4(params, a3, c + 12));
            }
            for (; c + 8 <= channels; c += 8)
            {
                v128_t a0 = bias_x4(bias, c), a1 = bias_x4(bias, c + 4);
                for (int32_t ky = ky0; ky < ky1; ky++)
                {
                    const int8_t *row = input + ((iy0 + ky * win->dilation_h) * in_w + ix0) * channels + c;
                    const int8_t *taps = filter + ky * win->kernel_w * channels + c;
                    for (int32_t kx = kx0; kx < kx1; kx++)
                    {
                        const v128_t x0 = wasm_i16x8_add(wasm_i16x8_load8x8(row + kx * win->dilation_w * channels), offset);
                        const v128_t w0 = wasm_i16x8_load8x8(taps + kx * channels);
                        a0 = wasm_i32x4_add(a0, wasm_i32x4_extmul_low_i16x8(x0, w0));
                        a1 = wasm_i32x4_add(a1, wasm_i32x4_extmul_high_i16x8(x0, w0));
                    }
                }
                tfw_store_x8(output + c, finish_x4(params, a0, c), finish_x4(params, a1, c + 4));
            }
            for (; c < channels; c++)
            {
                int32_t acc = bias != NULL ? bias[c] : 0;
                for (int32_t ky = ky0; ky < ky1; ky++)
                {
                    const int32_t row = ((iy0 + ky * win->dilation_h) * in_w + ix0) * channels + c;
                    const int32_t taps = ky * win->kernel_w * channels + c;
                    for (int32_t kx = kx0; kx < kx1; kx++)
                    {
                        acc += (input[row + kx * win->dilation_w * channels] + params->input_offset) * filter[taps + kx * channels];
                    }
                }
                acc = tf_nn_requantize(acc, multipliers[c], shifts[c]) + params->output_offset;
                output[c] = (int8_t)tf_nn_clamp(acc, params->act.min, params->act.max);
            }
            output += channels;
        }
    }
}
