/*
 * tf_fully_connected_s8 — int8 dense layer, TFLite int8 spec (counterparts: CMSIS-NN arm_fully_connected_s8
 * for per-tensor weights, arm_fully_connected_per_channel_s8 for per-channel weights).
 *
 * Layouts: input: any batch-1 tensor read as the vector x[K]; filter [units, K] row-major, symmetric int8;
 * bias int32 [units] or NULL; output [1, units].
 *   acc[u] = bias[u] + sum_k (x[k] + input_offset) * w[u, k]
 *   y[u]   = clamp(tf_nn_requantize(acc[u], M, S) + output_offset, act.min, act.max)
 * with (M, S) = (multipliers[u], shifts[u]) when per_channel, else (multipliers[0], shifts[0]).
 *
 * Legal ranges: input_offset in [-127, 128]; output_offset in [-128, 127]; K, units >= 1;
 * |acc| < 2^31. No scratch. Input and output must not overlap.
 */
#ifndef TF_FULLY_CONNECTED_S8_H
#define TF_FULLY_CONNECTED_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    /** K: the flattened input length. */
    int32_t input_length;
    int32_t units;
    int32_t input_offset;
    int32_t output_offset;
    /** 1: one multiplier/shift per unit; 0: one for the whole layer. */
    int32_t per_channel;
    tf_clamp act;
} tf_fc_s8_params;

void tf_fully_connected_s8(const tf_fc_s8_params *params,
                           const int32_t *multipliers,
                           const int32_t *shifts,
                           const int8_t *input,
                           const int8_t *filter,
                           const int32_t *bias,
                           int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_FULLY_CONNECTED_S8_H */
