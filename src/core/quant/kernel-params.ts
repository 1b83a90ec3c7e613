/**
 * Shared `prepare` arithmetic of the int8 operators: reading per-tensor activation quantization, the
 * TFLite requantization multipliers (computed in the same float/double precision as TFLite's Prepare, so
 * imported models get the multipliers TFLite would), fused activation clamps, and the power-of-two helpers
 * of the legacy q7 kernels. Every failure is a QuantError whose message is one sentence for the user.
 *
 * Scales are read as float32 (Math.fround), as TFLite, ONNX and the C header store them; PTQ writes
 * float32-exact scales, so this only matters for hand-written quantization parameters.
 */
import type { Tensor, TensorInfo } from '../ir/types.ts'
import type { Rounding } from './fixed-point.ts'
import { INT32_MAX, INT32_MIN, multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAwayFromZero } from './fixed-point.ts'

/** A node cannot run in int8 as quantized (missing or inconsistent parameters). */
export class QuantError extends Error {}

/** Per-tensor affine parameters of an activation tensor: real = scale · (q − zeroPoint). */
export interface TensorQuant {
  scale: number
  zeroPoint: number
}

/** The per-tensor quantization of an activation; `what` names it in messages ("Conv2D input"). */
export function activationQuant(info: TensorInfo | undefined, what: string): TensorQuant {
  const q = info?.quant
  if (!q || q.scale.length === 0) throw new QuantError(`${what} has no quantization parameters; quantize the graph first`)
  if (q.scale.length !== 1) throw new QuantError(`${what} must be quantized per tensor, not per channel`)
  const scale = Math.fround(q.scale[0])
  if (!(scale > 0) || !Number.isFinite(scale)) throw new QuantError(`${what} has scale ${q.scale[0]}; it must be a positive number`)
  const zeroPoint = q.zeroPoint[0] ?? 0
  if (!Number.isInteger(zeroPoint) || zeroPoint < -128 || zeroPoint > 127) {
    throw new QuantError(`${what} has zero point ${zeroPoint}; int8 tensors need a whole number in −128..127`)
  }
  return { scale, zeroPoint }
}

export function sameQuant(a: TensorQuant, b: TensorQuant): boolean {
  return a.scale === b.scale && a.zeroPoint === b.zeroPoint
}

/** Throws unless `output` keeps the quantization of `input` (byte-copying and pooling kernels need it). */
export function requireSameQuant(input: TensorQuant, output: TensorQuant, op: string): void {
  if (!sameQuant(input, output)) {
    throw new QuantError(`${op} copies int8 values, so its output must keep the input's quantization ` +
      `(scale ${input.scale}, zero point ${input.zeroPoint}); got scale ${output.scale}, zero point ${output.zeroPoint}`)
  }
}

/** An int8 constant tensor (weights) with symmetric per-tensor or per-channel scales along `axis`. */
export function symmetricWeights(tensor: Tensor | undefined, what: string, axis: number): { data: Int8Array; scales: number[] } {
  if (!tensor) throw new QuantError(`${what} are missing`)
  if (tensor.dtype !== 'int8' || !(tensor.data instanceof Int8Array)) {
    throw new QuantError(`${what} are ${tensor.dtype}; quantize the graph to int8 first`)
  }
  const q = tensor.quant
  if (!q || q.scale.length === 0) throw new QuantError(`${what} have no quantization parameters`)
  const channels = tensor.shape[axis]
  if (q.scale.length !== 1 && q.scale.length !== channels) {
    throw new QuantError(`${what} have ${q.scale.length} scales; expected 1 or ${channels} (one per output channel)`)
  }
  if (q.scale.length > 1 && (q.axis ?? 0) !== axis) {
    throw new QuantError(`${what} are quantized per channel along axis ${q.axis ?? 0}; the kernel needs axis ${axis}`)
  }
  if (q.zeroPoint.some((z) => z !== 0)) throw new QuantError(`${what} must be symmetric (zero point 0)`)
  return { data: tensor.data, scales: q.scale.map((s) => Math.fround(s)) }
}

/** An integer bias tensor of `dtype`, or zeros when the layer has none. */
export function biasData(tensor: Tensor | undefined, useBias: boolean, length: number, what: string, dtype: 'int32' | 'int8'): Int32Array | Int8Array {
  if (!useBias) return dtype === 'int32' ? new Int32Array(length) : new Int8Array(length)
  if (!tensor) throw new QuantError(`${what} is missing`)
  const ok = dtype === 'int32' ? tensor.data instanceof Int32Array : tensor.data instanceof Int8Array
  if (tensor.dtype !== dtype || !ok) throw new QuantError(`${what} is ${tensor.dtype}; this scheme needs an ${dtype} bias`)
  if (tensor.data.length !== length) throw new QuantError(`${what} has ${tensor.data.length} values; expected ${length}`)
  return tensor.data as Int32Array | Int8Array
}

/**
 * Per-channel requantization of conv/depthwise/per-channel FC (TFLite PopulateConvolutionQuantizationParams):
 * real_c = double(in_scale) · double(w_scale_c) / double(out_scale), then QuantizeMultiplier. A single weight
 * scale is broadcast to every channel.
 */
