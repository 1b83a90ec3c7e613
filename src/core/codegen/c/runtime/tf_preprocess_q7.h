/*
 * tf_preprocess_q7 — integer input preprocessing of an Input node, pow2 scheme (the twin of preprocessRaw in
 * src/core/ops/input.ts for whole-number raw values): with e = left_shift = out_frac + log2(input scale),
 *   q = sat_q7(e >= 0 ? (raw[i] - mean[c]) * 2^e : ((raw[i] - mean[c]) + 2^(-e-1)) >> -e)
 * (the right shift rounds half up, NN_ROUND; its add wraps as int32), c = i mod channels.
 * Legal ranges: |raw - mean| < 2^31; left_shift in [-31, 31]. No scratch.
 */
#ifndef TF_PREPROCESS_Q7_H
#define TF_PREPROCESS_Q7_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    int32_t size;
    int32_t channels;
    int32_t mean_count;
    const int32_t *mean;
    int32_t left_shift;
} tf_preprocess_q7_params;

void tf_preprocess_q7(const tf_preprocess_q7_params *params, const int32_t *raw, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_PREPROCESS_Q7_H */
