/* tf_relu_s8 — see tf_relu_s8.h for the contract. */
#include "tf_relu_s8.h"

#include "tf_nn_fixed_point.h"

void tf_relu_s8(const tf_relu_s8_params *params, const int8_t *input, int8_t *output)
{
    for (int32_t i = 0; i < params->size; i++)
    {
        const int32_t v = params->output_zero_point +
                          tf_nn_requantize(input[i] - params->input_zero_point, params->multiplier, params->shift);
        output[i] = (int8_t)tf_nn_clamp(v, params->act.min, params->act.max);
    }
}
