/* tf_preprocess_q7 — see tf_preprocess_q7.h for the contract. */
#include "tf_preprocess_q7.h"

#include "tf_nn_fixed_point.h"

/* centred * 2^e saturated to q7 without overflow: |centred| >= 1 and e >= 8 always saturates. */
static int32_t scale_up_q7(int32_t centred, int32_t e)
{
    if (centred == 0)
    {
        return 0;
    }
    if (e >= 8)
    {
        return centred > 0 ? 127 : -128;
    }
    const int64_t v = (int64_t)centred * ((int64_t)1 << e);
    return v > 127 ? 127 : (v < -128 ? -128 : (int32_t)v);
}

void tf_preprocess_q7(const tf_preprocess_q7_params *params, const int32_t *raw, int8_t *output)
{
    int32_t c = 0;
    for (int32_t i = 0; i < params->size; i++)
    {
        const int32_t centred = raw[i] - params->mean[params->mean_count == 1 ? 0 : c];
        const int32_t q = params->left_shift >= 0 ? scale_up_q7(centred, params->left_shift)
                                                  : tf_nn_sat_q7(tf_nn_rounding_right_shift(centred, -params->left_shift));
        output[i] = (int8_t)q;
        if (++c == params->channels)
        {
            c = 0;
        }
    }
}
