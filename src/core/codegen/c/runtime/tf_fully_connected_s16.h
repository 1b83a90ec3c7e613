/*
 * tf_fully_connected_s16 — dense layer of TFLite's 16x8 scheme: int16 activations, int8 weights, int64 bias
 * (counterpart: CMSIS-NN arm_fully_connected_s16, v7.0.0).
 *
 * Layouts: input: any batch-1 tensor read as the vector x[K], int16, zero point 0; filter [units, K] row-major,
 * symmetric int8, one scale (per tensor); bias int64 [units] or NULL; output [1, units] int16, zero point 0.
 *   acc[u] = bias[u] + sum_k x[k] * w[u, k]                                   (64-bit)
 *   rm     = multiplier < 0x7FFF0000 ? (multiplier + 2^15) >> 16 : 0x7FFF    (CMSIS-NN REDUCE_MULTIPLIER)
 *   y[u]   = clamp((((int32_t)((acc[u] * rm) >> (14 - shift))) + 1) >> 1, act.min, act.max)
 *                                                                             (arm_nn_requantize_s64)
 * Legal ranges: multiplier in [0, 2^31); shift <= 14; act within [-32768, 32767]; K, units >= 1. No scratch.
 */
#ifndef TF_FULLY_CONNECTED_S16_H
#define TF_FULLY_CONNECTED_S16_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    /** K: the flattened input length. */
    int32_t input_length;
    int32_t units;
    int32_t multiplier;
    int32_t shift;
    tf_clamp act;
} tf_fc_s16_params;

void tf_fully_connected_s16(const tf_fc_s16_params *params,
                            const int16_t *input,
                            const int8_t *filter,
                            const int64_t *bias,
                            int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_FULLY_CONNECTED_S16_H */
