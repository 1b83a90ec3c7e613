/*
 * TinyForge C runtime: 4-D dims and broadcasting of the binary element-wise kernels (tf_mul_s8, tf_maximum_s8,
 * tf_minimum_s8). A tensor of rank <= 4 is seen as [n, h, w, c] with leading 1s (as CMSIS-NN's cmsis_nn_dims); an
 * input axis of size 1 against a larger output axis is read with stride 0 (numpy / TFLite broadcasting).
 */
#ifndef TF_NN_BROADCAST_H
#define TF_NN_BROADCAST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Dims of a tensor of rank <= 4, leading axes 1. */
typedef struct
{
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} tf_dims4;

/** The dims of a binary element-wise kernel's operands and output. */
typedef struct
{
    tf_dims4 input1;
    tf_dims4 input2;
    tf_dims4 output;
} tf_binary_dims;

/** Element strides of `in` [n, h, w, c] read at the indices of `out`: 0 on broadcast axes. */
static inline void tf_broadcast_strides(const tf_dims4 *in, const tf_dims4 *out, int32_t strides[4])
{
    strides[3] = (in->c == 1 && out->c != 1) ? 0 : 1;
    strides[2] = (in->w == 1 && out->w != 1) ? 0 : in->c;
    strides[1] = (in->h == 1 && out->h != 1) ? 0 : in->w * in->c;
    strides[0] = (in->n == 1 && out->n != 1) ? 0 : in->h * in->w * in->c;
}

#ifdef __cplusplus
}
#endif

#endif /* TF_NN_BROADCAST_H */
