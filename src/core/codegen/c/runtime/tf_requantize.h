/*
 * tf_requantize — TFLite QUANTIZE with an integer input (reference_ops::Requantize, which TFLite Micro runs beside
 * CMSIS-NN: CMSIS-NN has no such kernel): converts between int8 and int16 activations.
 *   y = clamp(tf_nn_requantize(x - input_zero_point, multiplier, shift) + output_zero_point, out_min, out_max)
 * with out_min/max the output type's limits; input_type / output_type: 0 int8, 1 int16.
 * Legal ranges: int8 zero points in [-128, 127], int16 zero points 0. No scratch.
 */
#ifndef TF_REQUANTIZE_H
#define TF_REQUANTIZE_H

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
    /** Element types: 0 int8, 1 int16. */
    int32_t input_type;
    int32_t output_type;
} tf_requantize_params;

void tf_requantize(const tf_requantize_params *params, const void *input, void *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_REQUANTIZE_H */
