/*
 * tf_depthwise_conv_s4 — tf_depthwise_conv_s8 with int4 packed weights (tf_s4_codebook.h; CMSIS-NN's
 * arm_depthwise_conv_wrapper_s4 format): the filter [1, KH, KW, Cout], values in [-8, 7], ceil(KH*KW*Cout / 2) bytes,
 * is decoded once per call into the scratch, then tf_depthwise_conv_s8 runs on it (same bytes out). Layouts, formula
 * and legal ranges: tf_depthwise_conv_s8.h.
 *
 * Scratch: KH*KW*Cout bytes (the decoded filter), not overlapping the tensors.
 */
#ifndef TF_DEPTHWISE_CONV_S4_H
#define TF_DEPTHWISE_CONV_S4_H
#include "tf_convolve_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_depthwise_conv_s4(const tf_conv_s8_params *params,
                          const int32_t *multipliers,
                          const int32_t *shifts,
                          const int8_t *input,
                          const int8_t *packed_weights,
                          const int32_t *bias,
                          int8_t *output,
                          int8_t *buffer);

#ifdef __cplusplus
}
#endif
#endif /* TF_DEPTHWISE_CONV_S4_H */
