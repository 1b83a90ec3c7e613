/* tf_pad_s8 — see tf_pad_s8.h for the contract. */
#include "tf_pad_s8.h"

static int8_t *fill(int8_t *out, int32_t count, int8_t value)
{
    for (int32_t i = 0; i < count; i++)
    {
        out[i] = value;
    }
    return out + count;
}

void tf_pad_s8(const tf_pad_params *params, const int8_t *input, int8_t *output)
{
    const int32_t c = params->input.c;
    const int32_t out_row = (params->left + params->input.w + params->right) * c;
    const int32_t in_row = params->input.w * c;
    const int8_t value = (int8_t)params->pad_value;
    output = fill(output, params->top * out_row, value);
    for (int32_t y = 0; y < params->input.h; y++)
    {
        output = fill(output, params->left * c, value);
        for (int32_t i = 0; i < in_row; i++)
        {
            output[i] = input[i];
        }
        output += in_row;
        input += in_row;
        output = fill(output, params->right * c, value);
    }
    fill(output, params->bottom * out_row, value);
}
