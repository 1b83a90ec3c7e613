/*
 * tf_pad_s8 — constant padding of H and W of an int8 NHWC tensor (counterpart: CMSIS-NN arm_pad_s8; used by
 * both schemes).
 *
 * Layouts: input [1, H, W, C]; output [1, top + H + bottom, left + W + right, C];
 *   y[top + i, left + j, c] = x[i, j, c], pad_value elsewhere (the zero point: real 0).
 * Legal ranges: top, bottom, left, right >= 0; pad_value in [-128, 127]. No scratch. Input and output must
 * not overlap.
 */
#ifndef TF_PAD_S8_H
#define TF_PAD_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    tf_dims input;
    int32_t top;
    int32_t bottom;
    int32_t left;
    int32_t right;
    int32_t pad_value;
} tf_pad_params;

void tf_pad_s8(const tf_pad_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_PAD_S8_H */
