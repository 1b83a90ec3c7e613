/**
 * Golden specs of single rounding (CMSIS_NN_USE_SINGLE_ROUNDING, golden/single-rounding/): every s8 spec of an
 * operator that requantizes with MultiplyByQuantizedMultiplier, run again with rounding 'single' (name suffix
 * `-single`) — the worked example among them (specs-dense.ts WORKED_EXAMPLE_SPEC: 12 with double rounding, 11 with single).
 */
import type { GoldenSpec } from './golden-cases.ts'
import { runGoldenSpec } from './golden-cases.ts'
import { GOLDEN_SPECS } from './golden-specs.ts'

/** The s8 specs whose operator records a rounding in its OpData (it requantizes), as single-rounding specs. */
function singleRoundingTwins(): GoldenSpec[] {
  return GOLDEN_SPECS.filter((s) => s.scheme === 's8' && 'rounding' in runGoldenSpec({ ...s, rounding: 'single' }).opData)
    .map((s) => ({ ...s, name: `${s.name}-single`, rounding: 'single' as const }))
}

export const SINGLE_ROUNDING_SPECS: readonly GoldenSpec[] = singleRoundingTwins()
