/* tf_preprocess_s8 — see tf_preprocess_s8.h for the contract. */
#include "tf_preprocess_s8.h"

#include "tf_nn_fixed_point.h"

void tf_preprocess_s8(const tf_preprocess_s8_params *params, const int32_t *raw, int8_t *output)
{
    int32_t c = 0;
    for (int32_t i = 0; i < params->size; i++)
    {
        const int32_t centred = raw[i] - params->mean[params->mean_count == 1 ? 0 : c];
        const int32_t q = params->zero_point + tf_nn_requantize(centred, params->multiplier, params->shift);
        output[i] = (int8_t)tf_nn_sat_q7(q);
        if (++c == params->channels)
        {
            c = 0;
        }
    }
}
