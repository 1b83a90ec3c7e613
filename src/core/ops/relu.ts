/**
 * ReLU — element-wise y = max(0, x), any shape. No attributes. MACs: 0.
 * Usually fused into the producer's `activation` attr where the kernel allows.
 */
import { OpError, defineOp } from './op-def.ts'

type ReluAttrs = Record<string, never>

export const relu = defineOp<ReluAttrs>({
  type: 'ReLU',
  label: 'ReLU',
  category: 'activation',
  summary: 'y = max(0, x)',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    if (!inputs[0]) throw new OpError('ReLU needs an input')
    return [...inputs[0].shape]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs }) {
    const x = inputs[0]
    const out = new Float32Array(x.length)
    for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0
    return out
  },
})
