/*
 * tf_mul_s8 — int8 element-wise multiplication with broadcasting, TFLite int8 spec (counterpart: CMSIS-NN
 * arm_elementwise_mul_s8 for equal shapes; TFLite's BroadcastMul4DSlow otherwise).
 *
 *   y = clamp(tf_nn_requantize((a + input1_offset) * (b + input2_offset), multiplier, shift) + output_offset,
 *             act.min, act.max)
 *
 * Shapes: input1, input2 and output as tf_dims4; each input axis equals the output's or is 1 (broadcast).
 * Legal ranges: input offsets in [-127, 128]; output_offset in [-128, 127]; multiplier/shift as tf_nn_requantize.
 * |product| <= 255 * 255, no overflow. No scratch. The output may alias an input of the output's shape exactly.
 */
#ifndef TF_MUL_S8_H
#define TF_MUL_S8_H

#include "tf_nn_broadcast.h"
#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    tf_dims4 input1;
    tf_dims4 input2;
    tf_dims4 output;
    int32_t input1_offset;
    int32_t input2_offset;
    int32_t output_offset;
    int32_t multiplier;
    int32_t shift;
    tf_clamp act;
} tf_mul_s8_params;

void tf_mul_s8(const tf_mul_s8_params *params, const int8_t *input1, const int8_t *input2, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_MUL_S8_H */
