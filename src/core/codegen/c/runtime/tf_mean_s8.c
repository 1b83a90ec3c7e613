/* tf_mean_s8 — see tf_mean_s8.h for the contract. */
#include "tf_mean_s8.h"

#include "tf_nn_fixed_point.h"

void tf_mean_s8(const tf_mean_s8_params *params, const int8_t *input, int8_t *output)
{
    const int32_t cells = params->input.h * params->input.w;
    const int32_t channels = params->input.c;
    for (int32_t c = 0; c < channels; c++)
    {
        int32_t sum = params->input_offset * cells;
        for (int32_t p = 0; p < cells; p++)
        {
            sum += input[p * channels + c];
        }
        const int32_t v = tf_nn_requantize(sum, params->multiplier, params->shift) + params->output_offset;
        output[c] = (int8_t)tf_nn_sat_q7(v);
    }
}
