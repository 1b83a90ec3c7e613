/*
 * tf_fully_connected_s16 — see tf_fully_connected_s16.h for the contract.
 */
#include "tf_fully_connected_s16.h"

#include "tf_nn_fixed_point.h"

void tf_fully_connected_s16(const tf_fc_s16_params *params,
                            const int16_t *input,
                            const int8_t *filter,
                            const int64_t *bias,
                            int16_t *output)
{
    const int32_t k_len = params->input_length;
    const int32_t m = params->multiplier;
    const int64_t reduced = m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF;
    for (int32_t u = 0; u < params->units; u++)
    {
        const int8_t *row = filter + u * k_len;
        int64_t acc = bias != NULL ? bias[u] : 0;
        for (int32_t k = 0; k < k_len; k++)
        {
            acc += (int32_t)input[k] * row[k];
        }
        /* arm_nn_requantize_s64: the 64 -> 32 bit reduction keeps the low 32 bits, then the last rounding shift. */
        const int64_t wide = (acc * reduced) >> (14 - params->shift);
        int32_t r = (int32_t)(uint32_t)(uint64_t)wide;
        r = (r + 1) >> 1;
        output[u] = (int16_t)tf_nn_clamp(r, params->act.min, params->act.max);
    }
}
