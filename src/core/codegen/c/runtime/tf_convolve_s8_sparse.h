/*
 * tf_convolve_s8_sparse — tf_convolve_s8 on sparse weights (tf_sparse_weights.h): the same int8 2-D convolution, the
 * same bytes out, multiplying only the non-zero weights. Per output pixel: its im2col column (int16 x + input_offset,
 * 0 for padding), then per filter the set bits of its bitmap row against that column. Layouts, formula and legal
 * ranges: tf_convolve_s8.h.
 *
 * Scratch: 2*KH*KW*Cin bytes (one int16 column), 4-byte aligned, not overlapping the tensors.
 */
#ifndef TF_CONVOLVE_S8_SPARSE_H
#define TF_CONVOLVE_S8_SPARSE_H

#include "tf_convolve_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_convolve_s8_sparse(const tf_conv_s8_params *params,
                           const int32_t *multipliers,
                           const int32_t *shifts,
                           const int8_t *input,
                           const uint8_t *bitmap,
                           const int8_t *values,
                           const int32_t *bias,
                           int8_t *output,
                           int16_t *buffer);

#ifdef __cplusplus
}
#endif

#endif /* TF_CONVOLVE_S8_SPARSE_H */
