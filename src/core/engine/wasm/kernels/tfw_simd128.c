/* TinyForge WebAssembly kernels: the per-call requantization table (see tfw_simd128.h). */
#include "tfw_simd128.h"

tfw_rq_table tfw_rq;

int32_t tfw_rq_prepare(const int32_t *multipliers, const int32_t *shifts, int32_t count, int32_t n)
{
    if (n > TFW_RQ_MAX)
    {
        return 0;
    }
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
    tfw_rq.scaled = 0;
#endif
    for (int32_t o = 0; o < n; o++)
    {
        const int32_t q = count == 1 ? 0 : o;
        const int32_t shift = shifts[q];
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
        /* tfw_simd128.h: p * 2^max(shift + 1, 0), then a floor division by 2^e, e = max(-1 - shift, 0). */
        tfw_rq.multiplier[o] = multipliers[q];
        tfw_rq.factor[o] = shift >= 0 ? (int64_t)1 << (shift + 1) : 1;
        tfw_rq.scaled |= shift >= 0;
        tfw_rq.pow[o] = (int32_t)((uint32_t)1 << (shift >= 0 ? 31 : 32 + shift)); /* 2^(31 - e) */
#else
        const int32_t left = shift > 0 ? shift : 0;
        const int32_t right = shift > 0 ? 0 : -shift;
        tfw_rq.multiplier[o] = multipliers[q];
        tfw_rq.left[o] = (int32_t)((uint32_t)1 << left);
        tfw_rq.pow[o] = (int32_t)((uint32_t)1 << (31 - right));
        tfw_rq.mask[o] = (int32_t)((((int64_t)1) << right) - 1);
        tfw_rq.half[o] = tfw_rq.mask[o] >> 1;
#endif
    }
    return 1;
}
