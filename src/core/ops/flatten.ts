/**
 * Flatten — [1, d₁, …, dₙ] → [1, d₁·…·dₙ], values unchanged in row-major (NHWC) order. No attributes. MACs: 0.
 *
 * int8 (both schemes): the bytes are copied (or aliased); the output keeps the input's quantization.
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import type { CopyOpData } from '../quant/kernel-params.ts'
import { freeze, sharedQuant } from '../quant/kernel-params.ts'
import { defineOp, OpError, sharedOutputQuant, INT8_OR_INT16 } from './op-def.ts'

type FlattenAttrs = Record<string, never>

export const flatten = defineOp<'Flatten', FlattenAttrs, CopyOpData>({
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

  outputQuant: sharedOutputQuant,

  costKind: () => 'none',

  aliasesInput: true,

  dtypes: INT8_OR_INT16,

  channels: () => ({ kind: 'flatten' }),

  prepare({ scheme, inputs, output }) {
    sharedQuant(scheme, inputs[0], output, 'Flatten')
    return freeze({ scheme, size: shapeSize(output.shape) })
  },

  evalInt8: (_d, inputs) => Int8Array.from(inputs[0]),
})
