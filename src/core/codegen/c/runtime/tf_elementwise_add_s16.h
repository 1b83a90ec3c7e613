/*
 * tf_elementwise_add_s16 — element-wise addition of TFLite's 16x8 scheme: int16 tensors of the same shape, zero points 0
 * (counterpart: CMSIS-NN arm_elementwise_add_s16, v7.0.0). Parameters as tf_elementwise_add_s8's (tf_add_s8_params), the
 * offsets unused (0 at int16, as CMSIS-NN ignores them):
 *   a' = tf_nn_requantize(a * 2^left_shift, input1_multiplier, input1_shift)
 *   b' = tf_nn_requantize(b * 2^left_shift, input2_multiplier, input2_shift)
 *   y  = clamp(tf_nn_requantize(a' + b', output_multiplier, output_shift), act.min, act.max)
 * Legal ranges: left_shift in [0, 15] (TFLite uses 15 at int16); input shifts <= 0; act within [-32768, 32767];
 * size >= 0. No scratch. The output may alias either input exactly (element-wise), never partially.
 */
#ifndef TF_ELEMENTWISE_ADD_S16_H
#define TF_ELEMENTWISE_ADD_S16_H

#include "tf_elementwise_add_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_elementwise_add_s16(const tf_add_s8_params *params, const int16_t *input1, const int16_t *input2, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_ELEMENTWISE_ADD_S16_H */
