/*
 * tf_fully_connected_s8_pal — tf_fully_connected_s8 on palettized weights (tf_palette_decode.h): the rows [units, K] are
 * decoded `block` rows at a time into the scratch, and tf_fully_connected_s8 runs on each block (same bytes out).
 * Layouts, formula and legal ranges: tf_fully_connected_s8.h; 1 <= block <= units.
 *
 * Scratch: block*K bytes (the decoded rows), not overlapping the tensors.
 */
#ifndef TF_FULLY_CONNECTED_S8_PAL_H
#define TF_FULLY_CONNECTED_S8_PAL_H

#include "tf_fully_connected_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_fully_connected_s8_pal(const tf_fc_s8_params *params,
                               const int32_t *multipliers,
                               const int32_t *shifts,
                               const int8_t *input,
                               const uint8_t *indices,
                               const int8_t *codebook,
                               int32_t bits,
                               int32_t block,
                               const int32_t *bias,
                               int8_t *output,
                               int8_t *buffer);

#ifdef __cplusplus
}
#endif

#endif /* TF_FULLY_CONNECTED_S8_PAL_H */
