/* tf_elementwise_add_s8 — see tf_elementwise_add_s8.h for the contract. */
#include "tf_elementwise_add_s8.h"

#include "tf_nn_fixed_point.h"

void tf_elementwise_add_s8(const tf_add_s8_params *params, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    const int32_t scale = (int32_t)1 << params->left_shift;
    for (int32_t i = 0; i < params->size; i++)
    {
        const int32_t a = tf_nn_requantize((input1[i] + params->input1_offset) * scale, params->input1_multiplier,
                                           params->input1_shift);
        const int32_t b = tf_nn_requantize((input2[i] + params->input2_offset) * scale, params->input2_multiplier,
                                           params->input2_shift);
        const int32_t y = tf_nn_requantize(a + b, params->output_multiplier, params->output_shift) + params->output_offset;
        output[i] = (int8_t)tf_nn_clamp(y, params->act.min, params->act.max);
    }
}
