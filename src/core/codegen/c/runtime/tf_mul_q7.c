/* tf_mul_q7 — see tf_mul_q7.h for the contract. */
#include "tf_mul_q7.h"

#include "tf_nn_fixed_point.h"

void tf_mul_q7(const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size, int32_t out_shift, tf_clamp act)
{
    const int32_t round = out_shift == 0 ? 0 : ((int32_t)1 << (out_shift - 1));
    for (int32_t i = 0; i < size; i++)
    {
        /* The q15 cast: keep the low 16 bits as a signed value (wrapping, without implementation-defined casts). */
        const uint32_t low = ((uint32_t)(input1[i] * input2[i] + round)) & 0xFFFFu;
        const int32_t q15 = low >= 0x8000u ? (int32_t)low - 0x10000 : (int32_t)low;
        output[i] = (int8_t)tf_nn_clamp(tf_nn_sat_q7(q15 >> out_shift), act.min, act.max);
    }
}
