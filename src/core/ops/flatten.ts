/**
 * Flatten — [1, d₁, …, dₙ] → [1, d₁·…·dₙ], values unchanged in row-major (NHWC) order. No attributes. MACs: 0.
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import { OpError, defineOp } from './op-def.ts'

type FlattenAttrs = Record<string, never>

export const flatten = defineOp<FlattenAttrs>({
  type: 'Flatten',
  label: 'Flatten',
  category: 'shape',
  summary: 'y = x as one row of all its values',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    const info = inputs[0]
    if (!info) throw new OpError('Flatten needs an input')
    if (info.shape.length < 2 || info.shape[0] !== 1) {
      throw new OpError(`Flatten needs an input of batch 1 (1×…), got ${formatShape(info.shape)}`)
    }
    return [1, shapeSize(info.shape)]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat: ({ inputs }) => Float32Array.from(inputs[0]),
})
