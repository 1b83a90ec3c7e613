/**
 * Add — element-wise sum of two tensors of identical shape (no broadcasting), any rank:
 *   y[i] = act( a[i] + b[i] )
 * MACs: 0 (element-wise ops are not counted, as ADD in MLPerf Tiny's per-layer counts).
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import type { Activation } from './op-def.ts'
import { OpError, activationAttr, activationRange, defineOp } from './op-def.ts'

type AddAttrs = {
  activation: Activation
}

export const add = defineOp<AddAttrs>({
  type: 'Add',
  label: 'Add',
  category: 'elementwise',
  summary: 'y = act(a + b), both inputs of the same shape',
  attrs: {
    activation: activationAttr('none'),
  },

  inputCount: () => 2,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    const [a, b] = inputs
    if (!a || !b) throw new OpError('Add needs two inputs')
    const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])
    if (!same) {
      throw new OpError(`Add needs two inputs of the same shape; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`)
    }
    return [...a.shape]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ attrs, inputs, outputShape }) {
    const [a, b] = inputs
    const n = shapeSize(outputShape)
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const v = a[i] + b[i]
      out[i] = v < lo ? lo : v > hi ? hi : v
    }
    return out
  },
})