export function perChannelMultipliers(inScale: number, wScales: readonly number[], outScale: number, channels: number):
  { multipliers: number[]; shifts: number[] } {
  const multipliers: number[] = []
  const shifts: number[] = []
  for (let c = 0; c < channels; c++) {
    const real = (inScale * wScales[wScales.length === 1 ? 0 : c]) / outScale
    const { multiplier, shift } = quantizeMultiplier(real)
    multipliers.push(multiplier)
    shifts.push(shift)
  }
  return { multipliers, shifts }
}

/** TFLite Quantize(): zero_point + round(float(f / scale)), the float32 division rounded half away from zero. */
export function quantizeValueF32(value: number, scale: number, zeroPoint: number): number {
  return zeroPoint + roundHalfAwayFromZero(Math.fround(value / scale))
}

/** TFLite CalculateActivationRangeQuantized for int8 outputs: the clamp of a fused 'none' | 'relu' | 'relu6'. */
export function activationRangeS8(activation: string, out: TensorQuant): [number, number] {
  if (activation === 'relu') return [Math.max(-128, quantizeValueF32(0, out.scale, out.zeroPoint)), 127]
  if (activation === 'relu6') {
    return [Math.max(-128, quantizeValueF32(0, out.scale, out.zeroPoint)), Math.min(127, quantizeValueF32(6, out.scale, out.zeroPoint))]
  }
  return [-128, 127]
}

/** s8 requantization of an int32 accumulator: MultiplyByQuantizedMultiplier + output offset, then the clamp. */
export function requantizeS8(acc: number, multiplier: number, shift: number, outputOffset: number, actMin: number, actMax: number,
  rounding?: Rounding): number {
  const v = multiplyByQuantizedMultiplier(acc, multiplier, shift, rounding) + outputOffset
  return v < actMin ? actMin : v > actMax ? actMax : v
}

/**
 * The OpData field of an s8 op that requantizes with MultiplyByQuantizedMultiplier: `rounding: 'single'` when the
 * project chose CMSIS_NN_USE_SINGLE_ROUNDING, nothing for 'double' (the default; OpData stays as it always was).
 */
export interface RoundingField {
  /** Absent: 'double' (TFLite reference). */
  rounding?: 'single'
}

export function roundingField(rounding: Rounding | undefined): RoundingField {
  return rounding === 'single' ? { rounding: 'single' } : {}
}

/** Wraps a JS number to int32 the way C's int32 arithmetic does on two's-complement targets. */
export function wrapInt32(x: number): number {
  return x | 0
}

/** Clamp an int64-ish sum to int32 (used where C would saturate, e.g. bias quantization). */
export function saturateInt32(x: number): number {
  return x < INT32_MIN ? INT32_MIN : x > INT32_MAX ? INT32_MAX : x
}

// --- power-of-two (legacy q7) scheme ---

/** The fractional bits n of a power-of-two tensor (scale 2^-n, zero point 0); throws otherwise. */
export function fracBits(scales: readonly number[] | undefined, zeroPoints: readonly number[] | undefined, what: string): number {
  if (!scales || scales.length === 0) throw new QuantError(`${what} has no quantization parameters; quantize the graph first`)
  if (scales.length !== 1) throw new QuantError(`${what} must be quantized per tensor in the pow2 scheme`)
  if ((zeroPoints ?? []).some((z) => z !== 0)) throw new QuantError(`${what} must have zero point 0 in the pow2 scheme`)
  const n = -Math.log2(scales[0])
  if (!Number.isInteger(n)) throw new QuantError(`${what} has scale ${scales[0]}, not a power of two as the pow2 scheme needs`)
  return n
}

export function activationFracBits(info: TensorInfo | undefined, what: string): number {
  return fracBits(info?.quant?.scale, info?.quant?.zeroPoint, what)
}

export function tensorFracBits(tensor: Tensor | undefined, what: string): number {
  if (!tensor) throw new QuantError(`${what} are missing`)
  return fracBits(tensor.quant?.scale, tensor.quant?.zeroPoint, what)
}

/**
 * Clamp of a fused activation in a Q-format with `frac` fractional bits: relu → [0, 127] (arm_relu_q7),
 * relu6 → [0, min(127, round(6 · 2^frac))] (arm_clip_q7), none → [−128, 127].
 */
export function activationRangePow2(activation: string, frac: number): [number, number] {
  if (activation === 'relu') return [0, 127]
  if (activation === 'relu6') return [0, Math.min(127, roundHalfAwayFromZero(6 * 2 ** frac))]
  return [-128, 127]
}

/** A shift of the legacy kernels' uint16 parameters: must lie in 0..31. */
export function kernelShift(value: number, name: string, op: string): number {
  if (value < 0 || value > 31) {
    throw new QuantError(`${op}: ${name} would be ${value}; the q7 kernels need 0..31 (re-quantize the graph with the pow2 scheme)`)
  }
  return value
}

