/**
 * Writes the golden int8 cases (src/core/testing/golden/<op>.json) from the specs in src/core/testing/golden/, using
 * the TS int8 engine. Run: npx tsx scripts/gen-golden.ts. The golden test fails when a file is stale.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildGoldenFiles, goldenJson } from '../src/core/testing/golden/golden-cases.ts'
import { GOLDEN_SPECS } from '../src/core/testing/golden/golden-specs.ts'

const dir = join(new URL('..', import.meta.url).pathname, 'src/core/testing/golden')
for (const [name, file] of buildGoldenFiles(GOLDEN_SPECS)) {
  writeFileSync(join(dir, name), goldenJson(file))
  console.log(`${name}: ${file.cases.length} cases`)
}
