/**
 * Transpose — permutes the axes of a tensor of rank 2..4 (batch included):
 *   y[i_perm[0], …, i_perm[r−1]] = x[i_0, …, i_{r−1}],   output shape[k] = input shape[perm[k]]
 * `perm` lists, for each output axis, the input axis it takes (TFLite TRANSPOSE / ONNX Transpose). It must be a
 * permutation of 0..r−1 that changes something, and keep the batch axis first (perm[0] = 0: batch stays 1).
 * MACs: 0. Ranges: rank 2..4 (CMSIS-NN arm_transpose_s8 takes up to four dims).
 *
 * int8, both schemes (arm_transpose_s8 = TFLite reference TRANSPOSE): a byte permutation; the output keeps the input's
 *   quantization (outputQuant 'shared').
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import { freeze, sharedQuant } from '../quant/kernel-params.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { OpError, defineOp, sharedOutputQuant } from './op-def.ts'

type TransposeAttrs = {
  perm: number[]
}

/** Frozen dims of a Transpose: the input shape (rank 2..4) and the permutation. */
export interface TransposeOpData {
  scheme: QuantScheme
  inputShape: number[]
  outputShape: number[]
  perm: number[]
}

/** Output offset of every input element (row-major input order). */
export function transposeOffsets(inputShape: readonly number[], perm: readonly number[]): Int32Array {
  const rank = inputShape.length
  const outShape = perm.map((p) => inputShape[p])
  const outStride = new Array<number>(rank).fill(1)
  for (let k = rank - 2; k >= 0; k--) outStride[k] = outStride[k + 1] * outShape[k + 1]
  // Input axis perm[k] moves to output axis k: its stride in the output is outStride[k].
  const strideOfInputAxis = new Array<number>(rank)
  perm.forEach((p, k) => { strideOfInputAxis[p] = outStride[k] })
  const n = shapeSize(inputShape)
  const offsets = new Int32Array(n)
  const index = new Array<number>(rank).fill(0)
  for (let i = 0; i < n; i++) {
    let o = 0
    for (let a = 0; a < rank; a++) o += index[a] * strideOfInputAxis[a]
    offsets[i] = o
    for (let a = rank - 1; a >= 0; a--) {
      if (++index[a] < inputShape[a]) break
      index[a] = 0
    }
  }
  return offsets
}

function permute<T extends Float32Array | Int8Array>(x: ArrayLike<number>, inputShape: readonly number[], perm: readonly number[], out: T): T {
  const offsets = transposeOffsets(inputShape, perm)
  for (let i = 0; i < offsets.length; i++) out[offsets[i]] = x[i]
  return out
}

export const transpose = defineOp<'Transpose', TransposeAttrs, TransposeOpData>({
  type: 'Transpose',
  label: 'Transpose',
  category: 'shape',
  summary: 'y = x with its axes permuted: output axis k is input axis perm[k]',
  attrs: {
    perm: { kind: 'ints', label: 'Permutation', default: [0, 2, 1], minLength: 2, maxLength: 4, min: 0, max: 3,
      help: 'For each output axis, the input axis it takes (batch axis 0 stays first)' },
  },

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(attrs, inputs) {
    const info = inputs[0]
    if (!info) throw new OpError('Transpose needs an input')
    const rank = info.shape.length
    const { perm } = attrs
    if (perm.length !== rank) {
      throw new OpError(`Transpose needs one permutation entry per axis: the input ${formatShape(info.shape)} has ${rank}, got ${perm.length}`)
    }
    if ([...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
      throw new OpError(`Transpose permutation [${perm.join(', ')}] must list each axis 0..${rank - 1} once`)
    }
    if (perm[0] !== 0) throw new OpError('Transpose must keep the batch axis first (permutation entry 0 = 0)')
    return perm.map((p) => info.shape[p])
  },

  validate(attrs) {
    return attrs.perm.every((p, i) => p === i) ? ['Transpose permutation changes nothing; remove the Transpose'] : []
  },

  macs: () => 0,

  evalFloat: ({ attrs, inputs, inputShapes, outputShape }) =>
    permute(inputs[0], inputShapes[0], attrs.perm, new Float32Array(shapeSize(outputShape))),

  outputQuant: sharedOutputQuant,

  costKind: () => 'copy',

  // Channel c of the output is channel c of the input when the last axis stays last; otherwise channels move.
  channels: (attrs) => (attrs.perm[attrs.perm.length - 1] === attrs.perm.length - 1 ? { kind: 'passthrough' } : { kind: 'blocks' }),

  prepare({ scheme, attrs, inputs, output }) {
    sharedQuant(scheme, inputs[0], output, 'Transpose')
    return freeze<TransposeOpData>({ scheme, inputShape: [...inputs[0].shape], outputShape: [...output.shape], perm: [...attrs.perm] })
  },

  evalInt8: (d, inputs) => permute(inputs[0], d.inputShape, d.perm, new Int8Array(shapeSize(d.outputShape))),
})
