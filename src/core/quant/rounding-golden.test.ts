/**
 * requantize-rounding.golden.json is current, its 'double' column is fixed-point.ts's multiplyByQuantizedMultiplier
 * and its 'single' column agrees with TFLite's statement of single rounding, floor((x·M + 2^(30−shift)) / 2^(31−shift)),
 * wherever CMSIS-NN's int32 intermediate does not wrap.
 * The Python twin checks both columns too (formats/pytorch/python-twins.test.ts).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { multiplyByQuantizedMultiplier } from './fixed-point.ts'
import type { RoundingGolden } from './rounding-golden.ts'
import { buildRoundingGolden, roundingGoldenJson } from './rounding-golden.ts'

const FILE = join(import.meta.dirname, 'requantize-rounding.golden.json')
const golden = JSON.parse(readFileSync(FILE, 'utf8')) as RoundingGolden

describe('requantization rounding golden cases', () => {
  it('are current (scripts/gen-rounding-golden.ts)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(roundingGoldenJson(buildRoundingGolden()))
  })

  it('hold the worked example: x = 7984, M = 1583594044, shift −9 → 12 (double), 11 (single)', () => {
    expect(golden.requantize[0]).toEqual({ x: 7984, multiplier: 1583594044, shift: -9, double: 12, single: 11 })
  })

  it("'double' is the engine's requantization; 'single' is TFLite's single-rounding formula", () => {
    let differ = 0
    for (const c of golden.requantize) {
      expect(multiplyByQuantizedMultiplier(c.x, c.multiplier, c.shift)).toBe(c.double)
      const total = BigInt(31 - c.shift)
      const tflite = (BigInt(c.x) * BigInt(c.multiplier) + (1n << (total - 1n))) >> total
      // CMSIS keeps (x·M) >> (30 − shift) in an int32 before the last rounding shift, so it wraps where TFLite's
      // int64 does not (x = M = 2^31 − 1: −2 instead of 2147483646); compare where that intermediate fits.
      const intermediate = (BigInt(c.x) * BigInt(c.multiplier)) >> (total - 1n)
      if (intermediate >= -(2n ** 31n) && intermediate < 2n ** 31n) expect(c.single).toBe(Number(tflite))
      if (c.single !== c.double) differ++
    }
    expect(differ).toBeGreaterThanOrEqual(9)
  })
})
