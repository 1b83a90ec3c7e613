/**
 * Concat — joins 2..8 tensors along the last (channel) axis; all other dims must be equal:
 *   [1, …, C₁] ⧺ [1, …, C₂] ⧺ … → [1, …, C₁ + C₂ + …]; each output row is the inputs' rows in port order.
 * MACs: 0. Ranges: inputs 2..8.
 *
 * int8 (both schemes; arm_concatenation_s8_x per input): a byte copy, so every input must already carry the
 * output's quantization — TFLite Micro's CONCATENATION refuses int8 rescaling too, and PTQ gives the inputs and
 * the output one shared scale and zero point.
 */
import { formatShape } from '../ir/types.ts'
import { freeze, sharedQuant } from '../quant/kernel-params.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { defineOp, OpError, sharedOutputQuant } from './op-def.ts'

type ConcatAttrs = {
  inputs: number
}

/** Frozen parameters of an int8 Concat: `rows` outer positions, each joining the inputs' channel runs. */
export interface ConcatOpData {
  scheme: QuantScheme
  rows: number
  inputChannels: number[]
  outputChannels: number
}

export const concat = defineOp<'Concat', ConcatAttrs, ConcatOpData>({
  type: 'Concat',
  label: 'Concat',
  category: 'elementwise',
  summary: 'y = [x₁, x₂, …] joined along the channel (last) axis',
  attrs: {
    inputs: { kind: 'int', label: 'Inputs', default: 2, min: 2, max: 8, help: 'Number of tensors to join' },
  },

  inputCount: (attrs) => attrs.inputs,

  weightSpecs: () => [],

  inferShape(attrs, inputs) {
    if (inputs.length !== attrs.inputs) throw new OpError(`Concat needs ${attrs.inputs} inputs, got ${inputs.length}`)
    const first = inputs[0].shape
    if (first.length < 2) throw new OpError(`Concat needs inputs of rank 2 or more, got ${formatShape(first)}`)
    const last = first.length - 1
    let channels = 0
    inputs.forEach((info, port) => {
      const s = info.shape
      const fits = s.length === first.length && s.every((d, i) => i === last || d === first[i])
      if (!fits) {
        throw new OpError(`Concat joins along the last axis, so all other dimensions must match; input 1 is ` +
          `${formatShape(first)} but input ${port + 1} is ${formatShape(s)}`)
      }
      channels += s[last]
    })
    return [...first.slice(0, last), channels]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs, inputShapes, outputShape }) {
    const last = outputShape.length - 1
    const outC = outputShape[last]
    let rows = 1
    for (let i = 0; i < last; i++) rows *= outputShape[i]
    const out = new Float32Array(rows * outC)
    let offset = 0
    for (let port = 0; port < inputs.length; port++) {
      const x = inputs[port]
      const c = inputShapes[port][last]
      for (let r = 0; r < rows; r++) {
        const src = r * c
        const dst = r * outC + offset
        for (let i = 0; i < c; i++) out[dst + i] = x[src + i]
      }
      offset += c
    }
    return out
  },

  outputQuant: sharedOutputQuant,

  channels: () => ({ kind: 'concat' }),

  prepare({ scheme, inputs, output }) {
    inputs.forEach((info, port) => sharedQuant(scheme, info, output, 'Concat', ` ${port + 1}`))
    const last = output.shape.length - 1
    let rows = 1
    for (let i = 0; i < last; i++) rows *= output.shape[i]
    return freeze({ scheme, rows, inputChannels: inputs.map((t) => t.shape[last]),
      outputChannels: output.shape[last] })
  },

  evalInt8(d, inputs) {
    const out = new Int8Array(d.rows * d.outputChannels)
    let offset = 0
    d.inputChannels.forEach((c, port) => {
      const x = inputs[port]
      for (let r = 0; r < d.rows; r++) out.set(x.subarray(r * c, (r + 1) * c), r * d.outputChannels + offset)
      offset += c
    })
    return out
  },
})
