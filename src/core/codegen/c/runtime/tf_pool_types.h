/*
 * Parameters shared by the pooling kernels (tf_max_pool_s8, tf_avgpool_s8, tf_avgpool_q7).
 *
 * Layouts: input NHWC [1, H, W, C]; output NHWC [1, OH, OW, C] with the same channel count. The window of
 * output (oy, ox) covers input rows [oy*stride_h - pad_top, +kernel_h) and the matching columns, clipped to
 * the input: padding cells never take part (TFLite). window.dilation_h/w must be 1.
 * Legal ranges: kernel, stride >= 1; pad_top < kernel_h and pad_left < kernel_w, so that every window
 * holds at least one input cell; act.min <= act.max in [-128, 127].
 */
#ifndef TF_POOL_TYPES_H
#define TF_POOL_TYPES_H

#include "tf_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    tf_dims input;
    tf_dims output;
    tf_window window;
    tf_clamp act;
} tf_pool_params;

/** The clipped window rows [*y0, *y1) (or columns) of output index `o` along one axis. */
static inline void tf_pool_span(int32_t o, int32_t stride, int32_t pad, int32_t kernel, int32_t size,
                                int32_t *begin, int32_t *end)
{
    const int32_t start = o * stride - pad;
    *begin = start < 0 ? 0 : start;
    *end = start + kernel > size ? size : start + kernel;
}

#ifdef __cplusplus
}
#endif

#endif /* TF_POOL_TYPES_H */
