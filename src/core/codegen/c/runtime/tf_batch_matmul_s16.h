/*
 * tf_batch_matmul_s16 — batched matrix product of TFLite's 16x8 scheme: int16 operands and output, zero points 0
 * (counterpart: CMSIS-NN arm_batch_matmul_s16, v7.0.0, which takes b transposed; TinyForge also reads b untransposed):
 *
 *   acc = sum_k a[b, m, k] * B[b, k, n]   (int64)        B = b, or b^T when transpose_b
 *   y[b, m, n] = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(multiplier), shift), act.min, act.max)
 *
 * arm_nn_requantize_s64: ((int32)((acc * rm) >> (14 - shift)) + 1) >> 1, rm = multiplier rounded to Q15. Parameters as
 * tf_batch_matmul_s8's (tf_batch_matmul_s8_params), the offsets unused. Layouts as tf_batch_matmul_s8's. Legal ranges:
 * shift <= 14; depth < 2^18 (acc * rm within int64); act within [-32768, 32767]. No scratch. The output must not
 * overlap an input.
 */
#ifndef TF_BATCH_MATMUL_S16_H
#define TF_BATCH_MATMUL_S16_H

#include "tf_batch_matmul_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_batch_matmul_s16(const tf_batch_matmul_s8_params *params, const int16_t *lhs, const int16_t *rhs, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_BATCH_MATMUL_S16_H */
