/*
 * tf_fully_connected_q7 — power-of-two (Q-format) int8 dense layer (counterpart: the legacy CMSIS-NN
 * arm_fully_connected_q7).
 *
 * Layouts: input: the vector x[K] (any batch-1 tensor, flattened); filter [units, K] row-major, int8;
 * bias int8 [units] or NULL; output [1, units].
 *   acc = (bias[u] << bias_shift) + sum_k x[k] * w[u, k]
 *   y   = clamp(sat_q7((acc + 2^(out_shift-1)) >> out_shift), act.min, act.max)
 * Legal ranges: bias_shift, out_shift in [0, 31]; K, units >= 1; |acc| < 2^31. No scratch.
 * Input and output must not overlap.
 */
#ifndef TF_FULLY_CONNECTED_Q7_H
#define TF_FULLY_CONNECTED_Q7_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t input_length;
    int32_t units;
    int32_t bias_shift;
    int32_t out_shift;
    tf_clamp act;
} tf_fc_q7_params;

void tf_fully_connected_q7(const tf_fc_q7_params *params,
                           const int8_t *input,
                           const int8_t *filter,
                           const int8_t *bias,
                           int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_FULLY_CONNECTED_Q7_H */
