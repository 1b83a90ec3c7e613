/*
 * tf_requantize — see tf_requantize.h for the contract.
 */
#include "tf_requantize.h"

#include "tf_nn_fixed_point.h"

#define TF_REQUANTIZE_BODY(LO, HI)                                                                                 \
    for (int32_t i = 0; i < params->size; i++)                                                                     \
    {                                                                                                              \
        const int32_t v = tf_nn_requantize(input[i] - params->input_zero_point, params->multiplier, params->shift) \
            + params->output_zero_point;                                                                           \
        output[i] = tf_nn_clamp(v, LO, HI);                                                                        \
    }

void tf_requantize_s8_s16(const tf_requantize_params *params, const int8_t *input, int16_t *output)
{
    TF_REQUANTIZE_BODY(-32768, 32767)
}

void tf_requantize_s16_s8(const tf_requantize_params *params, const int16_t *input, int8_t *output)
{
    TF_REQUANTIZE_BODY(-128, 127)
}

void tf_requantize_s8_s8(const tf_requantize_params *params, const int8_t *input, int8_t *output)
{
    TF_REQUANTIZE_BODY(-128, 127)
}

void tf_requantize_s16_s16(const tf_requantize_params *params, const int16_t *input, int16_t *output)
{
    TF_REQUANTIZE_BODY(-32768, 32767)
}
