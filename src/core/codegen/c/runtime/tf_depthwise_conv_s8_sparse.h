/*
 * tf_depthwise_conv_s8_sparse — tf_depthwise_conv_s8 on sparse weights (tf_sparse_weights.h): the filter
 * [1, KH, KW, Cout] is expanded once per call into the scratch (zeros included), then tf_depthwise_conv_s8 runs on it
 * (same bytes out; a depthwise filter is small and its zeros are not skipped). Layouts, formula and legal ranges:
 * tf_depthwise_conv_s8.h.
 *
 * Scratch: KH*KW*Cout bytes, not overlapping the tensors.
 */
#ifndef TF_DEPTHWISE_CONV_S8_SPARSE_H
#define TF_DEPTHWISE_CONV_S8_SPARSE_H

#include "tf_convolve_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_depthwise_conv_s8_sparse(const tf_conv_s8_params *params,
                                 const int32_t *multipliers,
                                 const int32_t *shifts,
                                 const int8_t *input,
                                 const uint8_t *bitmap,
                                 const int8_t *values,
                                 const int32_t *bias,
                                 int8_t *output,
                                 int8_t *buffer);

#ifdef __cplusplus
}
#endif

#endif /* TF_DEPTHWISE_CONV_S8_SPARSE_H */
