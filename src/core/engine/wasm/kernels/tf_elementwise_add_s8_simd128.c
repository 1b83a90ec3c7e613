/*
 * tf_elementwise_add_s8_simd128 — tf_elementwise_add_s8 (contract: codegen/c/runtime/tf_elementwise_add_s8.h) with
 * SIMD128: eight elements per step, each input offset and scaled by 2^left_shift in int32 lanes, requantized with its
 * own multiplier and shift, summed, requantized to the output (one multiplier and shift per tensor: uniform-shift
 * helpers), offset, clamped.
 */
#include "tf_kernels_simd128.h"
#include "tfw_simd128.h"

static v128_t rescaled(v128_t x16, int32_t lane_half, const tf_add_s8_params *p, int32_t offset, int32_t multiplier, int32_t shift)
{
    const v128_t x = lane_half == 0 ? wasm_i32x4_extend_low_i16x8(x16) : wasm_i32x4_extend_high_i16x8(x16);
    const v128_t scaled = wasm_i32x4_shl(wasm_i32x4_add(x, wasm_i32x4_splat(offset)), (uint32_t)p->left_shift);
    return tfw_requantize_uniform(scaled, multiplier, shift);
}

static v128_t sum_x4(v128_t a16, v128_t b16, int32_t half, const tf_add_s8_params *p)
{
    const v128_t a = rescaled(a16, half, p, p->input1_offset, p->input1_multiplier, p->input1_shift);
    const v128_t b = rescaled(b16, half, p, p->input2_offset, p->input2_multiplier, p->input2_shift);
    const v128_t y = wasm_i32x4_add(tfw_requantize_uniform(wasm_i32x4_add(a, b), p->output_multiplier, p->output_shift),
                                    wasm_i32x4_splat(p->output_offset));
    return tfw_clamp(y, wasm_i32x4_splat(p->act.min), wasm_i32x4_splat(p->act.max));
}

void tf_elementwise_add_s8_simd128(const tf_add_s8_params *params, const int8_t *input1, const int8_t *input2,
                                   int8_t *output)
{
    int32_t i = 0;
    for (; i + 8 <= params->size; i += 8)
    {
        const v128_t a = wasm_i16x8_load8x8(input1 + i);
        const v128_t b = wasm_i16x8_load8x8(input2 + i);
        tfw_store_x8(output + i, sum_x4(a, b, 0, params), sum_x4(a, b, 1, params));
    }
    if (i < params->size)
    {
        tf_add_s8_params rest = *params;
        rest.size = params->size - i;
        tf_elementwise_add_s8(&rest, input1 + i, input2 + i, output + i);
    }
}
