/*
 * tf_palette_decode — palettized (clustered) int8 weights: every weight is an entry of one codebook per layer, stored as its
 * index, `bits` bits each (2, 3, 4, 6 or 8), packed LSB-first in one bit stream over the weights in row-major order:
 * weight i occupies stream bits i*bits .. i*bits + bits - 1; byte j of `indices` holds stream bits 8j .. 8j + 7, bit 0
 * first. The codebook has 2^bits int8 entries. The decoded weights are exactly the int8 weights the int8 engine runs.
 *
 * Legal ranges: bits in {2, 3, 4, 6, 8}; first, count >= 0; indices holds at least ceil((first + count) * bits / 8)
 * bytes (never read beyond that).
 */
#ifndef TF_PALETTE_DECODE_H
#define TF_PALETTE_DECODE_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** out[0 .. count) = codebook[index of weight first + i]. */
void tf_palette_decode(const uint8_t *indices, int32_t bits, int32_t first, int32_t count, const int8_t *codebook, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* TF_PALETTE_DECODE_H */
