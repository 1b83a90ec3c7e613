/* tf_depthwise_conv_s8_sparse — see tf_depthwise_conv_s8_sparse.h for the contract. */
#include "tf_depthwise_conv_s8_sparse.h"

#include "tf_depthwise_conv_s8.h"
#include "tf_sparse_expand.h"

void tf_depthwise_conv_s8_sparse(const tf_conv_s8_params *params,
                                 const int32_t *multipliers,
                                 const int32_t *shifts,
                                 const int8_t *input,
                                 const uint8_t *bitmap,
                                 const int8_t *values,
                                 const int32_t *bias,
                                 int8_t *output,
                                 int8_t *buffer)
{
    tf_sparse_expand(bitmap, values, 0, params->window.kernel_h * params->window.kernel_w * params->output.c, buffer);
    tf_depthwise_conv_s8(params, multipliers, shifts, input, buffer, bias, output);
}
