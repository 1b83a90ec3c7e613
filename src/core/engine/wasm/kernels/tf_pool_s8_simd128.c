/*
 * tf_max_pool_s8_simd128 and tf_avgpool_s8_simd128 — the portable pooling kernels (contracts:
 * codegen/c/runtime/tf_max_pool_s8.h, tf_avgpool_s8.h, tf_pool_types.h) with SIMD128 over 16 channels at a time:
 * the max with i8x16.max_s; the sum in int32 lanes (any window size), then the portable kernel's rounding division
 * `(sum ± count/2) / count` per channel (C division: SIMD128 has no integer divide).
 */
#include "tf_kernels_simd128.h"
#include "tfw_simd128.h"

void tf_max_pool_s8_simd128(const tf_pool_params *params, const int8_t *input, int8_t *output)
{
    const tf_window *win = &params->window;
    const int32_t channels = params->input.c;
    const v128_t lo = wasm_i8x16_splat((int8_t)params->act.min);
    const v128_t hi = wasm_i8x16_splat((int8_t)params->act.max);
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        int32_t y0, y1;
        tf_pool_span(oy, win->stride_h, win->pad_top, win->kernel_h, params->input.h, &y0, &y1);
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            int32_t x0, x1;
            tf_pool_span(ox, win->stride_w, win->pad_left, win->kernel_w, params->input.w, &x0, &x1);
            int32_t c = 0;
            for (; c + 16 <= channels; c += 16)
            {
                v128_t m = wasm_i8x16_splat(-128);
                for (int32_t iy = y0; iy < y1; iy++)
                {
                    const int8_t *row = input + (iy * params->input.w) * channels + c;
                    for (int32_t ix = x0; ix < x1; ix++)
                    {
                        m = wasm_i8x16_max(m, wasm_v128_load(row + ix * channels));
                    }
                }
                wasm_v128_store(output + c, wasm_i8x16_min(wasm_i8x16_max(m, lo), hi));
            }
            for (; c < channels; c++)
            {
                int32_t m = -128;
                for (int32_t iy = y0; iy < y1; iy++)
                {
                    const int8_t *row = input + (iy * params->input.w) * channels + c;
                    for (int32_t ix = x0; ix < x1; ix++)
                    {
                        const int32_t v = row[ix * channels];
                        m = v > m ? v : m;
                    }
                }
                output[c] = (int8_t)tf_nn_clamp(m, params->act.min, params->act.max);
            }
            output += channels;
        }
    }
}

static int8_t average(int32_t sum, int32_t count, const tf_pool_params *p)
{
    const int32_t half = count / 2;
    const int32_t avg = (sum > 0 ? sum + half : sum - half) / count;
    return (int8_t)tf_nn_clamp(avg, p->act.min, p->act.max);
}

void tf_avgpool_s8_simd128(const tf_pool_params *params, const int8_t *input, int8_t *output)
{
    const tf_window *win = &params->window;
    const int32_t channels = params->input.c;
    for (int32_t oy = 0; oy < params->output.h; oy++)
    {
        int32_t y0, y1;
        tf_pool_span(oy, win->stride_h, win->pad_top, win->kernel_h, params->input.h, &y0, &y1);
        for (int32_t ox = 0; ox < params->output.w; ox++)
        {
            int32_t x0, x1;
            tf_pool_span(ox, win->stride_w, win->pad_left, win->kernel_w, params->input.w, &x0, &x1);
            const int32_t count = (y1 - y0) * (x1 - x0);
            int32_t c = 0;
            for (; c + 16 <= channels; c += 16)
            {
                v128_t s0 = wasm_i32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
                for (int32_t iy = y0; iy < y1; iy++)
                {
                    const int8_t *row = input + (iy * params->input.w) * channels + c;
                    for (int32_t ix = x0; ix < x1; ix++)
                    {
                        const v128_t v = wasm_v128_load(row + ix * channels);
                        const v128_t l = wasm_i16x8_extend_low_i8x16(v);
                        const v128_t h = wasm_i16x8_extend_high_i8x16(v);
                        s0 = wasm_i32x4_add(s0, wasm_i32x4_extend_low_i16x8(l));
                        s1 = wasm_i32x4_add(s1, wasm_i32x4_extend_high_i16x8(l));
                        s2 = wasm_i32x4_add(s2, wasm_i32x4_extend_low_i16x8(h));
                        s3 = wasm_i32x4_add(s3, wasm_i32x4_extend_high_i16x8(h));
                    }
                }
                int32_t sums[16];
                wasm_v128_store(sums, s0);
                wasm_v128_store(sums + 4, s1);
                wasm_v128_store(sums + 8, s2);
                wasm_v128_store(sums + 12, s3);
                for (int32_t j = 0; j < 16; j++)
                {
                    output[c + j] = average(sums[j], count, params);
                }
            }
            for (; c < channels; c++)
            {
                int32_t sum = 0;
                for (int32_t iy = y0; iy < y1; iy++)
                {
                    const int8_t *row = input + (iy * params->input.w) * channels + c;
                    for (int32_t ix = x0; ix < x1; ix++)
                    {
                        sum += row[ix * channels];
                    }
                }
                output[c] = average(sum, count, params);
            }
            output += channels;
        }
    }
}
