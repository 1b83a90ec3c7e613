/*
 * tf_depthwise_conv_s8_pal — tf_depthwise_conv_s8 on palettized weights (tf_palette_decode.h): the filter [1, KH, KW, Cout]
 * is decoded once per call into the scratch, then tf_depthwise_conv_s8 runs on it (same bytes out). Layouts, formula
 * and legal ranges: tf_depthwise_conv_s8.h.
 *
 * Scratch: KH*KW*Cout bytes (the decoded filter), not overlapping the tensors.
 */
#ifndef TF_DEPTHWISE_CONV_S8_PAL_H
#define TF_DEPTHWISE_CONV_S8_PAL_H

#include "tf_convolve_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_depthwise_conv_s8_pal(const tf_conv_s8_params *params,
                              const int32_t *multipliers,
                              const int32_t *shifts,
                              const int8_t *input,
                              const uint8_t *indices,
                              const int8_t *codebook,
                              int32_t bits,
                              const int32_t *bias,
                              int8_t *output,
                              int8_t *buffer);

#ifdef __cplusplus
}
#endif

#endif /* TF_DEPTHWISE_CONV_S8_PAL_H */
