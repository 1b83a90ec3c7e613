/*
 * TinyForge C runtime: fixed-point helpers of the int8 kernels, each named after its twin in
 * src/core/quant/fixed-point.ts (TFLite's gemmlowp-style rounding, which CMSIS-NN reproduces):
 *
 *   tf_nn_saturating_rounding_doubling_high_mul  = saturatingRoundingDoublingHighMul
 *   tf_nn_rounding_divide_by_pot                 = roundingDivideByPOT
 *   tf_nn_requantize                             = multiplyByQuantizedMultiplier (s8 requantization)
 *   tf_nn_rounding_right_shift                   = the legacy q7 NN_ROUND shift (requantizePow2)
 *
 * Requantization rounding: CMSIS_NN_USE_SINGLE_ROUNDING (CMSIS-NN's own macro; the C package defines it when the
 * project chose single rounding) makes tf_nn_requantize round once, as CMSIS-NN's arm_nn_requantize does under it
 * (multiplyByQuantizedMultiplier with rounding 'single'); without it, TFLite's reference double rounding. Every s8
 * kernel requantizes through tf_nn_requantize, so the macro switches them all; the q7 shifts and the softmax's
 * fixed-point exp/reciprocal do not change.
 *
 * Exact 64-bit integer math, no floating point. Assumptions: see tf_nn_types.h.
 */
#ifndef TF_NN_FIXED_POINT_H
#define TF_NN_FIXED_POINT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * (a * b) / 2^31 rounded to nearest: the 64-bit product plus a nudge of 2^30 (non-negative product) or
 * 1 - 2^30 (negative product), divided by 2^31 truncating toward zero (C99 division). The only overflow,
 * a = b = INT32_MIN, saturates to INT32_MAX.
 */
static inline int32_t tf_nn_saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN)
    {
        return INT32_MAX;
    }
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/** x / 2^exponent rounded half away from zero; exponent in [0, 31]. */
static inline int32_t tf_nn_rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * x * multiplier * 2^(shift - 31) with TFLite's double rounding: a positive shift multiplies x by 2^shift
 * first (int32, wrapping), a negative one is a rounding right shift after the high multiply.
 * multiplier in [0, 2^31); shift in [-31, 30].
 *
 * The high multiply is tf_nn_saturating_rounding_doubling_high_mul in one step: the multiplier is never INT32_MIN,
 * so nothing saturates, and for a 64-bit product p, (p + nudge) / 2^31 truncated toward zero equals
 * floor((p + 2^30) / 2^31) for both nudges (p >= 0: 2^30, no truncation difference; p < 0: (p + 1 - 2^30) / 2^31
 * truncated = floor((p + 1 - 2^30 + 2^31 - 1) / 2^31)). That is one multiply-accumulate and a shift on Cortex-M.
 */
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
/**
 * x * multiplier * 2^(shift - 31) with one rounding (CMSIS_NN_USE_SINGLE_ROUNDING, CMSIS-NN v7.0.0's arm_nn_requantize):
 * r = (int32)((x * multiplier) >> (30 - shift)), then (r + 1) >> 1, i.e. floor((x * M + 2^(30 - shift)) / 2^(31 - shift))
 * with ties toward +infinity. The int32 cast and the + 1 wrap as on two's-complement targets (only for products far
 * beyond any accumulator). multiplier in [0, 2^31); shift in [-31, 30].
 */
static inline int32_t tf_nn_requantize(int32_t x, int32_t multiplier, int32_t shift)
{
    const int64_t product = (int64_t)x * multiplier;
    const int32_t result = (int32_t)(uint32_t)(uint64_t)(product >> (30 - shift));
    return (int32_t)((uint32_t)result + 1u) >> 1;
}
#else
static inline int32_t tf_nn_requantize(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = left - shift;
    const int64_t product = (int64_t)(int32_t)((uint32_t)x << left) * multiplier;
    const int32_t high = (int32_t)((product + ((int64_t)1 << 30)) >> 31);
    return tf_nn_rounding_divide_by_pot(high, right);
}
#endif

/** Legacy q7 requantization: (acc + 2^(shift-1)) >> shift, the add wrapping as int32; shift in [0, 31]. */
static inline int32_t tf_nn_rounding_right_shift(int32_t acc, int32_t shift)
{
    if (shift == 0)
    {
        return acc;
    }
    return (int32_t)((uint32_t)acc + ((uint32_t)1 << (shift - 1))) >> shift;
}

/** x << shift in int32 arithmetic (wrapping), for the q7 bias shift; shift in [0, 31]. */
static inline int32_t tf_nn_shift_left(int32_t x, int32_t shift)
{
    return (int32_t)((uint32_t)x << shift);
}

/** Clamp to [lo, hi]. */
static inline int32_t tf_nn_clamp(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/** Saturate to int8 [-128, 127]. */
static inline int32_t tf_nn_sat_q7(int32_t x)
{
    return tf_nn_clamp(x, -128, 127);
}

#ifdef __cplusplus
}
#endif

#endif /* TF_NN_FIXED_POINT_H */
