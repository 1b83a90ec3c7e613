/*
 * tf_softmax_s8 — int8 softmax over the last axis, TFLite int8 spec (counterpart: CMSIS-NN arm_softmax_s8;
 * the same fixed-point steps as TFLite's reference int8 softmax).
 *
 * Layouts: input and output [rows, row_size] row-major (the last axis of any batch-1 tensor). Output
 * quantization is fixed: scale 1/256, zero point -128. Per row, diff = x - max(row):
 *   rows values with diff >= diff_min contribute exp(diff * beta * s_in) (a Q5.26 argument, Q0.31 result)
 *   to a Q12.19 sum; each output is exp(diff) / sum in Q0.8, minus 128; cells with diff < diff_min are -128.
 * multiplier/shift = QuantizeMultiplier(min(beta * s_in * 2^26, 2^31 - 1)) with shift >= 0, and
 * diff_min = -floor(31 * 2^26 / 2^shift), all frozen by the generator.
 *
 * Legal ranges: rows, row_size >= 1; shift in [0, 30]; row_size < 2^12 (the Q12.19 sum must not
 * overflow). No scratch. The output may alias the input exactly.
 */
#ifndef TF_SOFTMAX_S8_H
#define TF_SOFTMAX_S8_H

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
    int32_t diff_min;
} tf_softmax_s8_params;

void tf_softmax_s8(const tf_softmax_s8_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_SOFTMAX_S8_H */
