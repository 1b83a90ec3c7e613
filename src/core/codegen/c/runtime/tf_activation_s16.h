/*
 * tf_activation_s16 — element-wise int16 sigmoid / tanh of TFLite's 16x8 scheme (TFLite int16 LOGISTIC / TANH with
 * any input scale; counterpart for power-of-two input scales: CMSIS-NN arm_nn_activation_s16, v7.0.0).
 *
 *   index = (x * input_multiplier + round) >> input_shift,  round = input_shift > 0 ? 2^(input_shift - 1) : 0
 *   y     = tf_nn_activation_s16_lookup(index, type)        (tf_nn_activation_s16.h: the 256-entry table, Q0.15 out)
 * Legal ranges: input_multiplier in [1, 65535]; input_shift in [0, 31]; output scale 2^-15, zero point 0.
 * Input and output may be the same buffer. No scratch.
 */
#ifndef TF_ACTIVATION_S16_H
#define TF_ACTIVATION_S16_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t size;
    int32_t input_multiplier;
    int32_t input_shift;
    /** 0: sigmoid, 1: tanh (tf_nn_activation_type). */
    int32_t type;
} tf_activation_s16_params;

void tf_activation_s16(const tf_activation_s16_params *params, const int16_t *input, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_ACTIVATION_S16_H */
