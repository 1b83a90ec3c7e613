/*
 * tf_relu_q7 — power-of-two (Q-format) standalone ReLU / ReLU6 (counterparts: the legacy CMSIS-NN
 * arm_relu_q7, act = [0, 127], and CMSIS-DSP arm_clip_q7, act = [0, min(127, 6 * 2^frac)]):
 *   y = clamp(x, act.min, act.max); the Q format is unchanged.
 * Legal ranges: size >= 0. No scratch. The output may alias the input exactly (the legacy kernels run in place).
 */
#ifndef TF_RELU_Q7_H
#define TF_RELU_Q7_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_relu_q7(const int8_t *input, int8_t *output, int32_t size, tf_clamp act);

#ifdef __cplusplus
}
#endif

#endif /* TF_RELU_Q7_H */
