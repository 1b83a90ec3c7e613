/* tf_softmax_q7 — see tf_softmax_q7.h for the contract. */
#include "tf_softmax_q7.h"

#include "tf_nn_fixed_point.h"

void tf_softmax_q7(const int8_t *input, int32_t rows, int32_t row_size, int8_t *output)
{
    for (int32_t r = 0; r < rows; r++)
    {
        const int8_t *x = input + r * row_size;
        int8_t *y = output + r * row_size;
        int32_t max = -128;
        for (int32_t c = 0; c < row_size; c++)
        {
            max = x[c] > max ? x[c] : max;
        }
        const int32_t base = max - 8;
        int32_t sum = 0;
        for (int32_t c = 0; c < row_size; c++)
        {
            sum += (int32_t)1 << tf_nn_clamp(x[c] - base, 0, 7);
        }
        const int32_t output_base = ((int32_t)1 << 20) / sum;
        for (int32_t c = 0; c < row_size; c++)
        {
            y[c] = (int8_t)tf_nn_sat_q7(output_base >> tf_nn_clamp(13 + base - x[c], 0, 31));
        }
    }
}
