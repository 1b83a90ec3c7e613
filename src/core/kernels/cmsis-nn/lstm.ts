/**
 * LSTM on CMSIS-NN: arm_lstm_unidirectional_s8 with TinyForge's precomputed effective biases (the portable binding's
 * const arrays, which TFLite Micro computes with arm_vector_sum_s8 at Prepare), time_major with batch 1 (the same
 * memory order as [1, T, F]). Buffers in the scratch: temp1 and temp2 (units int16 each), then — for a layer that
 * returns only the last h — the T·units outputs the kernel writes. The cell state is the layer's state buffer; the
 * last h is copied into the hidden state buffer, so both builds leave the same state.
 *
 * CMSIS-NN v7.0.0 always starts a call from a zero state (hidden_in = NULL, cell memset); only main since 4ab83cc3
 * ("Fixed LSTM", 2026-06: cmsis_nn_lstm_context.hidden_state) can continue from a kept state. A stateful (streaming)
 * LSTM therefore keeps the portable tf_lstm_unidirectional_s8 in both builds; the estimator prices that kernel as
 * measured beside CMSIS-NN.
 *
 * int16 (16x8): the portable tf_lstm_unidirectional_s16 in both builds for now (arm_lstm_unidirectional_s16 of v7.0.0
 * has the same steps and parameters, int64 biases; not yet bound).
 */
import type { KernelBinding, KernelSite } from '../types.ts'
import { CodegenError } from '../c-call.ts'
import { cInit } from '../c-syntax.ts'
import { lstmConstantNames } from '../portable/lstm.ts'
import { scratchCheck, vendorCall } from './cmsis-call.ts'

const sequenceLength = (site: KernelSite<'LSTM'>) => site.inputs[0]?.shape[1] ?? 0

/** temp1 + temp2, and the full output sequence when only the last h is returned. */
function buffers(units: number, steps: number, returnSequences: boolean): { temps: number; sequence: number; total: number } {
  const temps = 4 * units
  const sequence = returnSequences ? 0 : steps * units
  return { temps, sequence, total: temps + sequence }
}

export const lstm: KernelBinding<'LSTM'> = {
  op: 'LSTM',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'tf_lstm_unidirectional_s16'
    : site.attrs.stateful ? 'tf_lstm_unidirectional_s8' : 'arm_lstm_unidirectional_s8', calls: 1 }],
  scratchBytes: (site) => (site.output.dtype === 'int16' ? 2 * site.attrs.units : site.attrs.stateful ? site.attrs.units
    : buffers(site.attrs.units, sequenceLength(site), site.attrs.returnSequences).total),
  emit(node, io) {
    const d = node.opData
    if (d.stateful || d.int16) return undefined
    const s = node.symbol
    const [hidden, cell] = io.state ?? []
    if (!hidden || !cell) throw new CodegenError(`LSTM ${s}: no state buffers`)
    const H = d.units
    const gate = (g: number) => {
      const n = lstmConstantNames(s, g)
      const p = d.gates[g]
      const type = g === 2 ? (d.cellActivation === 'tanh' ? 'ARM_TANH' : 'ARM_SIGMOID') : 'ARM_SIGMOID'
      return { input_multiplier: p.inputMultiplier, input_shift: p.inputShift, input_weights: n.w, input_effective_bias: n.bx,
        hidden_multiplier: p.hiddenMultiplier, hidden_shift: p.hiddenShift, hidden_weights: n.r, hidden_effective_bias: n.bh,
        bias: 'NULL', activation_type: type }
    }
    const params = {
      time_major: 1, batch_size: 1, time_steps: d.timeSteps, input_size: d.inputSize, hidden_size: H, input_offset: d.inputOffset,
      forget_to_cell_multiplier: d.forgetToCellMultiplier, forget_to_cell_shift: d.forgetToCellShift,
      input_to_cell_multiplier: d.inputToCellMultiplier, input_to_cell_shift: d.inputToCellShift, cell_clip: d.cellClip,
      cell_scale_power: d.cellScalePower, output_multiplier: d.hiddenMultiplier, output_shift: d.hiddenShift,
      output_offset: d.hiddenZeroPoint, forget_gate: gate(1), input_gate: gate(0), cell_gate: gate(2), output_gate: gate(3),
    }
    const b = buffers(H, d.timeSteps, d.returnSequences)
    const out = d.returnSequences ? io.output : `(int8_t *)(void *)tf_scratch + ${b.temps}`
    const last = `${out} + ${(d.timeSteps - 1) * H}`
    return vendorCall([`static const cmsis_nn_lstm_params ${s}_cmsis_params = ${cInit(params)};`], [
      '{',
      `    ${scratchCheck(String(b.total))}`,
      `    cmsis_nn_lstm_context ctx = {.temp1 = (int16_t *)(void *)tf_scratch, .temp2 = (int16_t *)(void *)tf_scratch + ${H}, ` +
        `.cell_state = (int16_t *)(void *)(${cell})};`,
      `    TF_CMSIS_CHECK(arm_lstm_unidirectional_s8(${io.inputs[0]}, ${out}, &${s}_cmsis_params, &ctx));`,
      `    for (int32_t i = 0; i < ${H}; i++)`,
      '    {',
      `        (${hidden})[i] = (${last})[i];`,
      ...(d.returnSequences ? [] : [`        (${io.output})[i] = (${last})[i];`]),
      '    }',
      '}',
    ])
  },
}
