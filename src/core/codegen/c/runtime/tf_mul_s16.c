/* tf_mul_s16 — see tf_mul_s16.h for the contract. */
#include "tf_mul_s16.h"

#include "tf_nn_fixed_point.h"

void tf_mul_s16(const tf_mul_s8_params *params, const int16_t *input1, const int16_t *input2, int16_t *output)
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
                const int16_t *a = input1 + n * s1[0] + h * s1[1] + w * s1[2];
                const int16_t *b = input2 + n * s2[0] + h * s2[1] + w * s2[2];
                for (int32_t c = 0; c < o->c; c++)
                {
                    const int32_t product = (int32_t)a[c * s1[3]] * (int32_t)b[c * s2[3]];
                    const int32_t y = tf_nn_requantize(product, params->multiplier, params->shift);
                    *output++ = (int16_t)tf_nn_clamp(y, params->act.min, params->act.max);
                }
            }
        }
    }
}
