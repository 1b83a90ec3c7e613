/*
 * tf_avgpool_q7 — power-of-two (Q-format) int8 average pooling with the rounding of the legacy CMSIS-NN
 * arm_avepool_q7_HWC on DSP cores (Cortex-M4/M7/M33): each input row's in-bounds window cells are
 * averaged first (C division, truncating toward zero), then those row averages over the in-bounds rows
 * (truncating again); then the activation clamp. Also GlobalAveragePool (an H x W window) in pow2.
 *
 *   r[iy] = (sum_{ix in window} x[iy, ix, c]) / count_x          y = clamp((sum_{iy} r[iy]) / count_y)
 * Unlike the legacy kernel this one never writes its input. Layouts and ranges: tf_pool_types.h.
 * No scratch. Input and output must not overlap.
 */
#ifndef TF_AVGPOOL_Q7_H
#define TF_AVGPOOL_Q7_H

#include "tf_pool_types.h"

#ifdef __cplusplus
extern "C" {
#endif

void tf_avgpool_q7(const tf_pool_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_AVGPOOL_Q7_H */
