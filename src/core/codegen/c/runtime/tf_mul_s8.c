/* tf_mul_s8 — see tf_mul_s8.h for the contract. */
#include "tf_mul_s8.h"

#include "tf_nn_fixed_point.h"

void tf_mul_s8(const tf_mul_s8_params *params, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    int32_t s1[4];
    int32_t s2[4];
    tf_broadcast_strides(&params->input1, &params->output, s1);
    tf_broadcast_strides(&params->input2, &params->output, s2);
    const tf_dims4 *o = &params->output;
    for (int32_t n = 0; n < o->n; n++)
    {
        for (int32_t h = 0; h < o->h; h++)
        {
            for (int32_t w = 0; w < o->w; w++)
            {
                const int8_t *a = input1 + n * s1[0] + h * s1[1] + w * s1[2];
                const int8_t *b = input2 + n * s2[0] + h * s2[1] + w * s2[2];
                for (int32_t c = 0; c < o->c; c++)
                {
                    const int32_t product = (a[c * s1[3]] + params->input1_offset) * (b[c * s2[3]] + params->input2_offset);
                    const int32_t y = tf_nn_requantize(product, params->multiplier, params->shift) + params->output_offset;
                    *output++ = (int8_t)tf_nn_clamp(y, params->act.min, params->act.max);
                }
            }
        }
    }
}
