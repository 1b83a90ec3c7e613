/*
 * tf_softmax_q7 — the legacy base-2 softmax on raw q7 values, per row of the last axis (counterpart:
 * CMSIS-NN arm_softmax_with_batch_q7, which is not bit-accurate with TFLite by design). Per row:
 *   base = max(row) - 8;  sum = sum of 2^clamp(x - base, 0, 7)
 *   y = sat_q7((2^20 / sum) >> clamp(13 + base - x, 0, 31))           output Q0.7 (scale 2^-7)
 * Layouts: input and output [rows, row_size]. Legal ranges: rows, row_size >= 1; row_size < 2^13.
 * No scratch. The output may alias the input exactly.
 */
#ifndef TF_SOFTMAX_Q7_H
#define TF_SOFTMAX_Q7_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_softmax_q7(const int8_t *input, int32_t rows, int32_t row_size, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_SOFTMAX_Q7_H */
