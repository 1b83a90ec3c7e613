/*
 * tf_elementwise_add_s8 — see tf_elementwise_add_s8.h for the contract.
 *
 * The parameters are copied to locals first: the output may alias anything (int8), so the compiler could not keep
 * them in registers across the stores otherwise. DSP path (TF_NN_DSP, tf_nn_dsp.h): the inputs' high multiply is
 * one SMMULR, exact here because (x + offset) * 2^left_shift is below 2^30 in magnitude (|x + offset| <= 255,
 * left_shift <= 22), so doubling it cannot overflow: (v * m + 2^30) >> 31 = (2v * m + 2^31) >> 32.
 */
#include "tf_elementwise_add_s8.h"

#include "tf_nn_dsp.h"
#include "tf_nn_fixed_point.h"

/*
 * An input's rescale: tf_nn_requantize(v, multiplier, shift) for v = (x + offset) * 2^left_shift and shift <= 0. Single
 * rounding (CMSIS_NN_USE_SINGLE_ROUNDING) has no SMMULR form: both paths call tf_nn_requantize.
 */
static inline int32_t rescale_input(int32_t v, int32_t multiplier, int32_t right)
{
#if TF_NN_DSP && !defined(CMSIS_NN_USE_SINGLE_ROUNDING)
    return tf_nn_rounding_divide_by_pot(tf_dsp_smmulr(v * 2, multiplier), right);
#else
    return tf_nn_requantize(v, multiplier, -right);
#endif
}

void tf_elementwise_add_s8(const tf_add_s8_params *params, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    const int32_t size = params->size;
    const int32_t left = params->left_shift;
    const int32_t offset1 = params->input1_offset;
    const int32_t multiplier1 = params->input1_multiplier;
    const int32_t right1 = -params->input1_shift;
    const int32_t offset2 = params->input2_offset;
    const int32_t multiplier2 = params->input2_multiplier;
    const int32_t right2 = -params->input2_shift;
    const int32_t output_offset = params->output_offset;
    const int32_t output_multiplier = params->output_multiplier;
    const int32_t output_shift = params->output_shift;
    const int32_t act_min = params->act.min;
    const int32_t act_max = params->act.max;
    for (int32_t i = 0; i < size; i++)
    {
        const int32_t a = rescale_input((input1[i] + offset1) * (1 << left), multiplier1, right1);
        const int32_t b = rescale_input((input2[i] + offset2) * (1 << left), multiplier2, right2);
        const int32_t y = tf_nn_requantize(a + b, output_multiplier, output_shift) + output_offset;
        output[i] = (int8_t)tf_nn_clamp(y, act_min, act_max);
    }
}
