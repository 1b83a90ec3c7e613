/* tf_concatenation_s8 — see tf_concatenation_s8.h for the contract. */
#include "tf_concatenation_s8.h"

void tf_concatenation_s8(const int8_t *input, int32_t rows, int32_t input_c, int8_t *output, int32_t output_c,
                         int32_t offset_c)
{
    output += offset_c;
    for (int32_t r = 0; r < rows; r++)
    {
        for (int32_t c = 0; c < input_c; c++)
        {
            output[c] = input[c];
        }
        input += input_c;
        output += output_c;
    }
}
