/*
 * tf_softmax_s8 — see tf_softmax_s8.h for the contract. The helpers follow src/core/quant/softmax-int8.ts
 * step by step (gemmlowp's exp_on_negative_values and one_over_one_plus_x_for_x_in_0_1).
 */
#include "tf_softmax_s8.h"

#include "tf_nn_fixed_point.h"

#define ACCUM_BITS 12

/* Saturating val * 2^exp, 0 < exp < 31. */
static int32_t mul_pow2_sat(int32_t val, int32_t exp)
{
    const int32_t thresh = (int32_t)(((uint32_t)1 << (31 - exp)) - 1);
    if (val > thresh)
    {
        return INT32_MAX;
    }
    if (val < -thresh)
    {
        return INT32_MIN;
    }
    return val * ((int32_t)1 << exp);
}

static int32_t wrap_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static int32_t wrap_sub(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a - (uint32_t)b);
}

/* exp(a) of a Q5.26 value a <= 0, as Q0.31. */
static int32_t exp_on_negative_values(int32_t val)
{
    static const int32_t factors[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    const int32_t mod_minus_quarter = wrap_sub(val & ((1 << 24) - 1), 1 << 24);
    const int32_t remainder = wrap_sub(mod_minus_quarter, val);
    const int32_t x = wrap_add((int32_t)((uint32_t)mod_minus_quarter << 5), 1 << 28);
    const int32_t x2 = tf_nn_saturating_rounding_doubling_high_mul(x, x);
    const int32_t inner = wrap_add(tf_nn_rounding_divide_by_pot(tf_nn_saturating_rounding_doubling_high_mul(x2, x2), 2),
                                   tf_nn_saturating_rounding_doubling_high_mul(x2, x));
    const int32_t poly = wrap_add(
        x,
        tf_nn_rounding_divide_by_pot(wrap_add(tf_nn_saturating_rounding_doubling_high_mul(inner, 715827883), x2), 1));
    int32_t result = wrap_add(1895147668, tf_nn_saturating_rounding_doubling_high_mul(1895147668, poly));
    for (int32_t i = 0; i < 7; i++)
    {
        if ((remainder & ((int32_t)1 << (24 + i))) != 0)
        {
            result = tf_nn_saturating_rounding_doubling_high_mul(result, factors[i]);
        }
    }
    return val == 0 ? INT32_MAX : result;
}

/* 1 / (1 + x) of a Q0.31 x in [0, 1), as Q0.31 (three Newton-Raphson steps). */
static int32_t one_over_one_plus_x(int32_t val)
{
    const int64_t sum = (int64_t)val + INT32_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = wrap_add(1515870810, tf_nn_saturating_rounding_doubling_high_mul(half_denominator, -1010580540));
    const int32_t one = (int32_t)1 << 29;
    for (int32_t i = 0; i < 3; i++)
    {
        const int32_t err = wrap_sub(one, tf_nn_saturating_rounding_doubling_high_mul(half_denominator, x));
        x = wrap_add(x, mul_pow2_sat(tf_nn_saturating_rounding_doubling_high_mul(x, err), 2));
    }
    return mul_pow2_sat(x, 1);
}

static int32_t count_leading_zeros(uint32_t v)
{
#if defined(__GNUC__) || defined(__clang__)
    return v == 0 ? 32 : __builtin_clz(v);
#else
    int32_t n = 0;
    if (v == 0)
    {
        return 32;
    }
    while ((v & 0x80000000u) == 0)
    {
        v <<= 1;
        n++;
    }
    return n;
#endif
}

void tf_softmax_s8(const tf_softmax_s8_params *params, const int8_t *input, int8_t *output)
{
    const int32_t size = params->row_size;
    for (int32_t r = 0; r < params->rows; r++)
    {
        const int8_t *x = input + r * size;
        int8_t *y = output + r * size;
        int32_t max = x[0];
        for (int32_t c = 1; c < size; c++)
        {
            max = x[c] > max ? x[c] : max;
        }
        int32_t sum = 0;
        for (int32_t c = 0; c < size; c++)
        {
            const int32_t diff = x[c] - max;
            if (diff >= params->diff_min)
            {
                const int32_t scaled = tf_nn_saturating_rounding_doubling_high_mul(diff * ((int32_t)1 << params->shift),
                                                                                   params->multiplier);
                sum = wrap_add(sum, tf_nn_rounding_divide_by_pot(exp_on_negative_values(scaled), ACCUM_BITS));
            }
        }
        const int32_t headroom = count_leading_zeros((uint32_t)sum);
        const int32_t normalised = (int32_t)(((uint32_t)sum << headroom) - 0x80000000u);
        const int32_t shifted_scale = one_over_one_plus_x(normalised);
        int32_t bits_over_unit = ACCUM_BITS - headroom + 23;
        bits_over_unit = bits_over_unit > 31 ? 31 : bits_over_unit;
        for (int32_t c = 0; c < size; c++)
        {
            const int32_t diff = x[c] - max;
            if (diff >= params->diff_min)
            {
                const int32_t scaled = tf_nn_saturating_rounding_doubling_high_mul(diff * ((int32_t)1 << params->shift),
                                                                                   params->multiplier);
                const int32_t exp = exp_on_negative_values(scaled);
                const int32_t res = tf_nn_rounding_divide_by_pot(
                                        tf_nn_saturating_rounding_doubling_high_mul(shifted_scale, exp), bits_over_unit) -
                                    128;
                y[c] = (int8_t)tf_nn_sat_q7(res);
            }
            else
            {
                y[c] = -128;
            }
        }
    }
}
