/*
 * tf_mean_s8 — int8 mean over H and W with requantization (GlobalAveragePool whose output has its own
 * quantization), as TFLite's reference integer MEAN (CMSIS-NN has no counterpart; TFLite Micro runs the
 * reference kernel next to CMSIS-NN).
 *
 * Layouts: input NHWC [1, H, W, C]; output [1, 1, 1, C].
 *   y[c] = clamp(tf_nn_requantize(sum_{y,x} x[y, x, c] + input_offset * H * W, multiplier, shift)
 *                + output_offset, -128, 127)
 * where multiplier/shift fold in_scale / out_scale with 1 / (H * W) (frozen by the generator).
 * Legal ranges: input_offset in [-127, 128]; output_offset in [-128, 127]; H * W < 2^23;
 * shift in [-31, 30]. No scratch.
 */
#ifndef TF_MEAN_S8_H
#define TF_MEAN_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    tf_dims input;
    int32_t input_offset;
    int32_t output_offset;
    int32_t multiplier;
    int32_t shift;
} tf_mean_s8_params;

void tf_mean_s8(const tf_mean_s8_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_MEAN_S8_H */
