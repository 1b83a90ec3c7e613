/* tf_exit_margin — see tf_exit_margin.h for the contract. */
#include "tf_exit_margin.h"

int32_t tf_exit_margin(const int8_t *logits, int32_t size, int32_t threshold, int8_t *output)
{
    int32_t first = -129;
    int32_t second = -129;
    for (int32_t i = 0; i < size; i++)
    {
        const int32_t v = logits[i];
        output[i] = logits[i];
        if (v > first)
        {
            second = first;
            first = v;
        }
        else if (v > second)
        {
            second = v;
        }
    }
    return first - second >= threshold ? 1 : 0;
}
