/*
 * tf_sparse_expand — sparse int8 weights (tf_sparse_weights.h) back to plain int8: writes weights [first, first + count)
 * (zeros included) from the bitmap and the non-zero values starting at `values` (the first non-zero weight at or after
 * `first`).
 */
#ifndef TF_SPARSE_EXPAND_H
#define TF_SPARSE_EXPAND_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_sparse_expand(const uint8_t *bitmap, const int8_t *values, int32_t first, int32_t count, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TF_SPARSE_EXPAND_H */
