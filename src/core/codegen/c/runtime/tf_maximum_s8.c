/* tf_maximum_s8 — see tf_maximum_s8.h for the contract. */
#include "tf_maximum_s8.h"

void tf_maximum_s8(const tf_binary_dims *dims, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    int32_t s1[4];
    int32_t s2[4];
    tf_broadcast_strides(&dims->input1, &dims->output, s1);
    tf_broadcast_strides(&dims->input2, &dims->output, s2);
    const tf_dims4 *o = &dims->output;
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
                    const int8_t x = a[c * s1[3]];
                    const int8_t y = b[c * s2[3]];
                    *output++ = x >= y ? x : y;
                }
            }
        }
    }
}
