/*
 * tf_convolve_s4 — tf_convolve_s8 with int4 packed weights (tf_s4_codebook.h; CMSIS-NN's arm_convolve_wrapper_s4
 * format): the same int8 2-D convolution with int8 activations, int32 bias and per-channel requantization, the same
 * bytes out, on OHWI filters whose values lie in [-8, 7], stored ceil(Cout*KH*KW*Cin / 2) bytes.
 *
 * The filters are decoded `block` at a time into the scratch after the im2col columns (tf_convolve_s8_pal with the
 * fixed nibble codebook). Layouts, formula and legal ranges: tf_convolve_s8.h; 1 <= block <= Cout.
 *
 * Scratch: tf_convolve_s8_pal_get_buffer_size(params, block) = 4*KH*KW*Cin + block*KH*KW*Cin bytes, 4-byte aligned.
 */
#ifndef TF_CONVOLVE_S4_H
#define TF_CONVOLVE_S4_H
#include "tf_convolve_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_convolve_s4(const tf_conv_s8_params *params,
                    const int32_t *multipliers,
                    const int32_t *shifts,
                    const int8_t *input,
                    const int8_t *packed_weights,
                    int32_t block,
                    const int32_t *bias,
                    int8_t *output,
                    int16_t *buffer);

#ifdef __cplusplus
}
#endif
#endif /* TF_CONVOLVE_S4_H */
