/*
 * tf_elementwise_add_s16 — see tf_elementwise_add_s16.h for the contract.
 */
#include "tf_elementwise_add_s16.h"

#include "tf_nn_fixed_point.h"

void tf_elementwise_add_s16(const tf_add_s8_params *params, const int16_t *input1, const int16_t *input2, int16_t *output)
{
    const int32_t size = params->size;
    const int32_t left = params->left_shift;
    const int32_t multiplier1 = params->input1_multiplier;
    const int32_t shift1 = params->input1_shift;
    const int32_t multiplier2 = params->input2_multiplier;
    const int32_t shift2 = params->input2_shift;
    const int32_t output_multiplier = params->output_multiplier;
    const int32_t output_shift = params->output_shift;
    const int32_t act_min = params->act.min;
    const int32_t act_max = params->act.max;
    for (int32_t i = 0; i < size; i++)
    {
        const int32_t a = tf_nn_requantize((int32_t)input1[i] * (1 << left), multiplier1, shift1);
        const int32_t b = tf_nn_requantize((int32_t)input2[i] * (1 << left), multiplier2, shift2);
        const int32_t y = tf_nn_requantize(a + b, output_multiplier, output_shift);
        output[i] = (int16_t)tf_nn_clamp(y, act_min, act_max);
    }
}
