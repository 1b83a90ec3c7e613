/* tf_add_q7 — see tf_add_q7.h for the contract. */
#include "tf_add_q7.h"

#include "tf_nn_fixed_point.h"

void tf_add_q7(const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size, tf_clamp act)
{
    for (int32_t i = 0; i < size; i++)
    {
        output[i] = (int8_t)tf_nn_clamp(tf_nn_sat_q7(input1[i] + input2[i]), act.min, act.max);
    }
}
