/*
 * tf_elementwise_add_s8 — int8 element-wise addition of two tensors of the same shape, TFLite int8 spec
 * (counterpart: CMSIS-NN arm_elementwise_add_s8).
 *
 *   a' = tf_nn_requantize((a + input1_offset) * 2^left_shift, input1_multiplier, input1_shift)
 *   b' = tf_nn_requantize((b + input2_offset) * 2^left_shift, input2_multiplier, input2_shift)
 *   y  = clamp(tf_nn_requantize(a' + b', output_multiplier, output_shift) + output_offset, act.min, act.max)
 *
 * Legal ranges: input offsets in [-127, 128]; output_offset in [-128, 127]; left_shift in [0, 22] (TFLite
 * uses 20); the input multipliers/shifts scale by at most 1 (shifts <= 0); size >= 0. No scratch.
 * The output may alias either input exactly (element-wise), never partially.
 */
#ifndef TF_ELEMENTWISE_ADD_S8_H
#define TF_ELEMENTWISE_ADD_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t size;
    int32_t left_shift;
    int32_t input1_offset;
    int32_t input1_multiplier;
    int32_t input1_shift;
    int32_t input2_offset;
    int32_t input2_multiplier;
    int32_t input2_shift;
    int32_t output_offset;
    int32_t output_multiplier;
    int32_t output_shift;
    tf_clamp act;
} tf_add_s8_params;

void tf_elementwise_add_s8(const tf_add_s8_params *params, const int8_t *input1, const int8_t *input2, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_ELEMENTWISE_ADD_S8_H */
