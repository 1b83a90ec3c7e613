/*
 * tf_add_q7 — power-of-two (Q-format) int8 element-wise addition (counterpart: CMSIS-DSP arm_add_q7): both
 * inputs and the output share one Q format, so y = clamp(sat_q7(a + b), act.min, act.max).
 * Legal ranges: size >= 0. No scratch. The output may alias either input exactly.
 */
#ifndef TF_ADD_Q7_H
#define TF_ADD_Q7_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_add_q7(const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size, tf_clamp act);

#ifdef __cplusplus
}
#endif

#endif /* TF_ADD_Q7_H */
