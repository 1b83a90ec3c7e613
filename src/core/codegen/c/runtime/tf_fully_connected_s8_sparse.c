/* tf_fully_connected_s8_sparse — see tf_fully_connected_s8_sparse.h for the contract. */
#include "tf_fully_connected_s8_sparse.h"

#include "tf_nn_fixed_point.h"
#include "tf_sparse_weights.h"

#define TF_SPARSE_MAC(k, w) acc += (input[(k)] + offset) * (w)

void tf_fully_connected_s8_sparse(const tf_fc_s8_params *params,
                                  const int32_t *multipliers,
                                  const int32_t *shifts,
                                  const int8_t *input,
                                  const uint8_t *bitmap,
                                  const int8_t *values,
                                  const int32_t *bias,
                                  int8_t *output)
{
    const int32_t k_len = params->input_length;
    const int32_t offset = params->input_offset;
    const int8_t *v = values;
    for (int32_t u = 0; u < params->units; u++)
    {
        int32_t acc = bias != NULL ? bias[u] : 0;
        TF_SPARSE_ROW(bitmap, u * k_len, k_len, v, TF_SPARSE_MAC);
        const int32_t q = params->per_channel ? u : 0;
        acc = tf_nn_requantize(acc, multipliers[q], shifts[q]) + params->output_offset;
        output[u] = (int8_t)tf_nn_clamp(acc, params->act.min, params->act.max);
    }
}
