/** Builders for golden specs: quantization literals, seeded int8 data, constant tensors. */
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { QuantParams } from '../../ir/types.ts'
import type { GoldenConstant, GoldenTensor } from './golden-cases.ts'

/** Per-tensor quantization with a float32 scale. */
export function q(scale: number, zeroPoint = 0): QuantParams {
  return { scale: [Math.fround(scale)], zeroPoint: [zeroPoint] }
}

/** Symmetric per-channel quantization along `axis`. */
export function perChannel(scales: number[], axis: number): QuantParams {
  return { scale: scales.map((s) => Math.fround(s)), zeroPoint: scales.map(() => 0), axis }
}

/** Power-of-two quantization 2^-frac. */
export function p2(frac: number): QuantParams {
  return { scale: [2 ** -frac], zeroPoint: [0] }
}

/** `n` seeded integers uniform in [lo, hi]. */
export function ints(seed: number, n: number, lo = -128, hi = 127): number[] {
  const next = mulberry32(seed)
  return Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo + 1)))
}

export function tensor(shape: number[], quant: QuantParams, data: number[]): GoldenTensor {
  const n = shape.reduce((a, b) => a * b, 1)
  if (data.length !== n) throw new Error(`golden tensor ${shape.join('×')} needs ${n} values, got ${data.length}`)
  return { shape, quant, data }
}

export function int8(shape: number[], quant: QuantParams, data: number[]): GoldenConstant {
  return { dtype: 'int8', ...tensor(shape, quant, data) }
}

export function int32(shape: number[], quant: QuantParams, data: number[]): GoldenConstant {
  return { dtype: 'int32', ...tensor(shape, quant, data) }
}

/** Weights of per-channel symmetric int8 in [−127, 127]. */
export function weights8(seed: number, shape: number[], quant: QuantParams): GoldenConstant {
  return int8(shape, quant, ints(seed, shape.reduce((a, b) => a * b, 1), -127, 127))
}

export function int16(shape: number[], quant: QuantParams, data: number[]): GoldenConstant {
  return { dtype: 'int16', ...tensor(shape, quant, data) }
}

/** int4 weights (values in [−8, 7], both ends included) marked for the packed s4 kernels. */
export function weights4(seed: number, shape: number[], quant: QuantParams): GoldenConstant {
  const n = shape.reduce((a, b) => a * b, 1)
  const data = ints(seed, n, -8, 7)
  data[0] = -8
  if (n > 1) data[n - 1] = 7
  return { ...int8(shape, quant, data), encoding: { kind: 'int4' } }
}
