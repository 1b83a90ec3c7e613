/* tf_lstm_unidirectional_s8 and _s16 — see tf_lstm_unidirectional_s8.h for the contracts. */
#include "tf_lstm_unidirectional_s8.h"

#include "tf_nn_activation_s16.h"
#include "tf_nn_fixed_point.h"

/** One gate of unit r: act16(sat16(gx + gh)). */
static int16_t gate_value(const tf_lstm_gate *g, int32_t r, const int8_t *x, const int8_t *h, int32_t input_size, int32_t units,
                          tf_nn_activation_type type)
{
    const int8_t *w = g->input_weights + r * input_size;
    uint32_t ax = (uint32_t)g->input_effective_bias[r];
    for (int32_t k = 0; k < input_size; k++)
    {
        ax += (uint32_t)(w[k] * x[k]);
    }
    const int8_t *rw = g->hidden_weights + r * units;
    uint32_t ah = (uint32_t)g->hidden_effective_bias[r];
    for (int32_t k = 0; k < units; k++)
    {
        ah += (uint32_t)(rw[k] * h[k]);
    }
    const int32_t gx = tf_nn_clamp(tf_nn_requantize((int32_t)ax, g->input_multiplier, g->input_shift), -32768, 32767);
    const int32_t sum = tf_nn_clamp(gx + tf_nn_requantize((int32_t)ah, g->hidden_multiplier, g->hidden_shift), -32768, 32767);
    return tf_nn_activation_s16((int16_t)sum, 0, type);
}

void tf_lstm_unidirectional_s8(const tf_lstm_s8_params *params, const int8_t *input, int8_t *output, int8_t *hidden_state,
                               int16_t *cell_state, int8_t *scratch)
{
    const int32_t units = params->units;
    const tf_nn_activation_type cell_type = params->cell_activation == 1 ? TF_NN_TANH : TF_NN_SIGMOID;
    if (!params->stateful)
    {
        tf_lstm_unidirectional_s8_reset(units, params->hidden_zero_point, hidden_state, cell_state);
    }
    for (int32_t t = 0; t < params->time_steps; t++)
    {
        const int8_t *x = input + t * params->input_size;
        for (int32_t r = 0; r < units; r++)
        {
            scratch[r] = hidden_state[r];
        }
        for (int32_t r = 0; r < units; r++)
        {
            const int32_t i = gate_value(&params->gates[0], r, x, scratch, params->input_size, units, TF_NN_SIGMOID);
            const int32_t f = gate_value(&params->gates[1], r, x, scratch, params->input_size, units, TF_NN_SIGMOID);
            const int32_t g = gate_value(&params->gates[2], r, x, scratch, params->input_size, units, cell_type);
            const int32_t o = gate_value(&params->gates[3], r, x, scratch, params->input_size, units, TF_NN_SIGMOID);
            const int32_t kept = tf_nn_clamp(tf_nn_requantize(f * cell_state[r], params->forget_to_cell_multiplier,
                                                              params->forget_to_cell_shift), -32768, 32767);
            const int32_t c = tf_nn_clamp(kept + tf_nn_requantize(i * g, params->input_to_cell_multiplier, params->input_to_cell_shift),
                                          -params->cell_clip, params->cell_clip);
            cell_state[r] = (int16_t)c;
            const int32_t tanh = tf_nn_activation_s16((int16_t)c, params->cell_scale_power + 12, TF_NN_TANH);
            const int32_t h = tf_nn_requantize(o * tanh, params->hidden_multiplier, params->hidden_shift) + params->hidden_zero_point;
            hidden_state[r] = (int8_t)tf_nn_clamp(h, -128, 127);
        }
        if (params->return_sequences)
        {
            for (int32_t r = 0; r < units; r++)
            {
                output[t * units + r] = hidden_state[r];
            }
        }
    }
    if (!params->return_sequences)
    {
        for (int32_t r = 0; r < units; r++)
        {
            output[r] = hidden_state[r];
        }
    }
}

void tf_lstm_unidirectional_s8_reset(int32_t units, int32_t hidden_zero_point, int8_t *hidden_state, int16_t *cell_state)
{
    for (int32_t r = 0; r < units; r++)
    {
        hidden_state[r] = (int8_t)hidden_zero_point;
        cell_state[r] = 0;
    }
}

