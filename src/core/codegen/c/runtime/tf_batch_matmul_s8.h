/*
 * tf_batch_matmul_s8 — int8 batched matrix product of two computed tensors (counterpart: CMSIS-NN arm_batch_matmul_s8
 * = TFLite reference integer BATCH_MATMUL):
 *
 *   acc = sum_k (a[b, m, k] + lhs_offset) * (B[b, k, n] + rhs_offset)        B = b, or b^T when transpose_b
 *   y[b, m, n] = clamp(tf_nn_requantize(acc, multiplier, shift) + output_offset, act.min, act.max)
 *
 * Layouts: a [lhs_batches, rows, depth]; b [rhs_batches, depth, cols], or [rhs_batches, cols, depth] when transpose_b;
 * y [batches, rows, cols]. A batch count of 1 broadcasts over the other operand's batches. Legal ranges: offsets in
 * [-127, 128] (inputs) and [-128, 127] (output); depth * 255^2 < 2^31. No scratch. The output must not overlap an input.
 */
#ifndef TF_BATCH_MATMUL_S8_H
#define TF_BATCH_MATMUL_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t lhs_batches;
    int32_t rhs_batches;
    int32_t batches;
    int32_t rows;
    int32_t depth;
    int32_t cols;
    int32_t transpose_b;
    int32_t lhs_offset;
    int32_t rhs_offset;
    int32_t output_offset;
    int32_t multiplier;
    int32_t shift;
    tf_clamp act;
} tf_batch_matmul_s8_params;

void tf_batch_matmul_s8(const tf_batch_matmul_s8_params *params, const int8_t *lhs, const int8_t *rhs, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_BATCH_MATMUL_S8_H */
