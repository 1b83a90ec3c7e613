/**
 * Softmax — over the last axis, each row independently, with TFLite's `beta`:
 *   y[i] = exp(β·(x[i] − max)) / Σ_j exp(β·(x[j] − max))
 * Subtracting the row max keeps exp() from overflowing; the result is the same. Any rank ≥ 2. MACs: 0.
 * Ranges: beta 0.001..1000 (default 1).
 */
import { formatShape } from '../ir/types.ts'
import { OpError, defineOp } from './op-def.ts'

type SoftmaxAttrs = {
  beta: number
}

export const softmax = defineOp<SoftmaxAttrs>({
  type: 'Softmax',
  label: 'Softmax',
  category: 'activation',
  summary: 'y = exp(β·x) / Σ exp(β·x) over the last axis',
  attrs: {
    beta: { kind: 'float', label: 'Beta', default: 1, min: 0.001, max: 1000, help: 'Inverse temperature: logits are multiplied by it' },
  },

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    const info = inputs[0]
    if (!info) throw new OpError('Softmax needs an input')
    if (info.shape.length < 2) throw new OpError(`Softmax needs an input of rank 2 or more (1×N), got ${formatShape(info.shape)}`)
    return [...info.shape]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ attrs, inputs, outputShape }) {
    const x = inputs[0]
    const n = outputShape[outputShape.length - 1]
    const rows = x.length / n
    const beta = attrs.beta
    const out = new Float32Array(x.length)
    for (let r = 0; r < rows; r++) {
      const base = r * n
      let max = -Infinity
      for (let i = 0; i < n; i++) if (x[base + i] > max) max = x[base + i]
      let sum = 0
      for (let i = 0; i < n; i++) {
        const e = Math.exp(beta * (x[base + i] - max))
        out[base + i] = e
        sum += e
      }
      for (let i = 0; i < n; i++) out[base + i] /= sum
    }
    return out
  },
})