/** arm_nn_requantize_s64 with REDUCE_MULTIPLIER: the low 32 bits of (acc * m16) >> (14 - shift), then (r + 1) >> 1. */
static int32_t requantize_s64(int64_t acc, int32_t multiplier, int32_t shift)
{
    const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int64_t wide = (acc * reduced) >> (14 - shift);
    const int32_t r = (int32_t)(uint32_t)(uint64_t)wide;
    return (r + 1) >> 1;
}

/** One gate of unit r: act16(sat16(gx + gh)). */
static int16_t gate_value_s16(const tf_lstm_gate *g, int32_t r, const int16_t *x, const int16_t *h, int32_t input_size, int32_t units,
                          tf_nn_activation_type type)
{
    const int8_t *w = g->input_weights + r * input_size;
    int64_t ax = g->input_effective_bias[r];
    for (int32_t k = 0; k < input_size; k++)
    {
        ax += (int32_t)w[k] * (int32_t)x[k];
    }
    const int8_t *rw = g->hidden_weights + r * units;
    int64_t ah = 0;
    for (int32_t k = 0; k < units; k++)
    {
        ah += (int32_t)rw[k] * (int32_t)h[k];
    }
    const int32_t gx = tf_nn_clamp(requantize_s64(ax, g->input_multiplier, g->input_shift), -32768, 32767);
    const int32_t sum = tf_nn_clamp(gx + requantize_s64(ah, g->hidden_multiplier, g->hidden_shift), -32768, 32767);
    return tf_nn_activation_s16((int16_t)sum, 0, type);
}

void tf_lstm_unidirectional_s16(const tf_lstm_s8_params *params, const int16_t *input, int16_t *output, int16_t *hidden_state,
                                int16_t *cell_state, int16_t *scratch)
{
    const int32_t units = params->units;
    const tf_nn_activation_type cell_type = params->cell_activation == 1 ? TF_NN_TANH : TF_NN_SIGMOID;
    if (!params->stateful)
    {
        tf_lstm_unidirectional_s16_reset(units, hidden_state, cell_state);
    }
    for (int32_t t = 0; t < params->time_steps; t++)
    {
        const int16_t *x = input + t * params->input_size;
        for (int32_t r = 0; r < units; r++)
        {
            scratch[r] = hidden_state[r];
        }
        for (int32_t r = 0; r < units; r++)
        {
            const int32_t i = gate_value_s16(&params->gates[0], r, x, scratch, params->input_size, units, TF_NN_SIGMOID);
            const int32_t f = gate_value_s16(&params->gates[1], r, x, scratch, params->input_size, units, TF_NN_SIGMOID);
            const int32_t g = gate_value_s16(&params->gates[2], r, x, scratch, params->input_size, units, cell_type);
            const int32_t o = gate_value_s16(&params->gates[3], r, x, scratch, params->input_size, units, TF_NN_SIGMOID);
            const int32_t kept = tf_nn_clamp(tf_nn_requantize(f * cell_state[r], params->forget_to_cell_multiplier,
                                                              params->forget_to_cell_shift), -32768, 32767);
            const int32_t c = tf_nn_clamp(kept + tf_nn_requantize(i * g, params->input_to_cell_multiplier, params->input_to_cell_shift),
                                          -params->cell_clip, params->cell_clip);
            cell_state[r] = (int16_t)c;
            const int32_t tanh = tf_nn_activation_s16((int16_t)c, params->cell_scale_power + 12, TF_NN_TANH);
            const int32_t h = tf_nn_requantize(o * tanh, params->hidden_multiplier, params->hidden_shift);
            hidden_state[r] = (int16_t)tf_nn_clamp(h, -32768, 32767);
        }
        if (params->return_sequences)
        {
            for (int32_t r = 0; r < units; r++)
            {
                output[t * units + r] = hidden_state[r];
            }
        }
    }
    if (!params->return_sequences)
    {
        for (int32_t r = 0; r < units; r++)
        {
            output[r] = hidden_state[r];
        }
    }
}

void tf_lstm_unidirectional_s16_reset(int32_t units, int16_t *hidden_state, int16_t *cell_state)
{
    for (int32_t r = 0; r < units; r++)
    {
        hidden_state[r] = 0;
        cell_state[r] = 0;
    }
}
