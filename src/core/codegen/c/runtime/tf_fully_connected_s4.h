/*
 * tf_fully_connected_s4 — tf_fully_connected_s8 with int4 packed weights (tf_s4_codebook.h; CMSIS-NN's
 * arm_fully_connected_s4 format): rows [units, K], values in [-8, 7], ceil(units*K / 2) bytes, decoded `block` rows at a
 * time into the scratch, then tf_fully_connected_s8 on each block (same bytes out). Layouts, formula and legal ranges:
 * tf_fully_connected_s8.h; 1 <= block <= units.
 *
 * Scratch: block*K bytes (the decoded rows), not overlapping the tensors.
 */
#ifndef TF_FULLY_CONNECTED_S4_H
#define TF_FULLY_CONNECTED_S4_H
#include "tf_fully_connected_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_fully_connected_s4(const tf_fc_s8_params *params,
                           const int32_t *multipliers,
                           const int32_t *shifts,
                           const int8_t *input,
                           const int8_t *packed_weights,
                           int32_t block,
                           const int32_t *bias,
                           int8_t *output,
                           int8_t *buffer);

#ifdef __cplusplus
}
#endif
#endif /* TF_FULLY_CONNECTED_S4_H */
