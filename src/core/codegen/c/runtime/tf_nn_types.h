/*
 * TinyForge C runtime: shared types of the int8 kernels.
 *
 * Tensors are NHWC with batch 1, int8, row-major; a tensor's dims are given without the batch as
 * (h, w, c). Every kernel is portable C99: no malloc, no floating point, no global state. The only
 * implementation-defined behaviour relied on is that of every Cortex-M and host compiler in use:
 * two's-complement int32, `>>` of a negative value is an arithmetic shift, and converting an
 * out-of-range uint32_t to int32_t wraps modulo 2^32 (gcc, clang, Arm Compiler 6, IAR).
 */
#ifndef TF_NN_TYPES_H
#define TF_NN_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Dims of a batch-1 NHWC tensor: height, width, channels (a vector [1, N] is h = w = 1, c = N). */
typedef struct
{
    int32_t h;
    int32_t w;
    int32_t c;
} tf_dims;

/** A 2-D window: kernel size, stride, dilation and the top/left padding (TFLite padding rules). */
typedef struct
{
    int32_t kernel_h;
    int32_t kernel_w;
    int32_t stride_h;
    int32_t stride_w;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t pad_top;
    int32_t pad_left;
} tf_window;

/** The kernel taps [*begin, *end) whose input index start + k * dilation lies in [0, size) (dilated windows). */
static inline void tf_valid_taps(int32_t start, int32_t kernel, int32_t dilation, int32_t size, int32_t *begin, int32_t *end)
{
    int32_t b = 0;
    int32_t e = kernel;
    while (b < e && start + b * dilation < 0)
    {
        b++;
    }
    while (e > b && start + (e - 1) * dilation >= size)
    {
        e--;
    }
    *begin = b;
    *end = e;
}

/** Output clamp of a fused activation, in output int8 units: act_min <= act_max, both in [-128, 127]. */
typedef struct
{
    int32_t min;
    int32_t max;
} tf_clamp;

#ifdef __cplusplus
}
#endif

#endif /* TF_NN_TYPES_H */
