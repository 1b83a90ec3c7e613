/**
 * Golden requantization cases for both rounding modes (requantize-rounding.golden.json), shared by the TypeScript
 * and the Python fixed-point tests:
 *   'double' — TFLite reference / CMSIS-NN default: SaturatingRoundingDoublingHighMul(x·2^left, M), then
 *              RoundingDivideByPOT(·, right) (fixed-point.ts multiplyByQuantizedMultiplier);
 *   'single' — CMSIS_NN_USE_SINGLE_ROUNDING: r = int32((x·M) >> (30 − shift)), then (r + 1) >> 1.
 * fixed-point.ts implements both (multiplyByQuantizedMultiplier's `rounding`); `singleRoundingRef` is the plain BigInt
 * statement of 'single' its fast path is checked against.
 * Also QuantizeMultiplier cases (real → multiplier, shift). Regenerate with `npx tsx scripts/gen-rounding-golden.ts`.
 */
import { mulberry32 } from '../ir/seeded-init.ts'
import { INT32_MAX, INT32_MIN, multiplyByQuantizedMultiplier, quantizeMultiplier } from './fixed-point.ts'

export interface RequantizeCase {
  x: number
  multiplier: number
  shift: number
  double: number
  single: number
}

export interface RoundingGolden {
  generator: string
  requantize: RequantizeCase[]
  quantizeMultiplier: { real: number; multiplier: number; shift: number }[]
}

const wrap32 = (v: bigint): bigint => BigInt.asIntN(32, v)

/** CMSIS-NN arm_nn_requantize with CMSIS_NN_USE_SINGLE_ROUNDING, in BigInt. */
export function singleRoundingRef(x: number, multiplier: number, shift: number): number {
  const totalShift = BigInt(31 - shift)
  const result = wrap32((BigInt(x) * BigInt(multiplier)) >> (totalShift - 1n))
  return Number(wrap32(result + 1n) >> 1n)
}

export function buildRoundingGolden(): RoundingGolden {
  const requantize: RequantizeCase[] = []
  const add = (x: number, multiplier: number, shift: number) => requantize.push({
    x, multiplier, shift, double: multiplyByQuantizedMultiplier(x, multiplier, shift), single: singleRoundingRef(x, multiplier, shift),
  })
  add(7984, 1583594044, -9) // the worked example: 12 (double) vs 11 (single)
  add(-7984, 1583594044, -9)
  add(3, 1 << 30, 0)
  add(-3, 1 << 30, 0)
  add(1, 1 << 30, -1)
  add(-1, 1 << 30, -1)
  add(INT32_MAX, INT32_MAX, 0)
  add(INT32_MIN, INT32_MAX, -31)
  add(100, 1 << 30, 2)
  add(-100, 1717986918, 1)
  add(12345, 1073741824, -13)
  add(-12288, 1073741824, -13)
  const next = mulberry32(20261204)
  for (let i = 0; i < 200; i++) {
    const x = Math.floor(next() * 2 ** 24) - 2 ** 23
    const multiplier = (1 << 30) + Math.floor(next() * 2 ** 30)
    const shift = -Math.floor(next() * 20) + (i % 10 === 0 ? 2 : 0)
    add(x, multiplier, shift)
  }
  const reals = [1, 0.5, 0.75, 1 / 3, 2 ** -31, 2 ** -32, 0.9999999999, 1.0000000001, 0.00390625 / 0.0039215688593685627,
    0.05 * 0.01 / 0.1, 1e-9, 123.456, 2 ** 30, 2 ** 31, Math.fround(0.1) * Math.fround(0.2) / Math.fround(0.3)]
  for (let i = 0; i < 40; i++) reals.push(next() * 2 ** (Math.floor(next() * 40) - 30))
  return {
    generator: 'scripts/gen-rounding-golden.ts (TS fixed-point.ts for double, BigInt CMSIS single rounding)',
    requantize,
    quantizeMultiplier: reals.map((real) => ({ real, ...quantizeMultiplier(real) })),
  }
}

export function roundingGoldenJson(g: RoundingGolden): string {
  return `{\n  "generator": ${JSON.stringify(g.generator)},\n  "requantize": [\n${g.requantize.map((c) => `    ${JSON.stringify(c)}`).join(',\n')}\n  ],\n` +
    `  "quantizeMultiplier": [\n${g.quantizeMultiplier.map((c) => `    ${JSON.stringify(c)}`).join(',\n')}\n  ]\n}\n`
}
