/*
 * tf_transpose_s8 — permutes the axes of an int8 tensor of rank <= 4 (counterpart: CMSIS-NN arm_transpose_s8 =
 * TFLite reference TRANSPOSE). The tensor is given as 4 dims (leading 1s for lower ranks) and a permutation of
 * 0..3: output axis k takes input axis perm[k], so output dims[k] = input dims[perm[k]]. A byte copy: the output keeps
 * the input's quantization. No scratch. The output must not overlap the input.
 */
#ifndef TF_TRANSPOSE_S8_H
#define TF_TRANSPOSE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t dims[4];
    int32_t perm[4];
} tf_transpose_params;

void tf_transpose_s8(const tf_transpose_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_TRANSPOSE_S8_H */
