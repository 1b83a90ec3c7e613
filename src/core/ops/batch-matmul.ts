/**
 * BatchMatMul — matrix product of two computed tensors over a batch axis (TFLite BATCH_MATMUL, ONNX MatMul of two
 * activations):
 *   y[b, m, n] = Σ_k a[b_a, m, k] · B[b_b, k, n]        B = b, or bᵀ per batch when transposeB (TFLite adj_y)
 * Shapes: a [1, M, K] and b [1, K, N] (rank 3), or a [1, Ba, M, K] and b [1, Bb, K, N] (rank 4; Ba = Bb or one of
 * them 1, broadcast); transposeB takes b as [.., N, K]. Output [1, M, N] / [1, max(Ba, Bb), M, N].
 * MACs: batches·M·N·K. No fused activation (TFLite has none). Ranges: transposed `a` (adj_x) is not offered.
 *
 * int8, s8 only (arm_batch_matmul_s8 = TFLite reference integer BATCH_MATMUL): both operands asymmetric int8,
 *   acc = Σ (a − zp_a)·(b − zp_b);  y = clamp(MultiplyByQuantizedMultiplier(acc, M, shift) + zp_out, −128, 127),
 *   M·2^(shift−31) ≈ s_a·s_b / s_out with the product of the two scales rounded to float32 first (TFLite's
 *   GetQuantizedConvolutionMultipler). The accumulator is int32 (wraps as C would beyond 2^31; K·255² < 2^31 for K < 33000).
 * int16 (16x8: CMSIS-NN arm_batch_matmul_s16, v7.0.0, via arm_nn_vec_mat_mult_t_s16_s16): int16 operands and output,
 *   zero points 0, the same multiplier; int64 sums, y = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(M), shift)),
 *   i.e. ((int32)((acc·rm) >> (14 − shift)) + 1) >> 1 with rm = M rounded to Q15 (no rounding-mode choice); shift ≤ 14.
 *   The kernel takes b transposed; CMSIS-NN v7.0.0 has no arm_transpose_s16, so an untransposed b runs the portable
 *   tf_batch_matmul_s16 in both builds. acc·rm is computed in BigInt here (it passes 2^53 beyond K = 256).
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import type { TensorInfo } from '../ir/types.ts'
import { quantizeMultiplier } from '../quant/fixed-point.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { QuantError, activationQuant, freeze, requantizeS8, roundingField } from '../quant/kernel-params.ts'
import { activationQuantS16, reduceMultiplier } from '../quant/int16-params.ts'
import { INT8_OR_INT16, OpError, S8_ONLY, defineOp, requireScheme } from './op-def.ts'

type BatchMatMulAttrs = {
  transposeB: boolean
}

/** Frozen dims and requantization of an s8 BatchMatMul. */
export interface BatchMatMulOpData extends RoundingField {
  scheme: 's8'
  /** int16 activations (arm_batch_matmul_s16): offsets 0, int64 sums, arm_nn_requantize_s64, int16 output. */
  int16?: true
  /** Batches of a, of b and of the output (1 for rank-3 operands). */
  lhsBatches: number
  rhsBatches: number
  batches: number
  /** M, K, N. */
  rows: number
  depth: number
  cols: number
  transposeB: boolean
  lhsOffset: number
  rhsOffset: number
  outputOffset: number
  multiplier: number
  shift: number
  actMin: number
  actMax: number
}

interface Geometry { lhsBatches: number; rhsBatches: number; batches: number; rows: number; depth: number; cols: number }

function geometry(attrs: BatchMatMulAttrs, inputs: readonly TensorInfo[]): Geometry {
  const [a, b] = inputs
  if (!a || !b) throw new OpError('BatchMatMul needs two inputs')
  const rank = a.shape.length
  if ((rank !== 3 && rank !== 4) || b.shape.length !== rank) {
    throw new OpError(`BatchMatMul needs two inputs of rank 3 ([1, M, K]) or both rank 4 ([1, B, M, K]); got ` +
      `${formatShape(a.shape)} and ${formatShape(b.shape)}`)
  }
  if (a.shape[0] !== 1 || b.shape[0] !== 1) throw new OpError('BatchMatMul supports batch 1 only')
  const lhsBatches = rank === 4 ? a.shape[1] : 1
  const rhsBatches = rank === 4 ? b.shape[1] : 1
  if (lhsBatches !== rhsBatches && lhsBatches !== 1 && rhsBatches !== 1) {
    throw new OpError(`BatchMatMul batch axes must be equal or 1 (broadcast); got ${lhsBatches} and ${rhsBatches}`)
  }
  const [rows, depth] = a.shape.slice(-2)
  const [r0, r1] = b.shape.slice(-2)
  const [bDepth, cols] = attrs.transposeB ? [r1, r0] : [r0, r1]
  if (bDepth !== depth) {
    throw new OpError(`BatchMatMul: a has ${depth} columns but b ${attrs.transposeB ? '(transposed) ' : ''}has ${bDepth} rows`)
  }
  return { lhsBatches, rhsBatches, batches: Math.max(lhsBatches, rhsBatches), rows, depth, cols }
}

