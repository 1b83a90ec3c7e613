/* tf_relu_q7 — see tf_relu_q7.h for the contract. */
#include "tf_relu_q7.h"

#include "tf_nn_fixed_point.h"

void tf_relu_q7(const int8_t *input, int8_t *output, int32_t size, tf_clamp act)
{
    for (int32_t i = 0; i < size; i++)
    {
        output[i] = (int8_t)tf_nn_clamp(input[i], act.min, act.max);
    }
}
