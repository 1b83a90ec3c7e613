/*
 * tf_mul_s16 — element-wise multiplication of TFLite's 16x8 scheme, int16 tensors with broadcasting, zero points 0
 * (counterpart: CMSIS-NN arm_elementwise_mul_s16, v7.0.0, for equal shapes — it ignores the offsets; TFLite's
 * BroadcastMul4DSlow otherwise). Parameters as tf_mul_s8's (tf_mul_s8_params), the offsets unused:
 *
 *   y = clamp(tf_nn_requantize(a * b, multiplier, shift), act.min, act.max)
 *
 * Shapes: input1, input2 and output as tf_dims4; each input axis equals the output's or is 1 (broadcast).
 * Legal ranges: shift <= 0 (|a * b| <= 2^30 fits int32 only without a left shift); act within [-32768, 32767].
 * No scratch. The output may alias an input of the output's shape exactly.
 */
#ifndef TF_MUL_S16_H
#define TF_MUL_S16_H

#include "tf_mul_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_mul_s16(const tf_mul_s8_params *params, const int16_t *input1, const int16_t *input2, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_MUL_S16_H */
