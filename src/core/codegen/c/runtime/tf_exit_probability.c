/* tf_exit_probability — see tf_exit_probability.h for the contract. */
#include "tf_exit_probability.h"

int32_t tf_exit_probability(const int8_t *logits, int32_t size, int32_t offset, int32_t multiplier, int32_t threshold,
                            int8_t *output)
{
    int32_t max = -128;
    for (int32_t i = 0; i < size; i++)
    {
        max = output[i] > max ? output[i] : max;
        output[i] = logits[i];
    }
    return (max + offset) * multiplier >= threshold ? 1 : 0;
}
