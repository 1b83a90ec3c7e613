/**
 * LSTM on the portable runtime: tf_lstm_unidirectional_s8 with its weights and effective biases as const arrays (read
 * through the params struct, also by the CMSIS-NN variant); state `io.state` = [hidden int8, cell int16], reset by
 * `<prefix>_reset()` (and at the start of every call unless the layer is stateful). Scratch: `units` int8 (the
 * previous h during a step).
 */
import { LSTM_GATES, lstmRecurrentName, lstmWeightName } from '../../ops/lstm.ts'
import type { LstmOpData } from '../../ops/lstm.ts'
import type { BoundNode, KernelBinding } from '../types.ts'
import { CodegenError, decl } from '../c-call.ts'
import { cArray } from '../c-syntax.ts'

/** C names of gate g's constants. */
export const lstmConstantNames = (s: string, g: number) => {
  const k = LSTM_GATES[g]
  return { w: `${s}_w_${k}`, r: `${s}_r_${k}`, bx: `${s}_bx_${k}`, bh: `${s}_bh_${k}` }
}

/** The gate weights and effective biases as const arrays (flash). */
export function lstmConstants(node: BoundNode<'LSTM'>): string[] {
  const out: string[] = []
  node.opData.gates.forEach((gate, g) => {
    const n = lstmConstantNames(node.symbol, g)
    const w = node.weights[lstmWeightName(g)]
    const r = node.weights[lstmRecurrentName(g)]
    if (!(w instanceof Int8Array) || !(r instanceof Int8Array)) throw new CodegenError(`LSTM ${node.symbol}: int8 weights are missing`)
    out.push(cArray('int8_t', n.w, w, { attrs: 'TF_WEIGHTS_ATTR' }), cArray('int8_t', n.r, r, { attrs: 'TF_WEIGHTS_ATTR' }),
      cArray('int32_t', n.bx, gate.inputEffectiveBias, { attrs: 'TF_WEIGHTS_ATTR' }),
      cArray('int32_t', n.bh, gate.hiddenEffectiveBias, { attrs: 'TF_WEIGHTS_ATTR' }))
  })
  return out
}

function params(d: LstmOpData, s: string) {
  return {
    time_steps: d.timeSteps, input_size: d.inputSize, units: d.units, return_sequences: d.returnSequences ? 1 : 0,
    stateful: d.stateful ? 1 : 0, cell_activation: d.cellActivation === 'tanh' ? 1 : 0,
    forget_to_cell_multiplier: d.forgetToCellMultiplier, forget_to_cell_shift: d.forgetToCellShift,
    input_to_cell_multiplier: d.inputToCellMultiplier, input_to_cell_shift: d.inputToCellShift, cell_clip: d.cellClip,
    cell_scale_power: d.cellScalePower, hidden_multiplier: d.hiddenMultiplier, hidden_shift: d.hiddenShift,
    hidden_zero_point: d.hiddenZeroPoint,
    gates: d.gates.map((gate, g) => {
      const n = lstmConstantNames(s, g)
      return { input_multiplier: gate.inputMultiplier, input_shift: gate.inputShift, hidden_multiplier: gate.hiddenMultiplier,
        hidden_shift: gate.hiddenShift, input_weights: n.w, hidden_weights: n.r, input_effective_bias: n.bx, hidden_effective_bias: n.bh }
    }),
  }
}

export const lstm: KernelBinding<'LSTM'> = {
  op: 'LSTM',
  calls: () => [{ kernel: 'tf_lstm_unidirectional_s8', calls: 1 }],
  scratchBytes: (site) => site.attrs.units,
  emit(node, io) {
    const s = node.symbol
    const [hidden, cell] = io.state ?? []
    if (!hidden || !cell) throw new CodegenError(`LSTM ${s}: no state buffers`)
    const cellRef = `(int16_t *)(void *)(${cell})`
    return {
      runtime: ['tf_lstm_unidirectional_s8'], constants: lstmConstants(node),
      declarations: [decl('tf_lstm_s8_params', `${s}_params`, params(node.opData, s))],
      statements: [`tf_lstm_unidirectional_s8(&${s}_params, ${io.inputs[0]}, ${io.output}, ${hidden}, ${cellRef}, (int8_t *)(void *)tf_scratch);`],
      reset: [`tf_lstm_unidirectional_s8_reset(${node.opData.units}, ${node.opData.hiddenZeroPoint}, ${hidden}, ${cellRef});`],
    }
  },
}
