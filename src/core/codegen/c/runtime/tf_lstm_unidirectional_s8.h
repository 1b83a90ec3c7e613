/*
 * tf_lstm_unidirectional_s8 — int8 LSTM over a sequence with an int16 cell (counterpart: CMSIS-NN
 * arm_lstm_unidirectional_s8, TFLite Micro's 8x8->16 integer LSTM; no peephole, projection or layer norm).
 * Batch 1, input [time_steps, input_size], hidden and output units values per step.
 *
 * Per step, for each gate k (input, forget, cell, output) and unit r, from the input frame x and the previous h:
 *   gx = sat16(tf_nn_requantize(input_effective_bias[r] + sum W[r, :] * x, input_multiplier, input_shift))
 *   gh = tf_nn_requantize(hidden_effective_bias[r] + sum R[r, :] * h, hidden_multiplier, hidden_shift)
 *   k  = act(sat16(gx + gh))   act: sigmoid, or cell_activation for the cell gate (tf_nn_activation_s16, Q3.12 -> Q0.15)
 * (the effective biases fold the zero points: b + sum W * (-zp_x), and sum R * (-zp_h)); then
 *   c = sat16(tf_nn_requantize(f * c, forget_to_cell_multiplier, forget_to_cell_shift))
 *   c = clamp(c + tf_nn_requantize(i * g, input_to_cell_multiplier, input_to_cell_shift), -cell_clip, cell_clip)
 *   h = clamp(tf_nn_requantize(o * tanh16(c, cell_scale_power + 12), hidden_multiplier, hidden_shift) + hidden_zero_point,
 *             -128, 127)
 * Output: every h (return_sequences, [time_steps, units]) or the last one ([units]). State: hidden_state [units] int8
 * (in the output's quantization) and cell_state [units] int16, kept between calls when `stateful`, else reset at the
 * start of every call. Scratch: `units` int8 (the previous h while the step computes the new one). Weights and
 * effective biases are read through the params' pointers. 32-bit sums wrap. The output must not overlap anything else.
 * tf_lstm_unidirectional_s8_reset puts the state in its reset state (h = hidden_zero_point, i.e. real 0; c = 0).
 */
#ifndef TF_LSTM_UNIDIRECTIONAL_S8_H
#define TF_LSTM_UNIDIRECTIONAL_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One gate: requantization of its input and recurrent products, its weights and effective biases. */
typedef struct
{
    int32_t input_multiplier;
    int32_t input_shift;
    int32_t hidden_multiplier;
    int32_t hidden_shift;
    const int8_t *input_weights;
    const int8_t *hidden_weights;
    const int32_t *input_effective_bias;
    const int32_t *hidden_effective_bias;
} tf_lstm_gate;

typedef struct
{
    int32_t time_steps;
    int32_t input_size;
    int32_t units;
    int32_t return_sequences;
    int32_t stateful;
    /** 0: sigmoid, 1: tanh (tf_nn_activation_type). */
    int32_t cell_activation;
    int32_t forget_to_cell_multiplier;
    int32_t forget_to_cell_shift;
    int32_t input_to_cell_multiplier;
    int32_t input_to_cell_shift;
    int32_t cell_clip;
    int32_t cell_scale_power;
    int32_t hidden_multiplier;
    int32_t hidden_shift;
    int32_t hidden_zero_point;
    /** input, forget, cell, output. */
    tf_lstm_gate gates[4];
} tf_lstm_s8_params;

void tf_lstm_unidirectional_s8(const tf_lstm_s8_params *params, const int8_t *input, int8_t *output, int8_t *hidden_state,
                               int16_t *cell_state, int8_t *scratch);

void tf_lstm_unidirectional_s8_reset(int32_t units, int32_t hidden_zero_point, int8_t *hidden_state, int16_t *cell_state);

/*
 * tf_lstm_unidirectional_s16 (here, as it shares tf_lstm_s8_params) — int16 LSTM over a sequence with int8 weights and
 * an int16 cell (counterpart: CMSIS-NN arm_lstm_unidirectional_s16, v7.0.0, TFLite Micro's 16x8->16 integer LSTM).
 * The parameters are tf_lstm_unidirectional_s8's (tf_lstm_s8_params): the same gates, cell and output requantization;
 * input, output and hidden state are int16 with zero point 0, so input_effective_bias is the bias, hidden_effective_bias
 * is not read and hidden_zero_point is 0. Per step, for each gate k and unit r (64-bit sums):
 *   gx = sat16(requantize_s64(input_effective_bias[r] + sum W[r, :] * x, input_multiplier, input_shift))
 *   k  = act(sat16(gx + requantize_s64(sum R[r, :] * h, hidden_multiplier, hidden_shift)))
 * with requantize_s64 = CMSIS-NN's arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(multiplier), shift) (shift <= 14), then
 *   c = sat16(tf_nn_requantize(f * c, forget_to_cell_multiplier, forget_to_cell_shift))
 *   c = clamp(c + tf_nn_requantize(i * g, input_to_cell_multiplier, input_to_cell_shift), -cell_clip, cell_clip)
 *   h = sat16(tf_nn_requantize(o * tanh16(c, cell_scale_power + 12), hidden_multiplier, hidden_shift))
 * Output: every h ([time_steps, units]) or the last one. State: hidden_state [units] int16 and cell_state [units] int16,
 * kept between calls when `stateful`, else zeroed at the start of every call. Scratch: `units` int16 (the previous h).
 * tf_lstm_unidirectional_s16_reset zeroes both states.
 */
void tf_lstm_unidirectional_s16(const tf_lstm_s8_params *params, const int16_t *input, int16_t *output, int16_t *hidden_state,
                                int16_t *cell_state, int16_t *scratch);

void tf_lstm_unidirectional_s16_reset(int32_t units, int16_t *hidden_state, int16_t *cell_state);

#ifdef __cplusplus
}
#endif

#endif /* TF_LSTM_UNIDIRECTIONAL_S8_H */
