/**
 * Input — the graph's entry point, with integer preprocessing of raw sensor/pixel values:
 *   y[…, c] = (raw[…, c] − mean[c]) · scale      (mean: one value, or one per channel = last dim)
 * Shape attr excludes the batch: [H, W, C] → output [1, H, W, C] (NHWC); [T, F] → output [1, T, F] (a sequence of T
 * frames of F features, e.g. MFCC); [N] → output [1, N].
 * No data inputs. The float engine passes the raw values as `inputs[0]` (already of the output shape).
 * Ranges: dims 1..65536; mean −65536..65536; scale 1e-6..1e6 (default 1/128).
 *
 * int8: the int8 engine (and the C `invoke`) take the Input's int8 OUTPUT tensor; evalInt8 passes it through.
 * `preprocessRaw` turns raw values into that tensor, exactly as the generated C preprocessing does:
 *   s8, integer raw (every value a whole number, e.g. uint8 pixels):
 *     q = clamp(zp + MultiplyByQuantizedMultiplier(raw − mean[c], M, shift), −128, 127),
 *     M·2^(shift−31) ≈ scale / out_scale (QuantizeMultiplier, double precision);
 *   pow2, integer raw: e = out_frac + log2(scale) (scale must be a power of two);
 *     q = ssat8(e ≥ 0 ? (raw − mean[c]) · 2^e : (raw − mean[c] + 2^(−e−1)) >> −e)   (NN_ROUND, half up);
 *   non-integer raw (float features, any scheme): q = clamp(zp + round_half_away((raw − mean[c]) · scale / out_scale)).
 */
import { shapeSize } from '../ir/types.ts'
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAwayFromZero, roundingRightShift } from '../quant/fixed-point.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { QuantError, activationFracBits, activationQuant, freeze, roundingField } from '../quant/kernel-params.ts'
import { OpError, defineOp } from './op-def.ts'

type InputAttrs = {
  shape: number[]
  mean: number[]
  scale: number
}

interface InputCommon {
  size: number
  channels: number
  /** Subtracted from raw values: one entry, or one per channel. */
  mean: number[]
  /** The Input's float scale and output quantization (for non-integer raw values). */
  scale: number
  outputScale: number
  outputZeroPoint: number
}

/** Frozen integer preprocessing of an Input, s8: raw − mean is requantized with this multiplier and shift. */
export interface InputS8OpData extends InputCommon, RoundingField {
  scheme: 's8'
  multiplier: number
  shift: number
}

/** pow2: raw − mean is shifted left by `leftShift` (negative: rounding right shift). */
export interface InputPow2OpData extends InputCommon {
  scheme: 'pow2'
  leftShift: number
}

export type InputOpData = InputS8OpData | InputPow2OpData

export const input = defineOp<'Input', InputAttrs, InputOpData>({
  type: 'Input',
  label: 'Input',
  category: 'input',
  summary: 'y = (raw − mean) · scale',
  attrs: {
    shape: { kind: 'ints', label: 'Shape', default: [28, 28, 1], minLength: 1, maxLength: 3, min: 1, max: 65536,
      help: 'Height, width, channels; frames, features; or a single feature count — without the batch' },
    mean: { kind: 'ints', label: 'Mean', default: [0], minLength: 1, maxLength: 4096, min: -65536, max: 65536,
      help: 'Subtracted from raw values first: one value, or one per channel' },
    scale: { kind: 'float', label: 'Scale', default: 1 / 128, min: 1e-6, max: 1e6,
      help: 'Multiplied after the mean subtraction' },
  },

  inputCount: () => 0,

  weightSpecs: () => [],

  inferShape(attrs) {
    if (attrs.shape.length < 1 || attrs.shape.length > 3) {
      throw new OpError('Input shape needs 1 value (features), 2 values (frames, features) or 3 values (height, width, channels); ' +
        `got ${attrs.shape.length}`)
    }
    return [1, ...attrs.shape]
  },

  validate(attrs) {
    const channels = attrs.shape[attrs.shape.length - 1]
    if (attrs.mean.length !== 1 && attrs.mean.length !== channels) {
      return [`Mean needs 1 value or one per channel (${channels}); got ${attrs.mean.length}`]
    }
    return []
  },

  macs: () => 0,

  evalFloat({ attrs, inputs, outputShape }) {
    const raw = inputs[0]
    const n = shapeSize(outputShape)
    if (!raw || raw.length !== n) throw new Error(`Input expects ${n} raw values, got ${raw ? raw.length : 'none'}`)
    const channels = outputShape[outputShape.length - 1]
    const out = new Float32Array(n)
    const { mean, scale } = attrs
    if (mean.length === 1) {
      const m = mean[0]
      for (let i = 0; i < n; i++) out[i] = (raw[i] - m) * scale
    } else {
      for (let i = 0, c = 0; i < n; i++) {
        out[i] = (raw[i] - mean[c]) * scale
        if (++c === channels) c = 0
      }
    }
    return out
  },

  costKind: () => 'none',

  prepare({ scheme, attrs, output, rounding }) {
    const size = shapeSize(output.shape)
    const common = { size, channels: output.shape[output.shape.length - 1], mean: [...attrs.mean], scale: attrs.scale }
    if (scheme === 's8') {
      const q = activationQuant(output, 'Input tensor')
      const { multiplier, shift } = quantizeMultiplier(attrs.scale / q.scale)
      return freeze<InputOpData>({ scheme, ...common, outputScale: q.scale, outputZeroPoint: q.zeroPoint, multiplier, shift, ...roundingField(rounding) })
    }
    const frac = activationFracBits(output, 'Input tensor')
    const e = frac + Math.log2(attrs.scale)
    if (!Number.isInteger(e)) {
      throw new QuantError(`Input scale ${attrs.scale} is not a power of two, which the pow2 scheme's shift preprocessing needs`)
    }
    return freeze<InputOpData>({ scheme, ...common, outputScale: 2 ** -frac, outputZeroPoint: 0, leftShift: e })
  },

  evalInt8(d, inputs) {
    const x = inputs[0]
    if (!x || x.length !== d.size) throw new Error(`Input expects ${d.size} int8 values, got ${x ? x.length : 'none'}`)
    return Int8Array.from(x)
  },
})

/**
 * The Input's int8 output for raw values (row-major, the Input's shape), by the integer preprocessing above when
 * every raw value is a whole number, by the float formula otherwise.
 */
export function preprocessRaw(d: InputOpData, raw: ArrayLike<number>): Int8Array {
  if (raw.length !== d.size) throw new Error(`Input expects ${d.size} raw values, got ${raw.length}`)
  const out = new Int8Array(d.size)
  let integer = true
  for (let i = 0; i < raw.length; i++) if (!Number.isInteger(raw[i])) { integer = false; break }
  for (let i = 0, c = 0; i < raw.length; i++) {
    const centred = raw[i] - d.mean[d.mean.length === 1 ? 0 : c]
    let q: number
    if (!integer) q = d.outputZeroPoint + roundHalfAwayFromZero((centred * d.scale) / d.outputScale)
    else if (d.scheme === 's8') q = d.outputZeroPoint + multiplyByQuantizedMultiplier(centred, d.multiplier, d.shift, d.rounding)
    else q = d.leftShift >= 0 ? centred * 2 ** d.leftShift : roundingRightShift(centred, -d.leftShift)
    out[i] = q < -128 ? -128 : q > 127 ? 127 : q
    if (++c === d.channels) c = 0
  }
  return out
}
