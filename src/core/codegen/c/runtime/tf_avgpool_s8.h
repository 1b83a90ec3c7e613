/*
 * tf_avgpool_s8 — int8 average pooling, TFLite int8 spec (counterpart: CMSIS-NN arm_avgpool_s8; also the
 * GlobalAveragePool of a tensor that keeps its quantization: an H x W window, stride 1, no padding).
 *
 *   sum = sum of x over the in-bounds cells of the window, count = their number
 *   y   = clamp((sum > 0 ? sum + count/2 : sum - count/2) / count, act.min, act.max)
 * with C's truncating division, i.e. halves round away from zero. Output quantization = input
 * quantization. Layouts and ranges: tf_pool_types.h; the window must hold < 2^23 cells. No scratch.
 * Input and output must not overlap.
 */
#ifndef TF_AVGPOOL_S8_H
#define TF_AVGPOOL_S8_H

#include "tf_pool_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_avgpool_s8(const tf_pool_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_AVGPOOL_S8_H */
