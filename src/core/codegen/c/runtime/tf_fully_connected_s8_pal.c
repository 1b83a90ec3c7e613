/* tf_fully_connected_s8_pal — see tf_fully_connected_s8_pal.h for the contract. */
#include "tf_fully_connected_s8_pal.h"

#include "tf_fully_connected_s8.h"
#include "tf_palette_decode.h"

void tf_fully_connected_s8_pal(const tf_fc_s8_params *params,
                               const int32_t *multipliers,
                               const int32_t *shifts,
                               const int8_t *input,
                               const uint8_t *indices,
                               const int8_t *codebook,
                               int32_t bits,
                               int32_t block,
                               const int32_t *bias,
                               int8_t *output,
                               int8_t *buffer)
{
    const int32_t k_len = params->input_length;
    tf_fc_s8_params part = *params;
    for (int32_t u = 0; u < params->units; u += block)
    {
        part.units = u + block < params->units ? block : params->units - u;
        tf_palette_decode(indices, bits, u * k_len, part.units * k_len, codebook, buffer);
        const int32_t q = params->per_channel ? u : 0;
        tf_fully_connected_s8(&part, multipliers + q, shifts + q, input, buffer, bias != NULL ? bias + u : NULL, output + u);
    }
}
