/*
 * tf_avgpool_s16 — average pooling of TFLite's 16x8 scheme on int16 tensors (counterpart: CMSIS-NN arm_avgpool_s16,
 * v7.0.0). Parameters and window rules: tf_pool_types.h (act within [-32768, 32767]). Per channel, the sum of the
 * window's in-bounds cells (int32: at most 65536 cells), then (sum > 0 ? sum + count/2 : sum - count/2) / count with C's
 * truncating division (halves away from zero), clamp(act.min, act.max). No scratch. Input and output must not overlap.
 */
#ifndef TF_AVGPOOL_S16_H
#define TF_AVGPOOL_S16_H

#include "tf_pool_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_avgpool_s16(const tf_pool_params *params, const int16_t *input, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_AVGPOOL_S16_H */
