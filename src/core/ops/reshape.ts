/**
 * Reshape — same values in the same (row-major NHWC) order under a new shape. The `shape` attr excludes the
 * batch: [a, b] → output [1, a, b]. At most one entry may be −1, inferred so the element count is kept;
 * all others must be ≥ 1. MACs: 0. Ranges: 1..3 dims, each −1 or 1..65536.
 *
 * int8 (both schemes): the bytes are copied (or aliased); the output keeps the input's quantization.
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import type { CopyOpData } from '../quant/kernel-params.ts'
import { freeze, sharedQuant } from '../quant/kernel-params.ts'
import { defineOp, OpError, sharedOutputQuant, INT8_OR_INT16 } from './op-def.ts'

type ReshapeAttrs = {
  shape: number[]
}

export const reshape = defineOp<'Reshape', ReshapeAttrs, CopyOpData>({
  type: 'Reshape',
  label: 'Reshape',
  category: 'shape',
  summary: 'y = x with a new shape (same values, same order)',
  attrs: {
    shape: { kind: 'ints', label: 'Shape', default: [-1], minLength: 1, maxLength: 3, min: -1, max: 65536,
      help: 'New dimensions without the batch; one of them may be −1 (inferred)' },
  },

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(attrs, inputs) {
    const info = inputs[0]
    if (!info) throw new OpError('Reshape needs an input')
    if (info.shape[0] !== 1) throw new OpError(`Reshape supports batch 1 only, got ${formatShape(info.shape)}`)
    const total = shapeSize(info.shape)
    const dims = attrs.shape
    const unknown = dims.filter((d) => d === -1).length
    if (unknown > 1) throw new OpError('Reshape shape may contain at most one −1')
    if (dims.some((d) => d === 0 || d < -1)) throw new OpError('Reshape sizes must be positive (or −1 for one inferred size)')
    const known = dims.reduce((n, d) => (d === -1 ? n : n * d), 1)
    if (unknown === 1) {
      if (total % known !== 0) {
        throw new OpError(`Reshape cannot infer −1: ${formatShape(info.shape)} has ${total} values, not a multiple of ${known}`)
      }
      return [1, ...dims.map((d) => (d === -1 ? total / known : d))]
    }
    if (known !== total) {
      throw new OpError(`Reshape cannot turn ${formatShape(info.shape)} (${total} values) into ` +
        `${formatShape([1, ...dims])} (${known} values)`)
    }
    return [1, ...dims]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat: ({ inputs }) => Float32Array.from(inputs[0]),

  outputQuant: sharedOutputQuant,

  costKind: () => 'none',

  aliasesInput: true,

  dtypes: INT8_OR_INT16,

  prepare({ scheme, inputs, output }) {
    sharedQuant(scheme, inputs[0], output, 'Reshape')
    return freeze({ scheme, size: shapeSize(output.shape) })
  },

  evalInt8: (_d, inputs) => Int8Array.from(inputs[0]),
})
