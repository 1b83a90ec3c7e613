/*
 * TinyForge WebAssembly kernels: SIMD128 helpers shared by the *_simd128 kernels (wasm build only; the C package
 * never sees these files). Integer arithmetic only, each helper equal lane by lane to its scalar twin in
 * tf_nn_fixed_point.h — so the SIMD kernels give the portable kernels' bytes by construction
 * (engine/wasm/simd-kernels.test.ts checks them against each other on random cases).
 *
 * The requantization of tf_nn_requantize(x, multiplier, shift) on four lanes:
 *   left shift        (uint32)x << max(shift, 0)           = x * 2^left, i32 multiply (wrapping alike)
 *   high multiply     SRDHM(a, m) for 0 <= m < 2^31        = floor((a*m + 2^30) / 2^31): for p = a*m >= 0 the C code
 *                     truncates (p + 2^30) / 2^31; for p < 0 it truncates (p + 1 - 2^30) / 2^31 toward zero, which is
 *                     floor((p + 1 - 2^30 + 2^31 - 1) / 2^31) = floor((p + 2^30) / 2^31) as well. Computed in i64
 *                     lanes: the high 32 bits of 2*(p + 2^30) (|p| < 2^62, so no overflow).
 *   rounding shift    RDBPOT(x, e) = floor(x / 2^e) + (rem > threshold), rem = x & (2^e - 1),
 *                     threshold = ((2^e - 1) >> 1) + (x < 0). A per-lane floor(x / 2^e) has no SIMD128 instruction;
 *                     with u = x + 2^31 (as uint32) it is floor(u / 2^e) - 2^(31-e), and floor(u / 2^e) is the high
 *                     32 bits of u * 2^(31-e) * 2 (u64 lanes; < 2^64).
 * With CMSIS_NN_USE_SINGLE_ROUNDING (tf_nn_fixed_point.h: r = (int32)((x*m) >> (30 - shift)), then (r + 1) >> 1):
 *   per channel       p = x*m in i64 lanes times f = 2^max(shift + 1, 0) (i64 multiply, modulo 2^64), h = bits 31..62
 *                     of that (the high word of 2*p*f): for shift <= -1, h = floor(x*m / 2^31) exactly; for shift >= 0,
 *                     h = (int32)((x*m) >> (30 - shift)) — the scalar r, wrap included, as those bits survive mod 2^64.
 *                     Then r = floor(h / 2^e), e = max(-1 - shift, 0), by the u = h + 2^31 trick above (nested floors
 *                     of divisions by powers of two compose, so r is the scalar r exactly), then (r + 1) >> 1;
 *   one shift         the 64-bit products in i64 lanes shifted right by 30 - shift, their low words, (r + 1) >> 1.
 */
#ifndef TFW_SIMD128_H
#define TFW_SIMD128_H

#include <stdint.h>
#include <wasm_simd128.h>

#include "tf_nn_fixed_point.h"

/** Channels whose requantization constants the per-call table holds; larger layers use the scalar path. */
#define TFW_RQ_MAX 4096

/** Per-channel requantization constants of the current kernel call (the engine is single-threaded). */
typedef struct
{
    int32_t multiplier[TFW_RQ_MAX];
    /** 2^left. */
    int32_t left[TFW_RQ_MAX];
    /** 2^(31 - right), as uint32 (2^31 for right = 0). */
    int32_t pow[TFW_RQ_MAX];
    /** 2^right - 1 and its half. */
    int32_t mask[TFW_RQ_MAX];
    int32_t half[TFW_RQ_MAX];
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
    /** 2^max(shift + 1, 0): single rounding's left shift of the 64-bit product. */
    int64_t factor[TFW_RQ_MAX];
    /** 1 when some channel has a shift >= 0 (factor > 1); else the i64 multiplies by 1 are skipped. */
    int32_t scaled;
#endif
} tfw_rq_table;

extern tfw_rq_table tfw_rq;

/**
 * Fills tfw_rq for `n` channels from `count` multipliers/shifts (1: one for all, else n). Returns 0 when n exceeds
 * TFW_RQ_MAX (the caller then requantizes with the scalar helpers).
 */
int32_t tfw_rq_prepare(const int32_t *multipliers, const int32_t *shifts, int32_t count, int32_t n);

