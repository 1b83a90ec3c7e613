/* tf_fully_connected_s4 — see tf_fully_connected_s4.h for the contract. */
#include "tf_fully_connected_s4.h"

#include "tf_fully_connected_s8_pal.h"
#include "tf_s4_codebook.h"

void tf_fully_connected_s4(const tf_fc_s8_params *params,
                           const int32_t *multipliers,
                           const int32_t *shifts,
                           const int8_t *input,
                           const int8_t *packed_weights,
                           int32_t block,
                           const int32_t *bias,
                           int8_t *output,
                           int8_t *buffer)
{
    tf_fully_connected_s8_pal(params, multipliers, shifts, input, (const uint8_t *)packed_weights, TF_S4_CODEBOOK, 4, block,
                              bias, output, buffer);
}
