/*
 * tf_fully_connected_s8 — see tf_fully_connected_s8.h for the contract.
 *
 * Four rows at a time share each input load. Plain C99 path: one MAC per element and row. DSP path (TF_NN_DSP,
 * tf_nn_dsp.h): 4 input bytes at a time, split by SXTAB16 (adding the input offset) into even and odd elements,
 * meet each row's 4 bytes split by SXTB16 in two SMLADs; the last K mod 4 elements take the plain loop.
 */
#include "tf_fully_connected_s8.h"

#include "tf_nn_dsp.h"
#include "tf_nn_fixed_point.h"

static inline int8_t requantize(const tf_fc_s8_params *p, int32_t acc, const int32_t *multipliers, const int32_t *shifts, int32_t u)
{
    const int32_t q = p->per_channel ? u : 0;
    acc = tf_nn_requantize(acc, multipliers[q], shifts[q]) + p->output_offset;
    return (int8_t)tf_nn_clamp(acc, p->act.min, p->act.max);
}

void tf_fully_connected_s8(const tf_fc_s8_params *params,
                           const int32_t *multipliers,
                           const int32_t *shifts,
                           const int8_t *input,
                           const int8_t *filter,
                           const int32_t *bias,
                           int8_t *output)
{
    const int32_t k_len = params->input_length;
    const int32_t offset = params->input_offset;
    int32_t u = 0;
    /* Four rows at a time share each input load. */
    for (; u + 4 <= params->units; u += 4)
    {
        const int8_t *r0 = filter + u * k_len;
        const int8_t *r1 = r0 + k_len;
        const int8_t *r2 = r1 + k_len;
        const int8_t *r3 = r2 + k_len;
        int32_t a0 = bias != NULL ? bias[u] : 0;
        int32_t a1 = bias != NULL ? bias[u + 1] : 0;
        int32_t a2 = bias != NULL ? bias[u + 2] : 0;
        int32_t a3 = bias != NULL ? bias[u + 3] : 0;
        int32_t k = 0;
#if TF_NN_DSP
        /* Rows 0 and 1 through p0, rows 2 and 3 through p2 (+ k_len): few pointers, no spills in the loop. */
        const int32_t offset2 = tf_dsp_dup16(offset);
        const int8_t *p0 = r0;
        const int8_t *p2 = r2;
        for (; k + 4 <= k_len; k += 4, p0 += 4, p2 += 4)
        {
            const int32_t x = tf_dsp_read_s8x4(input + k);
            const int32_t x02 = tf_dsp_sxtab16(offset2, x);
            const int32_t x13 = tf_dsp_sxtab16_ror8(offset2, x);
            int32_t w = tf_dsp_read_s8x4(p0);
            a0 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a0);
            a0 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a0);
            w = tf_dsp_read_s8x4(p0 + k_len);
            a1 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a1);
            a1 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a1);
            w = tf_dsp_read_s8x4(p2);
            a2 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a2);
            a2 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a2);
            w = tf_dsp_read_s8x4(p2 + k_len);
            a3 = tf_dsp_smlad(tf_dsp_sxtb16(w), x02, a3);
            a3 = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), x13, a3);
        }
#endif
        for (; k < k_len; k++)
        {
            const int32_t x = input[k] + offset;
            a0 += x * r0[k];
            a1 += x * r1[k];
            a2 += x * r2[k];
            a3 += x * r3[k];
        }
        output[u] = requantize(params, a0, multipliers, shifts, u);
        output[u + 1] = requantize(params, a1, multipliers, shifts, u + 1);
        output[u + 2] = requantize(params, a2, multipliers, shifts, u + 2);
        output[u + 3] = requantize(params, a3, multipliers, shifts, u + 3);
    }
    for (; u < params->units; u++)
    {
        const int8_t *row = filter + u * k_len;
        int32_t acc = bias != NULL ? bias[u] : 0;
        int32_t k = 0;
#if TF_NN_DSP
        const int32_t offset2 = tf_dsp_dup16(offset);
        for (; k + 4 <= k_len; k += 4)
        {
            const int32_t x = tf_dsp_read_s8x4(input + k);
            const int32_t w = tf_dsp_read_s8x4(row + k);
            acc = tf_dsp_smlad(tf_dsp_sxtb16(w), tf_dsp_sxtab16(offset2, x), acc);
            acc = tf_dsp_smlad(tf_dsp_sxtb16_ror8(w), tf_dsp_sxtab16_ror8(offset2, x), acc);
        }
#endif
        for (; k < k_len; k++)
        {
            acc += (input[k] + offset) * row[k];
        }
        output[u] = requantize(params, acc, multipliers, shifts, u);
    }
}
