/* tf_sparse_expand — see tf_sparse_expand.h for the contract. */
#include "tf_sparse_expand.h"

void tf_sparse_expand(const uint8_t *bitmap, const int8_t *values, int32_t first, int32_t count, int8_t *out)
{
    for (int32_t i = 0; i < count; i++)
    {
        const int32_t bit = first + i;
        out[i] = ((bitmap[bit >> 3] >> (bit & 7)) & 1u) != 0u ? *values++ : 0;
    }
}
