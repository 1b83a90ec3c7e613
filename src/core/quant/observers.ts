/**
 * Calibration observers: they watch the float values of a tensor over the calibration samples and choose the
 * clipping range [lo, hi] that the tensor is quantized to.
 *
 * - 'minmax': the observed minimum and maximum.
 * - 'percentile': the `percentile`-th (default 99.99) and (100 − percentile)-th percentiles of a histogram.
 * - 'mse': the range whose quantization error (clipping + rounding), measured on the histogram with the scheme's
 *   own quantizer, is smallest: s8 shrinks each end of [min, max] in `MSE_STEPS` steps (coordinate descent, two
 *   rounds); pow2 tries the fractional-bit counts from the min/max one upwards. With 256 levels, clipping only pays
 *   off for rare far outliers among very many values, so 'mse' often keeps the min/max range.
 * Histograms cover [min, max] of the first pass with `bins` equal bins; values are represented by bin centres.
 * Every range returned contains 0 (an activation's zero must be exact).
 */
import type { QuantParams } from '../ir/types.ts'
import type { QuantScheme } from './scheme.ts'
import { roundHalfAwayFromZero } from './fixed-point.ts'

export type CalibrationMethod = 'minmax' | 'percentile' | 'mse'
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['minmax', 'percentile', 'mse']

const MSE_STEPS = 100
const POW2_EXTRA_BITS = 8

/** Running minimum and maximum. */
export class MinMaxObserver {
  min = Infinity
  max = -Infinity

  update(values: ArrayLike<number>): void {
    let { min, max } = this
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (v < min) min = v
      if (v > max) max = v
    }
    this.min = min
    this.max = max
  }
}

/** Fixed-range histogram over [min, max] (values outside are counted in the edge bins). */
export class HistogramObserver {
  readonly counts: Float64Array
  readonly width: number
  total = 0

  constructor(readonly min: number, readonly max: number, bins = 2048) {
    this.counts = new Float64Array(bins)
    this.width = max > min ? (max - min) / bins : 1
  }

  update(values: ArrayLike<number>): void {
    const n = this.counts.length
    for (let i = 0; i < values.length; i++) {
      let b = Math.floor((values[i] - this.min) / this.width)
      if (b < 0) b = 0
      else if (b >= n) b = n - 1
      this.counts[b]++
    }
    this.total += values.length
  }

  centre(bin: number): number {
    return this.min + (bin + 0.5) * this.width
  }

  /** The value below which `p` percent of the observed values lie (bin edge). */
  percentile(p: number): number {
    const target = (p / 100) * this.total
    let seen = 0
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b]
      if (seen >= target) return this.min + (b + 1) * this.width
    }
    return this.max
  }
}

/** s8 activation quantization of a range (asymmetric, 256 levels, zero exactly representable, float32 scale). */
export function asymmetricQuant(lo: number, hi: number): QuantParams {
  let min = Math.min(lo, 0)
  let max = Math.max(hi, 0)
  if (!(max > min)) { min = 0; max = 1 }
  const scale = Math.fround((max - min) / 255)
  const zp = roundHalfAwayFromZero(-128 - min / scale)
  return { scale: [scale], zeroPoint: [Math.max(-128, Math.min(127, zp))] }
}

/** pow2 fractional bits n (scale 2^-n) whose q7 range [−128, 127]·2^-n covers ±maxAbs. */
export function pow2FracBits(maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 7
  return 7 - Math.ceil(Math.log2(maxAbs))
}

export function pow2Quant(frac: number): QuantParams {
  return { scale: [2 ** -frac], zeroPoint: [0] }
}

/** Mean squared error of quantizing the histogram's values with per-tensor `quant`. */
export function histogramMse(h: HistogramObserver, quant: QuantParams): number {
  const scale = quant.scale[0]
  const zp = quant.zeroPoint[0]
  let err = 0
  for (let b = 0; b < h.counts.length; b++) {
    const n = h.counts[b]
    if (n === 0) continue
    const v = h.centre(b)
    let q = zp + roundHalfAwayFromZero(v / scale)
    q = q < -128 ? -128 : q > 127 ? 127 : q
    const d = v - scale * (q - zp)
    err += n * d * d
  }
  return h.total > 0 ? err / h.total : 0
}

export interface ObservedTensor {
  min: number
  max: number
  /** Present for the percentile and mse methods. */
  histogram?: HistogramObserver
}

/** The activation quantization chosen for an observed tensor by `method` under `scheme`. */
export function chooseActivationQuant(t: ObservedTensor, method: CalibrationMethod, scheme: QuantScheme, percentile = 99.99): QuantParams {
  const h = t.histogram
  if (method === 'minmax' || !h || h.total === 0) return fromRange(t.min, t.max, scheme)
  if (method === 'percentile') return fromRange(h.percentile(100 - percentile) - h.width, h.percentile(percentile), scheme)
  let best = fromRange(t.min, t.max, scheme)
  let bestErr = histogramMse(h, best)
  const consider = (q: QuantParams): boolean => {
    const err = histogramMse(h, q)
    if (err >= bestErr) return false
    best = q
    bestErr = err
    return true
  }
  if (scheme === 'pow2') {
    const start = pow2FracBits(Math.max(Math.abs(t.min), Math.abs(t.max)))
    for (let f = start + 1; f <= start + POW2_EXTRA_BITS; f++) consider(pow2Quant(f))
    return best
  }
  // s8: coordinate descent, the upper end shrunk with the lower fixed, then the lower end, twice.
  let lo = t.min
  let hi = t.max
  for (let round = 0; round < 2; round++) {
    const fixedLo = lo
    for (let k = 1; k < MSE_STEPS; k++) if (consider(asymmetricQuant(fixedLo, (t.max * k) / MSE_STEPS))) hi = (t.max * k) / MSE_STEPS
    const fixedHi = hi
    for (let k = 1; k < MSE_STEPS; k++) if (consider(asymmetricQuant((t.min * k) / MSE_STEPS, fixedHi))) lo = (t.min * k) / MSE_STEPS
  }
  return best
}

function fromRange(lo: number, hi: number, scheme: QuantScheme): QuantParams {
  if (scheme === 's8') return asymmetricQuant(lo, hi)
  return pow2Quant(pow2FracBits(Math.max(Math.abs(Math.min(lo, 0)), Math.abs(Math.max(hi, 0)))))
}
