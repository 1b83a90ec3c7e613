/*
 * tf_requantize — see tf_requantize.h for the contract.
 */
#include "tf_requantize.h"

#include "tf_nn_fixed_point.h"

void tf_requantize(const tf_requantize_params *params, const void *input, void *output)
{
    const int8_t *in8 = (const int8_t *)input;
    const int16_t *in16 = (const int16_t *)input;
    int8_t *out8 = (int8_t *)output;
    int16_t *out16 = (int16_t *)output;
    const int32_t lo = params->output_type == 1 ? -32768 : -128;
    const int32_t hi = params->output_type == 1 ? 32767 : 127;
    for (int32_t i = 0; i < params->size; i++)
    {
        const int32_t x = params->input_type == 1 ? in16[i] : in8[i];
        const int32_t v = tf_nn_clamp(tf_nn_requantize(x - params->input_zero_point, params->multiplier, params->shift)
                                          + params->output_zero_point,
                                      lo, hi);
        if (params->output_type == 1)
        {
            out16[i] = (int16_t)v;
        }
        else
        {
            out8[i] = (int8_t)v;
        }
    }
}