/** What a weighted kernel (Conv2D, DepthwiseConv2D, FullyConnected) needs to prepare its requantization. */
export interface WeightedKernelContext {
  op: string
  input: TensorInfo | undefined
  output: TensorInfo
  weights: Readonly<Record<string, Tensor>>
  useBias: boolean
  /** Output channels (= bias length). */
  channels: number
  /** Channel axis of the weights: 0 for OHWI / [units, inputs], 3 for depthwise 1HW(C·M). */
  weightAxis: number
  activation: string
  /** Requantization rounding (default 'double'). */
  rounding?: Rounding
}

/** s8 requantization fields of the weighted kernels' OpData. */
export interface S8Requant extends RoundingField {
  /** −input zero point. */
  inputOffset: number
  /** Output zero point. */
  outputOffset: number
  /** One multiplier and shift per output channel (or one, per tensor). */
  multipliers: number[]
  shifts: number[]
  actMin: number
  actMax: number
}

/** pow2 requantization fields: left shift of the bias and rounding right shift of the accumulator. */
export interface Pow2Requant {
  biasShift: number
  outShift: number
  actMin: number
  actMax: number
}

/**
 * s8 (TFLite int8 spec / CMSIS-NN): input offset −z_in, output offset z_out, per-channel M_c, shift_c from
 * s_in·s_w[c]/s_out (perChannelMultipliers), int32 bias, clamp of the fused activation in output units.
 */
export function s8WeightedRequant(k: WeightedKernelContext): S8Requant {
  const inQ = activationQuant(k.input, `${k.op} input`)
  const outQ = activationQuant(k.output, `${k.op} output`)
  const w = symmetricWeights(k.weights.weights, `${k.op} weights`, k.weightAxis)
  biasData(k.weights.bias, k.useBias, k.channels, `${k.op} bias`, 'int32')
  const { multipliers, shifts } = perChannelMultipliers(inQ.scale, w.scales, outQ.scale, k.channels)
  const [actMin, actMax] = activationRangeS8(k.activation, outQ)
  return { inputOffset: -inQ.zeroPoint, outputOffset: outQ.zeroPoint, multipliers, shifts, actMin, actMax, ...roundingField(k.rounding) }
}

/**
 * pow2 (legacy q7 kernels): the accumulator has in_frac + w_frac fractional bits; the q7 bias is shifted left by
 * bias_shift = in_frac + w_frac − bias_frac to meet it, and the sum right by out_shift = in_frac + w_frac − out_frac
 * (with NN_ROUND); clamp of the fused activation in the output's Q format.
 */
export function pow2WeightedRequant(k: WeightedKernelContext): Pow2Requant {
  const inFrac = activationFracBits(k.input, `${k.op} input`)
  const outFrac = activationFracBits(k.output, `${k.op} output`)
  const wFrac = tensorFracBits(k.weights.weights, `${k.op} weights`)
  symmetricWeights(k.weights.weights, `${k.op} weights`, k.weightAxis)
  biasData(k.weights.bias, k.useBias, k.channels, `${k.op} bias`, 'int8')
  const biasFrac = k.useBias ? tensorFracBits(k.weights.bias, `${k.op} bias`) : inFrac + wFrac
  const [actMin, actMax] = activationRangePow2(k.activation, outFrac)
  return {
    biasShift: kernelShift(inFrac + wFrac - biasFrac, 'bias shift', k.op),
    outShift: kernelShift(inFrac + wFrac - outFrac, 'output shift', k.op),
    actMin, actMax,
  }
}

/** Legacy q7 requantization: (acc + NN_ROUND(shift)) >> shift, saturated to q7, then the activation clamp. */
export function requantizePow2(acc: number, outShift: number, actMin: number, actMax: number): number {
  const shifted = outShift === 0 ? acc | 0 : ((acc + (1 << (outShift - 1))) | 0) >> outShift
  const v = shifted < -128 ? -128 : shifted > 127 ? 127 : shifted
  return v < actMin ? actMin : v > actMax ? actMax : v
}

/** Deep-frozen copy of plain OpData (arrays included). */
export function freeze<T extends object>(data: T): Readonly<T> {
  for (const value of Object.values(data)) if (Array.isArray(value)) Object.freeze(value)
  return Object.freeze(data)
}

/** OpData of the byte-copying ops (Reshape, Flatten): the output keeps the input's quantization. */
export interface CopyOpData {
  scheme: 's8' | 'pow2'
  size: number
}

/** Checks that input and output share one quantization (per scheme) and returns their parameters. */
export function sharedQuant(scheme: 's8' | 'pow2', input: TensorInfo | undefined, output: TensorInfo, op: string, port = ''): TensorQuant {
  if (scheme === 's8') {
    const inQ = activationQuant(input, `${op} input${port}`)
    requireSameQuant(inQ, activationQuant(output, `${op} output`), op)
    return inQ
  }
  const inFrac = activationFracBits(input, `${op} input${port}`)
  requireSameQuant({ scale: 2 ** -inFrac, zeroPoint: 0 }, { scale: 2 ** -activationFracBits(output, `${op} output`), zeroPoint: 0 }, op)
  return { scale: 2 ** -inFrac, zeroPoint: 0 }
}
