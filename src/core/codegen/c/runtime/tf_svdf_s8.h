/*
 * tf_svdf_s8 — int8 SVDF with an int16 state, one frame per call (counterpart: CMSIS-NN arm_svdf_state_s16_s8 = TFLite
 * Micro's integer SVDF). filters = units * rank; state [filters, memory] int16, kept between calls:
 *
 *   state[f, 0 .. M-2] <- state[f, 1 .. M-1]
 *   state[f, M-1] = clamp(tf_nn_requantize(sum_c weights_feature[f, c] * (x[c] + input_offset),
 *                                          feature_multiplier, feature_shift), -32768, 32767)
 *   acc[u] = bias[u] + sum_{r < rank} sum_j state[u*rank + r, j] * weights_time[u*rank + r, j]   (32-bit, wrapping)
 *   y[u]   = clamp(tf_nn_requantize(acc[u], output_multiplier, output_shift) + output_offset, -128, 127)
 *
 * Layouts: x [input_size]; weights_feature [filters, input_size] int8; weights_time [filters, memory] int16; bias
 * [units] int32 or NULL; y [units]. Legal ranges: input_offset in [-127, 128], output_offset in [-128, 127]. No scratch.
 * tf_svdf_s8_reset zeroes the state (real 0), state_size = units·rank·memory values (it needs no params, so the
 * CMSIS-NN build can call it too). The output must not overlap the input or the state.
 */
#ifndef TF_SVDF_S8_H
#define TF_SVDF_S8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t input_size;
    int32_t units;
    int32_t rank;
    int32_t memory;
    int32_t input_offset;
    int32_t output_offset;
    int32_t feature_multiplier;
    int32_t feature_shift;
    int32_t output_multiplier;
    int32_t output_shift;
} tf_svdf_s8_params;

void tf_svdf_s8(const tf_svdf_s8_params *params, const int8_t *input, const int8_t *weights_feature, const int16_t *weights_time,
                const int32_t *bias, int16_t *state, int8_t *output);

void tf_svdf_s8_reset(int32_t state_size, int16_t *state);

#ifdef __cplusplus
}
#endif

#endif /* TF_SVDF_S8_H */
