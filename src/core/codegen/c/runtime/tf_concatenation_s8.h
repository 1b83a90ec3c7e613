/*
 * tf_concatenation_s8 — copies one input of a concatenation along the last (channel) axis into its place in
 * the output (counterpart: CMSIS-NN arm_concatenation_s8_x, called once per input; used by both schemes).
 *
 * Layouts: input [rows, input_c] and output [rows, output_c], row-major, where rows is the product of all
 * dims but the last. Row r of the input goes to output[r * output_c + offset_c ...]. A byte copy: every
 * input carries the output's quantization.
 * Legal ranges: rows >= 1; 1 <= input_c; offset_c + input_c <= output_c. Input and output must not overlap.
 */
#ifndef TF_CONCATENATION_S8_H
#define TF_CONCATENATION_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_concatenation_s8(const int8_t *input, int32_t rows, int32_t input_c, int8_t *output, int32_t output_c,
                         int32_t offset_c);

#ifdef __cplusplus
}
#endif

#endif /* TF_CONCATENATION_S8_H */
