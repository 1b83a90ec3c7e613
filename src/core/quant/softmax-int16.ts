/**
 * int16 softmax (TFLite's int16 SOFTMAX, CMSIS-NN v7.0.0 arm_softmax_s16), reproducing the C kernel exactly.
 *
 * Input int16 symmetric (zero point 0), output int16 with scale 1/32768 and zero point 0. Two 513-entry Q0.15 tables
 * built by TFLite Micro's `gen_lut` in float32 (kernels/internal/common.h; softmax_common.cc): exp(x) on [−10, 0] and
 * 1/(1+x) on [0, 1], 512 steps, each entry the sample minus half the midpoint interpolation error, the last one
 * func(max). Per row:
 *   diff = x − max;  scaled = MultiplyByQuantizedMultiplier(diff, M, shift)   (M·2^shift = β·s_in / (10/65535))
 *   e = lut(exp, clamp(scaled + 32767, int16));  sum = Σ e (int32);  h = clz32(sum)
 *   r = lut(1/(1+x), clamp((((sum << (h − 1)) + 2^13) >> 14) − 98304, int16))
 *   y = clamp((e · r + 2^(30 − h)) >> (31 − h), int16)
 * lut(v) = t[256 + (v >> 7)] + ((t[i + 1] − t[i]) · (v & 127) + 64) >> 7 (linear interpolation, 7 fraction bits).
 * TFLite keeps the reciprocal step in 64 bits and saturates its index; arm_softmax_s16 forms it in int32 and casts it to
 * int16, which differs only when the sum's top 18 bits are all ones (then CMSIS-NN's int32 addition overflows).
 */
import type { Rounding } from './fixed-point.ts'
import { multiplyByQuantizedMultiplier } from './fixed-point.ts'

const f = Math.fround
/** C's roundf: half away from zero. */
const roundf = (v: number) => (v < 0 ? -Math.round(-v) : Math.round(v))

/** TFLite Micro's gen_lut(func, min, max, table, 513) in float32: 512 steps plus the end point. */
export function genLutS16(func: (x: number) => number, min: number, max: number): Int16Array {
  const num = 513
  const table = new Int16Array(num)
  const step = f(f(max - min) / (num - 1))
  const halfStep = f(step / 2)
  const clamp = (v: number) => Math.min(32767, Math.max(-32768, v))
  for (let i = 0; i < num - 1; i++) {
    const x = f(min + f(i * step))
    const val = func(x)
    const sample = roundf(f(val * 32768))
    const next = func(f(min + f((i + 1) * step)))
    const interp = roundf(f(f(f(next * 32768) + sample) / 2))
    const mid = roundf(f(func(f(x + halfStep)) * 32768))
    const bias = roundf(f((interp - mid) / 2))
    table[i] = clamp(sample - bias)
  }
  table[num - 1] = clamp(roundf(f(func(f(max)) * 32768)))
  return table
}

/** exp(x) on [−10, 0] (float32 expf: the double exp rounded to float). */
export const SOFTMAX_S16_EXP_LUT: Int16Array = genLutS16((x) => f(Math.exp(x)), -10, 0)
/** 1/(1 + x) on [0, 1], in float32. */
export const SOFTMAX_S16_ONE_BY_ONE_LUT: Int16Array = genLutS16((x) => f(1 / f(1 + x)), 0, 1)

/** TFLite's generic_int16_table_lookup / arm_softmax_s16's inline lookup. */
export function lutLookupS16(value: number, lut: Int16Array): number {
  const index = 256 + (value >> 7)
  const offset = value & 0x7f
  const base = lut[index]
  const slope = (lut[index + 1] - base) << 16 >> 16
  const delta = (slope * offset + 64) >> 7
  return (base + delta) << 16 >> 16
}

const sat16 = (v: number) => Math.min(32767, Math.max(-32768, v))

export function softmaxS16(x: Int16Array, rows: number, rowSize: number, multiplier: number, shift: number,
  rounding: Rounding = 'double'): Int16Array {
  const out = new Int16Array(rows * rowSize)
  const exps = new Int32Array(rowSize)
  for (let r = 0; r < rows; r++) {
    const base = r * rowSize
    let max = x[base]
    for (let i = 1; i < rowSize; i++) if (x[base + i] > max) max = x[base + i]
    let sum = 0
    for (let i = 0; i < rowSize; i++) {
      const scaled = multiplyByQuantizedMultiplier(x[base + i] - max, multiplier, shift, rounding)
      exps[i] = lutLookupS16(sat16(scaled + 32767), SOFTMAX_S16_EXP_LUT)
      sum += exps[i]
    }
    const h = Math.clz32(sum)
    const shifted = Math.floor((sum * 2 ** (h - 1) + 8192) / 16384)
    const recip = lutLookupS16(sat16(shifted - 98304), SOFTMAX_S16_ONE_BY_ONE_LUT)
    const k = 31 - h
    for (let i = 0; i < rowSize; i++) out[base + i] = sat16(Math.floor((exps[i] * recip + 2 ** (k - 1)) / 2 ** k))
  }
  return out
}
