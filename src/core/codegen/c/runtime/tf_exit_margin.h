/*
 * tf_exit_margin — early-exit decision on int8 logits by the top-1 minus top-2 margin (both schemes).
 *
 * Copies the `size` logits to `output` (the exit's output tensor) and returns 1 when
 *   max(logits) - second_largest(logits) >= threshold        (raw int8 values; ties give a margin of 0)
 * else 0. Legal ranges: size >= 2; threshold in [0, 256] (256 never fires). No scratch. Counterpart of
 * ops/exit.ts `exitConfident` (rule 'margin').
 */
#ifndef TF_EXIT_MARGIN_H
#define TF_EXIT_MARGIN_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

int32_t tf_exit_margin(const int8_t *logits, int32_t size, int32_t threshold, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_EXIT_MARGIN_H */
