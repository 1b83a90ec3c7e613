/* tf_svdf_s8 — see tf_svdf_s8.h for the contract. */
#include "tf_svdf_s8.h"

#include "tf_nn_fixed_point.h"

void tf_svdf_s8(const tf_svdf_s8_params *params, const int8_t *input, const int8_t *weights_feature, const int16_t *weights_time,
                const int32_t *bias, int16_t *state, int8_t *output)
{
    const int32_t memory = params->memory;
    const int32_t filters = params->units * params->rank;
    for (int32_t f = 0; f < filters; f++)
    {
        int16_t *row = state + f * memory;
        for (int32_t j = 0; j + 1 < memory; j++)
        {
            row[j] = row[j + 1];
        }
        const int8_t *w = weights_feature + f * params->input_size;
        int32_t acc = 0;
        for (int32_t c = 0; c < params->input_size; c++)
        {
            acc += w[c] * (input[c] + params->input_offset);
        }
        row[memory - 1] = (int16_t)tf_nn_clamp(tf_nn_requantize(acc, params->feature_multiplier, params->feature_shift), -32768, 32767);
    }
    for (int32_t u = 0; u < params->units; u++)
    {
        uint32_t acc = bias != NULL ? (uint32_t)bias[u] : 0u;
        for (int32_t r = 0; r < params->rank; r++)
        {
            const int32_t f = u * params->rank + r;
            for (int32_t j = 0; j < memory; j++)
            {
                acc += (uint32_t)(state[f * memory + j] * weights_time[f * memory + j]);
            }
        }
        const int32_t y = tf_nn_requantize((int32_t)acc, params->output_multiplier, params->output_shift) + params->output_offset;
        output[u] = (int8_t)tf_nn_clamp(y, -128, 127);
    }
}

void tf_svdf_s8_reset(int32_t state_size, int16_t *state)
{
    for (int32_t i = 0; i < state_size; i++)
    {
        state[i] = 0;
    }
}