/** floor((a * m + 2^30) / 2^31) per lane = tf_nn_saturating_rounding_doubling_high_mul for 0 <= m < 2^31. */
static inline v128_t tfw_srdhm(v128_t a, v128_t m)
{
    const v128_t nudge = wasm_i64x2_splat((int64_t)1 << 30);
    v128_t lo = wasm_i64x2_add(wasm_i64x2_extmul_low_i32x4(a, m), nudge);
    v128_t hi = wasm_i64x2_add(wasm_i64x2_extmul_high_i32x4(a, m), nudge);
    lo = wasm_i64x2_add(lo, lo);
    hi = wasm_i64x2_add(hi, hi);
    return wasm_i32x4_shuffle(lo, hi, 1, 3, 5, 7);
}

/** tf_nn_rounding_divide_by_pot per lane, exponent e per lane given as pow = 2^(31-e), mask = 2^e - 1, half = mask >> 1. */
static inline v128_t tfw_rdbpot(v128_t x, v128_t pow, v128_t mask, v128_t half)
{
    const v128_t u = wasm_v128_xor(x, wasm_i32x4_splat(INT32_MIN));
    v128_t lo = wasm_u64x2_extmul_low_u32x4(u, pow);
    v128_t hi = wasm_u64x2_extmul_high_u32x4(u, pow);
    lo = wasm_i64x2_add(lo, lo);
    hi = wasm_i64x2_add(hi, hi);
    const v128_t floor = wasm_i32x4_sub(wasm_i32x4_shuffle(lo, hi, 1, 3, 5, 7), pow);
    const v128_t threshold = wasm_i32x4_sub(half, wasm_i32x4_lt(x, wasm_i32x4_splat(0)));
    return wasm_i32x4_sub(floor, wasm_i32x4_gt(wasm_v128_and(x, mask), threshold));
}

#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
/** floor(a * m / 2^31) per lane (no rounding): the high word of 2 * a * m, exact in i64 lanes (|2am| < 2^63). */
static inline v128_t tfw_high_floor(v128_t a, v128_t m)
{
    v128_t lo = wasm_i64x2_extmul_low_i32x4(a, m);
    v128_t hi = wasm_i64x2_extmul_high_i32x4(a, m);
    lo = wasm_i64x2_add(lo, lo);
    hi = wasm_i64x2_add(hi, hi);
    return wasm_i32x4_shuffle(lo, hi, 1, 3, 5, 7);
}

/** Bits 31..62 of a * m * f per lane (i64 products modulo 2^64): the high word of 2 * a * m * f. */
static inline v128_t tfw_high_scaled(v128_t a, v128_t m, v128_t f_lo, v128_t f_hi)
{
    v128_t lo = wasm_i64x2_mul(wasm_i64x2_extmul_low_i32x4(a, m), f_lo);
    v128_t hi = wasm_i64x2_mul(wasm_i64x2_extmul_high_i32x4(a, m), f_hi);
    lo = wasm_i64x2_add(lo, lo);
    hi = wasm_i64x2_add(hi, hi);
    return wasm_i32x4_shuffle(lo, hi, 1, 3, 5, 7);
}

/** floor(x / 2^e) per lane, e in [0, 31] given as pow = 2^(31-e) (as uint32). */
static inline v128_t tfw_floor_pot(v128_t x, v128_t pow)
{
    const v128_t u = wasm_v128_xor(x, wasm_i32x4_splat(INT32_MIN));
    v128_t lo = wasm_u64x2_extmul_low_u32x4(u, pow);
    v128_t hi = wasm_u64x2_extmul_high_u32x4(u, pow);
    lo = wasm_i64x2_add(lo, lo);
    hi = wasm_i64x2_add(hi, hi);
    return wasm_i32x4_sub(wasm_i32x4_shuffle(lo, hi, 1, 3, 5, 7), pow);
}

/** tf_nn_requantize (single rounding) of four channels o..o+3 with the constants tfw_rq_prepare stored. */
static inline v128_t tfw_requantize_x4(v128_t acc, int32_t o)
{
    const v128_t m = wasm_v128_load(&tfw_rq.multiplier[o]);
    const v128_t h = tfw_rq.scaled ? tfw_high_scaled(acc, m, wasm_v128_load(&tfw_rq.factor[o]), wasm_v128_load(&tfw_rq.factor[o + 2]))
                                   : tfw_high_floor(acc, m);
    const v128_t r = tfw_floor_pot(h, wasm_v128_load(&tfw_rq.pow[o]));
    return wasm_i32x4_shr(wasm_i32x4_add(r, wasm_i32x4_splat(1)), 1);
}

