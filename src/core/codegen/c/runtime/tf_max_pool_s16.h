/*
 * tf_max_pool_s16 — max pooling of TFLite's 16x8 scheme on int16 tensors (counterpart: CMSIS-NN arm_max_pool_s16,
 * v7.0.0). Parameters and window rules: tf_pool_types.h (act within [-32768, 32767]). Per channel, the maximum of the
 * window's in-bounds cells, then clamp(act.min, act.max). No scratch. Input and output must not overlap.
 */
#ifndef TF_MAX_POOL_S16_H
#define TF_MAX_POOL_S16_H

#include "tf_pool_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_max_pool_s16(const tf_pool_params *params, const int16_t *input, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_MAX_POOL_S16_H */
