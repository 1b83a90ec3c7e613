/* tf_transpose_s8 — see tf_transpose_s8.h for the contract. */
#include "tf_transpose_s8.h"

void tf_transpose_s8(const tf_transpose_params *params, const int8_t *input, int8_t *output)
{
    const int32_t *d = params->dims;
    const int32_t *p = params->perm;
    const int32_t in_stride[4] = {d[1] * d[2] * d[3], d[2] * d[3], d[3], 1};
    /* Input stride of each output axis, and the output dims. */
    const int32_t s0 = in_stride[p[0]];
    const int32_t s1 = in_stride[p[1]];
    const int32_t s2 = in_stride[p[2]];
    const int32_t s3 = in_stride[p[3]];
    for (int32_t i0 = 0; i0 < d[p[0]]; i0++)
    {
        for (int32_t i1 = 0; i1 < d[p[1]]; i1++)
        {
            for (int32_t i2 = 0; i2 < d[p[2]]; i2++)
            {
                const int8_t *row = input + i0 * s0 + i1 * s1 + i2 * s2;
                for (int32_t i3 = 0; i3 < d[p[3]]; i3++)
                {
                    *output++ = row[i3 * s3];
                }
            }
        }
    }
}
