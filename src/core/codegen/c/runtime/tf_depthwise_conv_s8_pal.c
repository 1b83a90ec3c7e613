/* tf_depthwise_conv_s8_pal — see tf_depthwise_conv_s8_pal.h for the contract. */
#include "tf_depthwise_conv_s8_pal.h"

#include "tf_depthwise_conv_s8.h"
#include "tf_palette_decode.h"

void tf_depthwise_conv_s8_pal(const tf_conv_s8_params *params,
                              const int32_t *multipliers,
                              const int32_t *shifts,
                              const int8_t *input,
                              const uint8_t *indices,
                              const int8_t *codebook,
                              int32_t bits,
                              const int32_t *bias,
                              int8_t *output,
                              int8_t *buffer)
{
    const int32_t n = params->window.kernel_h * params->window.kernel_w * params->output.c;
    tf_palette_decode(indices, bits, 0, n, codebook, buffer);
    tf_depthwise_conv_s8(params, multipliers, shifts, input, buffer, bias, output);
}
