/*
 * tf_activation_s16 — see tf_activation_s16.h for the contract.
 */
#include "tf_activation_s16.h"

#include "tf_nn_activation_s16.h"

void tf_activation_s16(const tf_activation_s16_params *params, const int16_t *input, int16_t *output)
{
    const int64_t round = params->input_shift > 0 ? ((int64_t)1 << (params->input_shift - 1)) : 0;
    const tf_nn_activation_type type = params->type == 1 ? TF_NN_TANH : TF_NN_SIGMOID;
    for (int32_t i = 0; i < params->size; i++)
    {
        /* |x * multiplier| < 2^31 for multiplier <= 65535; the sum is formed in 64 bits and floored by the shift. */
        const int64_t scaled = (int64_t)input[i] * params->input_multiplier + round;
        const int32_t index = (int32_t)(scaled >> params->input_shift);
        output[i] = tf_nn_activation_s16_lookup(index, type);
    }
}
