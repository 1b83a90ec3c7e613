/**
 * FullyConnected — dense layer. Any input of batch 1 is read as the flat vector x[K], K = its element
 * count (as TFLite does); weights [units, K], bias [units]:
 *   y[u] = act( bias[u] + Σ_k w[u, k] · x[k] )      → output [1, units]
 * MACs (bias not counted): K · units. Ranges: units 1..8192.
 */
import type { TensorInfo } from '../ir/types.ts'
import { shapeSize } from '../ir/types.ts'
import type { Activation, WeightSpec } from './op-def.ts'
import { OpError, activationAttr, activationRange, defineOp, requireWeight } from './op-def.ts'

type FullyConnectedAttrs = {
  units: number
  useBias: boolean
  activation: Activation
}

/** K: the flattened input length; throws when the input is missing or not of batch 1. */
function inputLength(info: TensorInfo | undefined): number {
  if (!info) throw new OpError('FullyConnected needs an input')
  if (info.shape.length < 2 || info.shape[0] !== 1) {
    throw new OpError(`FullyConnected needs an input of batch 1 (1×…), got ${info.shape.join('×')}`)
  }
  return shapeSize(info.shape)
}

export const fullyConnected = defineOp<FullyConnectedAttrs>({
  type: 'FullyConnected',
  label: 'FullyConnected',
  category: 'dense',
  summary: 'y = act(W·x + bias), x flattened to K values, W of shape units×K',
  attrs: {
    units: { kind: 'int', label: 'Units', default: 10, min: 1, max: 8192, help: 'Number of output values' },
    useBias: { kind: 'bool', label: 'Use bias', default: true },
    activation: activationAttr('none'),
  },

  inputCount: () => 1,

  weightSpecs(attrs, inputs) {
    const k = inputLength(inputs[0])
    const specs: WeightSpec[] = [{ name: 'weights', shape: [attrs.units, k], dtype: 'float32', fanIn: k, init: 'he-uniform' }]
    if (attrs.useBias) specs.push({ name: 'bias', shape: [attrs.units], dtype: 'float32', fanIn: k, init: 'zeros' })
    return specs
  },

  inferShape(attrs, inputs) {
    inputLength(inputs[0])
    return [1, attrs.units]
  },

  validate: () => [],

  macs: (attrs, inputs) => shapeSize(inputs[0].shape) * attrs.units,

  evalFloat({ attrs, inputs, weights }) {
    const x = inputs[0]
    const K = x.length
    const w = requireWeight(weights, 'weights', 'FullyConnected')
    const bias = attrs.useBias ? requireWeight(weights, 'bias', 'FullyConnected') : undefined
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(attrs.units)
    for (let u = 0; u < attrs.units; u++) {
      let acc = bias ? bias[u] : 0
      const row = u * K
      for (let k = 0; k < K; k++) acc += w[row + k] * x[k]
      out[u] = acc < lo ? lo : acc > hi ? hi : acc
    }
    return out
  },
})
