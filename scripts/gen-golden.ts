/**
 * Writes the golden int8 cases (src/core/testing/golden/<op>.json, and the single-rounding ones under
 * golden/single-rounding/) from the specs in src/core/testing/golden/, using the TS int8 engine.
 * Run: npx tsx scripts/gen-golden.ts. The golden test fails when a file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SINGLE_ROUNDING_DIR, buildGoldenFiles, goldenJson } from '../src/core/testing/golden/golden-cases.ts'
import { GOLDEN_SPECS } from '../src/core/testing/golden/golden-specs.ts'
import { SINGLE_ROUNDING_SPECS } from '../src/core/testing/golden/specs-single-rounding.ts'

const dir = join(new URL('..', import.meta.url).pathname, 'src/core/testing/golden')
for (const [sub, specs] of [['', GOLDEN_SPECS], [SINGLE_ROUNDING_DIR, SINGLE_ROUNDING_SPECS]] as const) {
  mkdirSync(join(dir, sub), { recursive: true })
  for (const [name, file] of buildGoldenFiles(specs)) {
    writeFileSync(join(dir, sub, name), goldenJson(file))
    console.log(`${join(sub, name)}: ${file.cases.length} cases`)
  }
}
