/*
 * tf_fully_connected_s8_simd128 — tf_fully_connected_s8 (contract: codegen/c/runtime/tf_fully_connected_s8.h) with
 * SIMD128: rows in blocks of 4 against the input widened on the fly (v128.load8x8_s + input_offset, shared by the
 * four rows), i32x4.dot_i16x8_s accumulation, vector requantization (per channel or one multiplier for all).
 */
#include "tf_kernels_simd128.h"
#include "tfw_simd128.h"

static int32_t tail_dot(const int8_t *input, int32_t offset, const int8_t *row, int32_t k, int32_t k_len)
{
    int32_t acc = 0;
    for (; k < k_len; k++)
    {
        acc += (input[k] + offset) * row[k];
    }
    return acc;
}

void tf_fully_connected_s8_simd128(const tf_fc_s8_params *params, const int32_t *multipliers, const int32_t *shifts,
                                   const int8_t *input, const int8_t *filter, const int32_t *bias, int8_t *output)
{
    const int32_t units = params->units;
    if (!tfw_rq_prepare(multipliers, shifts, params->per_channel ? units : 1, units))
    {
        tf_fully_connected_s8(params, multipliers, shifts, input, filter, bias, output);
        return;
    }
    const int32_t k_len = params->input_length;
    const int32_t offset = params->input_offset;
    const v128_t offset16 = wasm_i16x8_splat((int16_t)offset);
    const v128_t lo = wasm_i32x4_splat(params->act.min);
    const v128_t hi = wasm_i32x4_splat(params->act.max);
    int32_t u = 0;
    for (; u + 4 <= units; u += 4)
    {
        const int8_t *r0 = filter + u * k_len;
        const int8_t *r1 = r0 + k_len;
        const int8_t *r2 = r1 + k_len;
        const int8_t *r3 = r2 + k_len;
        v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
        int32_t k = 0;
        for (; k + 8 <= k_len; k += 8)
        {
            const v128_t x = wasm_i16x8_add(wasm_i16x8_load8x8(input + k), offset16);
            a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(r0 + k)));
            a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(r1 + k)));
            a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(r2 + k)));
            a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(x, wasm_i16x8_load8x8(r3 + k)));
        }
        v128_t sums = tfw_hsum4(a0, a1, a2, a3);
        if (k < k_len)
        {
            sums = wasm_i32x4_add(sums, wasm_i32x4_make(tail_dot(input, offset, r0, k, k_len), tail_dot(input, offset, r1, k, k_len),
                                                        tail_dot(input, offset, r2, k, k_len), tail_dot(input, offset, r3, k, k_len)));
        }
        if (bias != NULL)
        {
            sums = wasm_i32x4_add(sums, wasm_v128_load(bias + u));
        }
        const v128_t y = wasm_i32x4_add(tfw_requantize_x4(sums, u), wasm_i32x4_splat(params->output_offset));
        tfw_store_x4(output + u, tfw_clamp(y, lo, hi));
    }
    for (; u < units; u++)
    {
        const int32_t q = params->per_channel ? u : 0;
        int32_t acc = (bias != NULL ? bias[u] : 0) + tail_dot(input, offset, filter + u * k_len, 0, k_len);
        acc = tf_nn_requantize(acc, multipliers[q], shifts[q]) + params->output_offset;
        output[u] = (int8_t)tf_nn_clamp(acc, params->act.min, params->act.max);
    }
}