/** Σ over k for every output element, the operands read through `la`, `rb` (offsets applied by the caller). */
function product(g: Geometry, transposeB: boolean, a: ArrayLike<number>, b: ArrayLike<number>, la: number, rb: number,
  emit: (acc: number, index: number) => void): void {
  const { rows: M, depth: K, cols: N } = g
  for (let bt = 0; bt < g.batches; bt++) {
    const aBase = (g.lhsBatches === 1 ? 0 : bt) * M * K
    const bBase = (g.rhsBatches === 1 ? 0 : bt) * K * N
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let acc = 0
        for (let k = 0; k < K; k++) {
          const bv = transposeB ? b[bBase + n * K + k] : b[bBase + k * N + n]
          acc += (a[aBase + m * K + k] + la) * (bv + rb)
        }
        emit(acc, (bt * M + m) * N + n)
      }
    }
  }
}

export const batchMatMul = defineOp<'BatchMatMul', BatchMatMulAttrs, BatchMatMulOpData>({
  type: 'BatchMatMul',
  label: 'BatchMatMul',
  category: 'dense',
  summary: 'y[b] = a[b] · b[b] (or a[b] · b[b]ᵀ), two computed operands',
  attrs: {
    transposeB: { kind: 'bool', label: 'Transpose b', default: false, help: 'Read the second operand as [.., N, K] (TFLite adj_y)' },
  },

  inputCount: () => 2,

  weightSpecs: () => [],

  inferShape(attrs, inputs) {
    const g = geometry(attrs, inputs)
    return inputs[0].shape.length === 3 ? [1, g.rows, g.cols] : [1, g.batches, g.rows, g.cols]
  },

  validate: () => [],

  macs(attrs, inputs) {
    const g = geometry(attrs, inputs)
    return g.batches * g.rows * g.cols * g.depth
  },

  evalFloat({ attrs, inputs, inputShapes, outputShape }) {
    const g = geometry(attrs, inputShapes.map((shape) => ({ shape, dtype: 'float32' as const })))
    const out = new Float32Array(shapeSize(outputShape))
    product(g, attrs.transposeB, inputs[0], inputs[1], 0, 0, (acc, i) => { out[i] = acc })
    return out
  },

  costKind: () => 'fc',

  schemes: S8_ONLY,

  dtypes: INT8_OR_INT16,

  prepare({ scheme, attrs, inputs, output, rounding }) {
    requireScheme('BatchMatMul', S8_ONLY, scheme)
    const g = geometry(attrs, inputs)
    const int16 = output.dtype === 'int16'
    const quantOf = int16 ? activationQuantS16 : activationQuant
    const a = quantOf(inputs[0], 'BatchMatMul input a')
    const b = quantOf(inputs[1], 'BatchMatMul input b')
    const out = quantOf(output, 'BatchMatMul output')
    const { multiplier, shift } = quantizeMultiplier(Math.fround(a.scale * b.scale) / out.scale)
    if (int16) {
      if (shift > 14) {
        throw new QuantError(`BatchMatMul at int16: the rescale s_a·s_b / s_out needs shift ${shift}; arm_nn_requantize_s64 takes at most 14`)
      }
      return freeze<BatchMatMulOpData>({ scheme: 's8', int16, ...g, transposeB: attrs.transposeB, lhsOffset: 0, rhsOffset: 0, outputOffset: 0,
        multiplier, shift, actMin: -32768, actMax: 32767 })
    }
    return freeze<BatchMatMulOpData>({ scheme: 's8', ...g, transposeB: attrs.transposeB, lhsOffset: -a.zeroPoint, rhsOffset: -b.zeroPoint,
      outputOffset: out.zeroPoint, multiplier, shift, actMin: -128, actMax: 127, ...roundingField(rounding) })
  },

  evalInt8(d, inputs) {
    if (d.int16) {
      const out = new Int16Array(d.batches * d.rows * d.cols)
      const rm = BigInt(reduceMultiplier(d.multiplier))
      const right = BigInt(14 - d.shift)
      product(d, d.transposeB, inputs[0], inputs[1], 0, 0, (acc, i) => {
        // arm_nn_requantize_s64: the low 32 bits of (acc·rm) >> (14 − shift), then (r + 1) >> 1; acc < 2^53 is exact.
        const r = Number(BigInt.asIntN(32, (BigInt(acc) * rm) >> right))
        out[i] = Math.min(d.actMax, Math.max(d.actMin, (r + 1) >> 1))
      })
      return out
    }
    const out = new Int8Array(d.batches * d.rows * d.cols)
    product(d, d.transposeB, inputs[0], inputs[1], d.lhsOffset, d.rhsOffset, (acc, i) => {
      out[i] = requantizeS8(acc | 0, d.multiplier, d.shift, d.outputOffset, d.actMin, d.actMax, d.rounding)
    })
    return out
  },
})
