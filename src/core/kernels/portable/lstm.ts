/**
 * LSTM on the portable runtime: tf_lstm_unidirectional_s8 with its weights and effective biases as const arrays (read
 * through the params struct, also by the CMSIS-NN variant); state = [hidden int8, cell int16], reset by the reset call
 * (`<prefix>_reset()`; and at the start of every call unless the layer is stateful). Scratch: `units` int8 (the
 * previous h during a step). A layer kept at int16 (16x8): tf_lstm_unidirectional_s16, the same params struct and
 * constants (its input effective bias is the bias, summed in 64 bits), int16 hidden state, `units` int16 scratch.
 */
import { LSTM_GATES, lstmRecurrentName, lstmWeightName } from '../../ops/lstm.ts'
import type { LstmOpData } from '../../ops/lstm.ts'
import type { NodeConstant } from '../call-plan.ts'
import type { StructValue } from './runtime-structs.ts'
import type { KernelBinding, PlanNode } from '../types.ts'
import { CodegenError, INPUT0, INPUT0_S16, OUTPUT, OUTPUT_S16, PARAMS, int } from '../c-call.ts'

/** C names of gate g's constants (`<symbol>_<name>`: the names of its call plan's constants). */
export const lstmConstantNames = (s: string, g: number) => {
  const k = LSTM_GATES[g]
  return { w: `${s}_w_${k}`, r: `${s}_r_${k}`, bx: `${s}_bx_${k}`, bh: `${s}_bh_${k}` }
}

/** The gate weights and effective biases as const arrays (flash), gate by gate. */
function lstmConstants(node: PlanNode<'LSTM'>): NodeConstant[] {
  return node.opData.gates.flatMap((gate, g): NodeConstant[] => {
    const k = LSTM_GATES[g]
    const w = node.weights[lstmWeightName(g)]
    const r = node.weights[lstmRecurrentName(g)]
    if (!(w instanceof Int8Array) || !(r instanceof Int8Array)) throw new CodegenError('LSTM: int8 weights are missing')
    return [{ name: `w_${k}`, type: 'int8_t', data: w, weightsSection: true }, { name: `r_${k}`, type: 'int8_t', data: r, weightsSection: true },
      { name: `bx_${k}`, type: 'int32_t', data: gate.inputEffectiveBias, weightsSection: true },
      { name: `bh_${k}`, type: 'int32_t', data: gate.hiddenEffectiveBias, weightsSection: true }]
  })
}

function params(d: LstmOpData): StructValue<'tf_lstm_s8_params'> {
  return {
    time_steps: d.timeSteps, input_size: d.inputSize, units: d.units, return_sequences: d.returnSequences ? 1 : 0,
    stateful: d.stateful ? 1 : 0, cell_activation: d.cellActivation === 'tanh' ? 1 : 0,
    forget_to_cell_multiplier: d.forgetToCellMultiplier, forget_to_cell_shift: d.forgetToCellShift,
    input_to_cell_multiplier: d.inputToCellMultiplier, input_to_cell_shift: d.inputToCellShift, cell_clip: d.cellClip,
    cell_scale_power: d.cellScalePower, hidden_multiplier: d.hiddenMultiplier, hidden_shift: d.hiddenShift,
    hidden_zero_point: d.hiddenZeroPoint,
    gates: d.gates.map((gate, g) => {
      const k = LSTM_GATES[g]
      return { input_multiplier: gate.inputMultiplier, input_shift: gate.inputShift, hidden_multiplier: gate.hiddenMultiplier,
        hidden_shift: gate.hiddenShift, input_weights: { constant: `w_${k}` }, hidden_weights: { constant: `r_${k}` },
        input_effective_bias: { constant: `bx_${k}` }, hidden_effective_bias: { constant: `bh_${k}` } }
    }),
  }
}

const HIDDEN = { kind: 'state', index: 0, element: 'int8_t' } as const
const CELL = { kind: 'state', index: 1, element: 'int16_t' } as const
const HIDDEN_S16 = { kind: 'state', index: 0, element: 'int16_t' } as const

export const lstm: KernelBinding<'LSTM'> = {
  op: 'LSTM',
  calls: (site) => [{ kernel: site.output.dtype === 'int16' ? 'tf_lstm_unidirectional_s16' : 'tf_lstm_unidirectional_s8', calls: 1 }],
  scratchBytes: (site) => (site.output.dtype === 'int16' ? 2 : 1) * site.attrs.units,
  call(node) {
    const d = node.opData
    if (d.int16) {
      return {
        runtime: ['tf_lstm_unidirectional_s8'], constants: lstmConstants(node),
        params: { type: 'tf_lstm_s8_params', value: params(d) },
        invocations: [{ fn: 'tf_lstm_unidirectional_s16', args: [PARAMS, INPUT0_S16, OUTPUT_S16, HIDDEN_S16, CELL, { kind: 'scratch', element: 'int16_t' }] }],
        reset: [{ fn: 'tf_lstm_unidirectional_s16_reset', args: [int(d.units), HIDDEN_S16, CELL] }],
      }
    }
    return {
      runtime: ['tf_lstm_unidirectional_s8'], constants: lstmConstants(node), params: { type: 'tf_lstm_s8_params', value: params(d) },
      invocations: [{ fn: 'tf_lstm_unidirectional_s8', args: [PARAMS, INPUT0, OUTPUT, HIDDEN, CELL, { kind: 'scratch', element: 'int8_t' }] }],
      reset: [{ fn: 'tf_lstm_unidirectional_s8_reset', args: [int(d.units), int(d.hiddenZeroPoint), HIDDEN, CELL] }],
    }
  },
}
