/*
 * tf_preprocess_s8 — integer input preprocessing of an Input node, s8 scheme (the twin of preprocessRaw in
 * src/core/ops/input.ts for whole-number raw values, e.g. uint8 pixels or int16 audio):
 *   q = clamp(zero_point + tf_nn_requantize(raw[i] - mean[c], multiplier, shift), -128, 127)
 * where c = i mod channels (mean has 1 entry or `channels` entries) and multiplier * 2^(shift - 31)
 * approximates input_scale / tensor_scale.
 * Legal ranges: |raw - mean| < 2^31; zero_point in [-128, 127]; shift in [-31, 30].
 */
#ifndef TF_PREPROCESS_S8_H
#define TF_PREPROCESS_S8_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t size;
    int32_t channels;
    /** Number of entries of `mean`: 1 or channels. */
    int32_t mean_count;
    const int32_t *mean;
    int32_t multiplier;
    int32_t shift;
    int32_t zero_point;
} tf_preprocess_s8_params;

void tf_preprocess_s8(const tf_preprocess_s8_params *params, const int32_t *raw, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_PREPROCESS_S8_H */
