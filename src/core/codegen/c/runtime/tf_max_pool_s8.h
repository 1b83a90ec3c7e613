/*
 * tf_max_pool_s8 — int8 max pooling (counterparts: CMSIS-NN arm_max_pool_s8; for the pow2 scheme the legacy
 * arm_maxpool_q7_HWC followed by arm_relu_q7 / arm_clip_q7, which compute the same bytes).
 *
 *   y[oy, ox, c] = clamp(max of x over the in-bounds cells of the window, act.min, act.max)
 * Output quantization = input quantization. Layouts and ranges: tf_pool_types.h. No scratch.
 * Input and output must not overlap.
 */
#ifndef TF_MAX_POOL_S8_H
#define TF_MAX_POOL_S8_H

#include "tf_pool_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_max_pool_s8(const tf_pool_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_MAX_POOL_S8_H */
