/*
 * tf_fully_connected_q7 — see tf_fully_connected_q7.h for the contract.
 *
 * Four rows at a time share each input load. Plain C99 path: one MAC per element and row. DSP path (TF_NN_DSP,
 * tf_nn_dsp_dot.h): as tf_fully_connected_s8's with no input offset; the last K mod 4 elements take the plain loop.
 */
#include "tf_fully_connected_q7.h"

#include "tf_nn_dsp_dot.h"
#include "tf_nn_fixed_point.h"

static inline int8_t requantize(const tf_fc_q7_params *p, int32_t acc)
{
    const int32_t y = tf_nn_sat_q7(tf_nn_rounding_right_shift(acc, p->out_shift));
    return (int8_t)tf_nn_clamp(y, p->act.min, p->act.max);
}

void tf_fully_connected_q7(const tf_fc_q7_params *params,
                           const int8_t *input,
                           const int8_t *filter,
                           const int8_t *bias,
                           int8_t *output)
{
    const int32_t k_len = params->input_length;
    int32_t u = 0;
    /* Four rows at a time share each input load. */
    for (; u + 4 <= params->units; u += 4)
    {
        const int8_t *r0 = filter + u * k_len;
        const int8_t *r1 = r0 + k_len;
        const int8_t *r2 = r1 + k_len;
        const int8_t *r3 = r2 + k_len;
        int32_t a0 = bias != NULL ? tf_nn_shift_left(bias[u], params->bias_shift) : 0;
        int32_t a1 = bias != NULL ? tf_nn_shift_left(bias[u + 1], params->bias_shift) : 0;
        int32_t a2 = bias != NULL ? tf_nn_shift_left(bias[u + 2], params->bias_shift) : 0;
        int32_t a3 = bias != NULL ? tf_nn_shift_left(bias[u + 3], params->bias_shift) : 0;
        int32_t k = 0;
#if TF_NN_DSP
        int32_t acc[4] = { a0, a1, a2, a3 };
        k = tf_dsp_dot_4rows(input, r0, r2, k_len, 0, acc);
        a0 = acc[0];
        a1 = acc[1];
        a2 = acc[2];
        a3 = acc[3];
#endif
        for (; k < k_len; k++)
        {
            const int32_t x = input[k];
            a0 += x * r0[k];
            a1 += x * r1[k];
            a2 += x * r2[k];
            a3 += x * r3[k];
        }
        output[u] = requantize(params, a0);
        output[u + 1] = requantize(params, a1);
        output[u + 2] = requantize(params, a2);
        output[u + 3] = requantize(params, a3);
    }
    for (; u < params->units; u++)
    {
        const int8_t *row = filter + u * k_len;
        int32_t acc = bias != NULL ? tf_nn_shift_left(bias[u], params->bias_shift) : 0;
        int32_t k = 0;
#if TF_NN_DSP
        acc = tf_dsp_dot_row(input, row, k_len, 0, acc, &k);
#endif
        for (; k < k_len; k++)
        {
            acc += input[k] * row[k];
        }
        output[u] = requantize(params, acc);
    }
}