/** tf_nn_requantize (single rounding) with one multiplier and shift for every lane. */
static inline v128_t tfw_requantize_uniform(v128_t x, int32_t multiplier, int32_t shift)
{
    const v128_t m = wasm_i32x4_splat(multiplier);
    const v128_t lo = wasm_i64x2_shr(wasm_i64x2_extmul_low_i32x4(x, m), (uint32_t)(30 - shift));
    const v128_t hi = wasm_i64x2_shr(wasm_i64x2_extmul_high_i32x4(x, m), (uint32_t)(30 - shift));
    const v128_t r = wasm_i32x4_shuffle(lo, hi, 0, 2, 4, 6);
    return wasm_i32x4_shr(wasm_i32x4_add(r, wasm_i32x4_splat(1)), 1);
}
#else
/** tf_nn_requantize of four channels o..o+3 with the constants tfw_rq_prepare stored. */
static inline v128_t tfw_requantize_x4(v128_t acc, int32_t o)
{
    const v128_t shifted = wasm_i32x4_mul(acc, wasm_v128_load(&tfw_rq.left[o]));
    const v128_t high = tfw_srdhm(shifted, wasm_v128_load(&tfw_rq.multiplier[o]));
    return tfw_rdbpot(high, wasm_v128_load(&tfw_rq.pow[o]), wasm_v128_load(&tfw_rq.mask[o]), wasm_v128_load(&tfw_rq.half[o]));
}

/** tf_nn_rounding_divide_by_pot with one exponent for every lane (0..31). */
static inline v128_t tfw_rdbpot_uniform(v128_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)((((int64_t)1) << exponent) - 1);
    const v128_t threshold = wasm_i32x4_sub(wasm_i32x4_splat(mask >> 1), wasm_i32x4_lt(x, wasm_i32x4_splat(0)));
    const v128_t rem = wasm_v128_and(x, wasm_i32x4_splat(mask));
    return wasm_i32x4_sub(wasm_i32x4_shr(x, (uint32_t)exponent), wasm_i32x4_gt(rem, threshold));
}

/** tf_nn_requantize with one multiplier and shift for every lane. */
static inline v128_t tfw_requantize_uniform(v128_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const v128_t high = tfw_srdhm(wasm_i32x4_shl(x, (uint32_t)left), wasm_i32x4_splat(multiplier));
    return tfw_rdbpot_uniform(high, right);
}
#endif

/** tf_nn_rounding_right_shift per lane (q7 requantization): (acc + 2^(shift-1)) >> shift, wrapping add. */
static inline v128_t tfw_rounding_right_shift(v128_t acc, int32_t shift)
{
    if (shift == 0)
    {
        return acc;
    }
    return wasm_i32x4_shr(wasm_i32x4_add(acc, wasm_i32x4_splat((int32_t)((uint32_t)1 << (shift - 1)))), (uint32_t)shift);
}

/** [sum(a), sum(b), sum(c), sum(d)]: the horizontal sums of four accumulators. */
static inline v128_t tfw_hsum4(v128_t a, v128_t b, v128_t c, v128_t d)
{
    const v128_t ab = wasm_i32x4_add(wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), wasm_i32x4_shuffle(a, b, 2, 6, 3, 7));
    const v128_t cd = wasm_i32x4_add(wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), wasm_i32x4_shuffle(c, d, 2, 6, 3, 7));
    return wasm_i32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 1, 4, 5), wasm_i32x4_shuffle(ab, cd, 2, 3, 6, 7));
}

/** Four int32 lanes, already within [-128, 127], stored as four int8. */
static inline void tfw_store_x4(int8_t *out, v128_t y)
{
    const v128_t h = wasm_i16x8_narrow_i32x4(y, y);
    wasm_v128_store32_lane(out, wasm_i8x16_narrow_i16x8(h, h), 0);
}

/** Eight int32 lanes (two vectors), already within [-128, 127], stored as eight int8. */
static inline void tfw_store_x8(int8_t *out, v128_t a, v128_t b)
{
    const v128_t h = wasm_i16x8_narrow_i32x4(a, b);
    wasm_v128_store64_lane(out, wasm_i8x16_narrow_i16x8(h, h), 0);
}

/** Clamp to [lo, hi] per lane. */
static inline v128_t tfw_clamp(v128_t x, v128_t lo, v128_t hi)
{
    return wasm_i32x4_min(wasm_i32x4_max(x, lo), hi);
}

#endif /* TFW_SIMD128_H */
