/*
 * tf_s4_codebook — int4 packed weights (CMSIS-NN's s4 format, v7.0.0 Source/ConvolutionFunctions/arm_convolve_s4.c):
 * weights in [-8, 7] as two's-complement nibbles, two per byte in one stream over the filter in row-major order,
 * element 2j in the low nibble of byte j and element 2j + 1 in the high nibble (an odd row length continues in the
 * same byte). Read as 4-bit indices this is exactly the palette stream of tf_palette_decode.h, so the portable s4
 * kernels decode it with tf_palette_decode and this fixed codebook (nibble -> value).
 */
#ifndef TF_S4_CODEBOOK_H
#define TF_S4_CODEBOOK_H
#include "tf_nn_types.h"

static const int8_t TF_S4_CODEBOOK[16] = {0, 1, 2, 3, 4, 5, 6, 7, -8, -7, -6, -5, -4, -3, -2, -1};

#endif /* TF_S4_CODEBOOK_H */
