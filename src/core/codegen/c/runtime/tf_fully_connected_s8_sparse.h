/*
 * tf_fully_connected_s8_sparse — tf_fully_connected_s8 on sparse weights (tf_sparse_weights.h): the same dense layer,
 * the same bytes out, multiplying only the non-zero weights of each row. Layouts, formula and legal ranges:
 * tf_fully_connected_s8.h. No scratch.
 */
#ifndef TF_FULLY_CONNECTED_S8_SPARSE_H
#define TF_FULLY_CONNECTED_S8_SPARSE_H

#include "tf_fully_connected_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_fully_connected_s8_sparse(const tf_fc_s8_params *params,
                                  const int32_t *multipliers,
                                  const int32_t *shifts,
                                  const int8_t *input,
                                  const uint8_t *bitmap,
                                  const int8_t *values,
                                  const int32_t *bias,
                                  int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_FULLY_CONNECTED_S8_SPARSE_H */
