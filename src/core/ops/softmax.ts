/**
 * Softmax — over the last axis, each row independently, with TFLite's `beta`:
 *   y[i] = exp(β·(x[i] − max)) / Σ_j exp(β·(x[j] − max))
 * Subtracting the row max keeps exp() from overflowing; the result is the same. Any rank ≥ 2. MACs: 0.
 * Ranges: beta 0.001..1000 (default 1).
 *
 * int8, s8: arm_softmax_s8 (TFLite int8 softmax), output scale 1/256 and zero point −128; pow2: arm_softmax_q7
 * (base-2), output Q0.7. Algorithms and prepare formulas in quant/softmax-int8.ts.
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import { quantizeMultiplier } from '../quant/fixed-point.ts'
import { QuantError, activationFracBits, activationQuant, freeze } from '../quant/kernel-params.ts'
import { softmaxQ7, softmaxS8 } from '../quant/softmax-int8.ts'
import { softmaxS16 } from '../quant/softmax-int16.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { roundingField } from '../quant/kernel-params.ts'
import { activationQuantS16 } from '../quant/int16-params.ts'
import { INT8_OR_INT16, OpError, defineOp, int8 } from './op-def.ts'

type SoftmaxAttrs = {
  beta: number
}

/** Frozen parameters of an int8 Softmax, s8: the input rescale (β·scale·2^26) and the smallest exponent kept. */
export interface SoftmaxS8OpData {
  scheme: 's8'
  int16?: undefined
  rows: number
  rowSize: number
  multiplier: number
  shift: number
  diffMin: number
}

/** pow2 (arm_softmax_q7): rows of Q-format logits, Q0.7 out. */
export interface SoftmaxPow2OpData {
  scheme: 'pow2'
  rows: number
  rowSize: number
}

/** int16 (arm_softmax_s16): the input rescale onto the exp table's [−65535, 0] ↔ [−10, 0]. */
export interface SoftmaxS16OpData extends RoundingField {
  scheme: 's8'
  int16: true
  rows: number
  rowSize: number
  multiplier: number
  shift: number
}

export type SoftmaxOpData = SoftmaxS8OpData | SoftmaxPow2OpData | SoftmaxS16OpData

/** Output quantization the softmax kernels produce: s8 1/256 with zero point −128, pow2 Q0.7, int16 (s16) 1/32768 with zero point 0. */
export const SOFTMAX_OUTPUT_QUANT = {
  s8: { scale: [1 / 256], zeroPoint: [-128] },
  pow2: { scale: [1 / 128], zeroPoint: [0] },
  s16: { scale: [1 / 32768], zeroPoint: [0] },
} as const

export const softmax = defineOp<'Softmax', SoftmaxAttrs, SoftmaxOpData>({
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

  outputQuant: (scheme, dtype) => {
    const q = SOFTMAX_OUTPUT_QUANT[dtype === 'int16' && scheme === 's8' ? 's16' : scheme]
    return { kind: 'fixed', quant: { scale: [...q.scale], zeroPoint: [...q.zeroPoint] } }
  },

  costKind: () => 'softmax',

  dtypes: INT8_OR_INT16,

  prepare({ scheme, attrs, inputs, output, rounding }) {
    const rowSize = output.shape[output.shape.length - 1]
    const rows = shapeSize(output.shape) / rowSize
    if (scheme === 's8' && output.dtype === 'int16') {
      const inQ = activationQuantS16(inputs[0], 'Softmax input')
      const outQ = activationQuantS16(output, 'Softmax output')
      if (outQ.scale !== Math.fround(1 / 32768)) {
        throw new QuantError(`Softmax int16 output must have scale 1/32768 and zero point 0 (TFLite int16 softmax); got scale ${outQ.scale}`)
      }
      if (rowSize > 65535) throw new QuantError(`Softmax int16 rows of ${rowSize} values overflow the kernel's int32 sum (at most 65,535)`)
      const { multiplier, shift } = quantizeMultiplier((inQ.scale * Math.fround(attrs.beta)) / (10 / 65535))
      if (shift > 15) throw new QuantError(`Softmax int16 input scale ${inQ.scale} is too large for the kernel (β·scale·6553.5 must stay below 2^15)`)
      return freeze<SoftmaxOpData>({ scheme, int16: true, rows, rowSize, multiplier, shift, ...roundingField(rounding) })
    }
    if (scheme === 's8') {
      const inQ = activationQuant(inputs[0], 'Softmax input')
      const outQ = activationQuant(output, 'Softmax output')
      if (outQ.scale !== 1 / 256 || outQ.zeroPoint !== -128) {
        throw new QuantError(`Softmax int8 output must have scale 1/256 and zero point −128 (TFLite int8 softmax); got scale ${outQ.scale}, zero point ${outQ.zeroPoint}`)
      }
      const real = Math.min(Math.fround(attrs.beta) * inQ.scale * 2 ** 26, 2 ** 31 - 1)
      const { multiplier, shift } = quantizeMultiplier(real)
      if (shift < 0) throw new QuantError(`Softmax input scale ${inQ.scale} is too small for the int8 kernel (β·scale·2^26 must exceed 1)`)
      const diffMin = -Math.floor((31 * 2 ** 26) / 2 ** shift)
      return freeze<SoftmaxOpData>({ scheme, rows, rowSize, multiplier, shift, diffMin })
    }
    activationFracBits(inputs[0], 'Softmax input')
    if (activationFracBits(output, 'Softmax output') !== 7) {
      throw new QuantError('Softmax in the pow2 scheme writes Q0.7 (arm_softmax_q7): its output scale must be 2^-7')
    }
    return freeze<SoftmaxOpData>({ scheme, rows, rowSize })
  },

  evalInt8: (d, inputs) => (d.scheme === 's8' && d.int16
    ? softmaxS16(inputs[0] as Int16Array, d.rows, d.rowSize, d.multiplier, d.shift, d.rounding ?? 'double')
    : d.scheme === 's8'
      ? softmaxS8(int8(inputs[0]), d.rows, d.rowSize, d.multiplier, d.shift, d.diffMin)
      : softmaxQ7(int8(inputs[0]), d.rows, d.rowSize)),
})
