/*
 * tf_convolve_s8_pal — tf_convolve_s8 on palettized weights (tf_palette_decode.h): the same int8 2-D convolution, the same
 * bytes out, with the filter given as packed `bits`-bit indices into a 2^bits-entry codebook (one per layer).
 *
 * Filters are decoded on the fly, `block` filters at a time, into the scratch after the im2col columns; each block
 * then runs over every output pixel as tf_convolve_s8 does (so every weight is decoded once per call, and the im2col
 * columns are built once per block). Layouts, formula and legal ranges: tf_convolve_s8.h; 1 <= block <= Cout.
 *
 * Scratch: tf_convolve_s8_pal_get_buffer_size() = 4*KH*KW*Cin (the two int16 columns of tf_convolve_s8) + block*KH*KW*Cin
 * (the decoded filters) bytes, 4-byte aligned, not overlapping the tensors.
 */
#ifndef TF_CONVOLVE_S8_PAL_H
#define TF_CONVOLVE_S8_PAL_H

#include "tf_convolve_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

int32_t tf_convolve_s8_pal_get_buffer_size(const tf_conv_s8_params *params, int32_t block);

void tf_convolve_s8_pal(const tf_conv_s8_params *params,
                        const int32_t *multipliers,
                        const int32_t *shifts,
                        const int8_t *input,
                        const uint8_t *indices,
                        const int8_t *codebook,
                        int32_t bits,
                        int32_t block,
                        const int32_t *bias,
                        int8_t *output,
                        int16_t *buffer);

#ifdef __cplusplus
}
#endif

#endif /* TF_CONVOLVE_S8_PAL_H */
