/*
 * tf_mul_q7 — element-wise multiplication of two q7 vectors with a rounding right shift (counterpart: CMSIS_5
 * 5.9.0 arm_nn_mult_q7, followed by the ReLU/ReLU6 clamp of arm_relu_q7 / arm_clip_q7):
 *
 *   y = clamp(ssat8((int16_t)(a * b + 2^(out_shift - 1)) >> out_shift), act.min, act.max)
 *
 * The int16 cast of the rounded product is the q7 kernel's (it wraps 2^15 to -2^15 when out_shift = 15 and
 * a = b = -128). Legal ranges: out_shift in [0, 15]; size >= 0. No scratch. The output may alias an input exactly.
 */
#ifndef TF_MUL_Q7_H
#define TF_MUL_Q7_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_mul_q7(const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size, int32_t out_shift, tf_clamp act);

#ifdef __cplusplus
}
#endif

#endif /* TF_MUL_Q7_H */
