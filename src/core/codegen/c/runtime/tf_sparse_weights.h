/*
 * tf_sparse_weights — sparse int8 weights (magnitude pruning): a bitmap with one bit per weight (row-major, LSB-first:
 * weight i is bit i & 7 of byte i >> 3), set when the weight is non-zero, and the non-zero weights in row-major order.
 * nnz + ceil(N / 8) bytes for N weights. The kernels walk the set bits of a row and multiply only the non-zero weights.
 * Header only (inline helpers); tf_sparse_expand.h expands sparse weights into plain int8.
 */
#ifndef TF_SPARSE_WEIGHTS_H
#define TF_SPARSE_WEIGHTS_H

#include "tf_nn_types.h"

/** Index of the lowest set bit of a non-zero byte value. */
static inline int32_t tf_sparse_lowest(uint32_t b)
{
#if defined(__GNUC__)
    return __builtin_ctz(b);
#else
    int32_t n = 0;
    while ((b & 1u) == 0u)
    {
        b >>= 1;
        n++;
    }
    return n;
#endif
}

/*
 * Calls BODY(k, w) for every non-zero weight w of row bits [start, start + len) of `bitmap`, k counted from start, taking
 * the weights in order from *vp (advanced past them).
 */
#define TF_SPARSE_ROW(bitmap, start, len, vp, BODY)                                          \
    do                                                                                       \
    {                                                                                        \
        const int32_t s_ = (start);                                                          \
        const int32_t e_ = s_ + (len);                                                       \
        for (int32_t j_ = s_ >> 3; j_ << 3 < e_; j_++)                                       \
        {                                                                                    \
            uint32_t b_ = (bitmap)[j_];                                                      \
            const int32_t base_ = (j_ << 3) - s_;                                            \
            if (base_ < 0)                                                                   \
            {                                                                                \
                b_ &= 0xFFu << (uint32_t)(-base_);                                           \
            }                                                                                \
            if (base_ + 8 > (len))                                                           \
            {                                                                                \
                b_ &= 0xFFu >> (uint32_t)(base_ + 8 - (len));                                \
            }                                                                                \
            while (b_ != 0u)                                                                 \
            {                                                                                \
                const int32_t k_ = base_ + tf_sparse_lowest(b_);                             \
                const int32_t w_ = *(vp)++;                                                  \
                BODY(k_, w_);                                                                \
                b_ &= b_ - 1u;                                                               \
            }                                                                                \
        }                                                                                    \
    } while (0)

#endif /* TF_SPARSE_WEIGHTS_H */
