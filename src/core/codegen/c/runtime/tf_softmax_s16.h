/*
 * tf_softmax_s16 — int16 softmax over the last axis, TFLite's int16 SOFTMAX (counterpart: CMSIS-NN arm_softmax_s16,
 * v7.0.0). Input int16 symmetric (zero point 0); output int16 with scale 1/32768 and zero point 0.
 *
 * Layouts: input and output [rows, row_size] row-major. Per row, diff = x - max(row):
 *   e = lut(tf_softmax_s16_exp_lut, clamp(tf_nn_requantize(diff, multiplier, shift) + 32767, int16))
 *   sum = sum of e (int32), h = clz(sum)
 *   r = lut(tf_softmax_s16_one_by_one_lut, clamp((((int64)sum << (h - 1)) + 2^13 >> 14) - 98304, int16))
 *   y = clamp((e * r + 2^(30 - h)) >> (31 - h), int16)
 * lut(t, v) = t[256 + (v >> 7)] + (((t[i + 1] - t[i]) * (v & 127) + 64) >> 7). The two 513-entry Q0.15 tables are
 * TFLite Micro's gen_lut in float32 (exp(x) on [-10, 0], 1/(1 + x) on [0, 1]), stored here as constants; they equal
 * CMSIS-NN's test tables (Tests/UnitTest/TestCases/Common/Softmax/exp_lut_data.h, one_by_one_lut_data.h). The reciprocal step is 64-bit and its
 * index saturated, as TFLite's reference (arm_softmax_s16 forms it in int32 and differs only where that overflows).
 * multiplier/shift = QuantizeMultiplier(s_in * beta / (10 / 65535)), frozen by the generator.
 *
 * Legal ranges: rows >= 1; 1 <= row_size <= 65535 (the int32 sum); shift <= 15 (diff * 2^shift fits int32).
 * No scratch (the output row caches the exponentials). The output may alias the input exactly.
 */
#ifndef TF_SOFTMAX_S16_H
#define TF_SOFTMAX_S16_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t rows;
    int32_t row_size;
    int32_t multiplier;
    int32_t shift;
} tf_softmax_s16_params;

extern const int16_t tf_softmax_s16_exp_lut[513];
extern const int16_t tf_softmax_s16_one_by_one_lut[513];

void tf_softmax_s16(const tf_softmax_s16_params *params, const int16_t *input, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_SOFTMAX_S16_H */
