/** Writes src/core/quant/requantize-rounding.golden.json (see rounding-golden.ts). Run: npx tsx scripts/gen-rounding-golden.ts */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildRoundingGolden, roundingGoldenJson } from '../src/core/quant/rounding-golden.ts'

const file = join(new URL('..', import.meta.url).pathname, 'src/core/quant/requantize-rounding.golden.json')
const golden = buildRoundingGolden()
writeFileSync(file, roundingGoldenJson(golden))
console.log(`requantize-rounding.golden.json: ${golden.requantize.length} requantize cases, ${golden.quantizeMultiplier.length} multipliers`)
