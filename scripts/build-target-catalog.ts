/**
 * Generates src/core/targets/catalog-data.json from ../shared/data/targets.csv (the app never reads
 * ../shared at run time). Run: node bin/run-ts.mjs scripts/build-target-catalog.ts
 * Prints one line per target with its power figure and kind, and the rows left out with the reason.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { buildCatalog } from '../tools/catalog/build-catalog.ts'

const ROOT = new URL('..', import.meta.url).pathname
const INPUT = join(ROOT, '../shared/data/targets.csv')
const OUTPUT = join(ROOT, 'src/core/targets/catalog-data.json')

const csv = readFileSync(INPUT, 'utf8')
const build = buildCatalog(csv)
const data = {
  generator: 'scripts/build-target-catalog.ts',
  generatedAt: new Date().toISOString().slice(0, 10),
  input: { path: '../shared/data/targets.csv', sha256: createHash('sha256').update(csv).digest('hex') },
  note: 'Generated file: do not edit; change the CSV or ROW_DECISIONS in tools/catalog/build-catalog.ts and rerun.',
  targets: build.targets,
  powerDefaults: build.powerDefaults,
  excluded: build.excluded,
}
writeFileSync(OUTPUT, JSON.stringify(data, null, 2) + '\n')

for (const t of build.targets) {
  console.log(`${t.id.padEnd(22)} ${t.core.padEnd(14)} ${String(t.clockMHz).padStart(4)} MHz  ` +
    `${String(Math.round(t.sramBytes / 1024)).padStart(5)} KB SRAM  ${String(Math.round(t.flashBytes / 1024)).padStart(6)} KB flash  ` +
    `${t.activePowerMw.toFixed(1).padStart(7)} mW (${t.figures.power.kind})`)
}
for (const e of build.excluded) console.log(`excluded '${e.row}': ${e.reason}`)
console.log(`wrote ${relative(ROOT, OUTPUT)}: ${build.targets.length} targets`)
