/*
 * tf_relu_s8 — standalone int8 ReLU / ReLU6 (not fused into a producer), as TFLite's reference int8
 * ReLU/ReLU6 (CMSIS-NN's arm_relu6_s8 clamps raw values and is not used):
 *   y = clamp(output_zero_point + tf_nn_requantize(x - input_zero_point, multiplier, shift), act.min, act.max)
 * act.min = max(-128, quantized 0); act.max = 127 (ReLU) or min(127, quantized 6) (ReLU6).
 * Legal ranges: zero points in [-128, 127]; multiplier in [0, 2^31); shift in [-31, 30]; size >= 0.
 * No scratch. The output may alias the input exactly.
 */
#ifndef TF_RELU_S8_H
#define TF_RELU_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t size;
    int32_t input_zero_point;
    int32_t output_zero_point;
    int32_t multiplier;
    int32_t shift;
    tf_clamp act;
} tf_relu_s8_params;

void tf_relu_s8(const tf_relu_s8_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_RELU_S8_H */
