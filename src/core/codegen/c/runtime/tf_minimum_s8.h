/*
 * tf_minimum_s8 — element-wise minimum of two int8 tensors with broadcasting (counterpart: CMSIS-NN arm_minimum_s8 =
 * TFLite reference MINIMUM): y = the smaller of a and b, raw int8 values. Both inputs and the output share one
 * quantization (checked by prepare), so no rescaling. Shapes as tf_dims4; each input axis equals the output's or is 1.
 * No scratch. The output may alias an input of the output's shape exactly.
 */
#ifndef TF_MINIMUM_S8_H
#define TF_MINIMUM_S8_H

#include "tf_nn_broadcast.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_minimum_s8(const tf_binary_dims *dims, const int8_t *input1, const int8_t *input2, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_MINIMUM_S8_H */
