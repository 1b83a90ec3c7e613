/*
 * tf_exit_probability — early-exit decision by the largest int8 softmax output (both schemes).
 *
 * Called right after the scheme's softmax kernel wrote the row's probabilities into `output` (tf_softmax_s8 with
 * beta 1: scale 1/256, zero point -128; tf_softmax_q7: Q0.7). Takes p = (max(output) + offset) * multiplier, the
 * largest probability in 1/256 units (s8: offset 128, multiplier 1, p <= 255; q7: offset 0, multiplier 2,
 * p <= 254), then copies the `size` logits to `output` (the exit's output tensor) and returns 1 when
 * p >= threshold, else 0. Legal ranges: size >= 2; threshold in [0, 256] (256 never fires). No scratch; `output`
 * must not overlap `logits`. Counterpart of ops/exit.ts `exitConfident` (rule 'softmax').
 */
#ifndef TF_EXIT_PROBABILITY_H
#define TF_EXIT_PROBABILITY_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

int32_t tf_exit_probability(const int8_t *logits, int32_t size, int32_t offset, int32_t multiplier, int32_t threshold,
                            int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* TF_EXIT_PROBABILITY_H */
