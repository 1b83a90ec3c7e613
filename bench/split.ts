/**
 * Split computing analysis time (the Split tab's work without the drawing): VWW int8 (MLPerf Tiny) estimated on 3
 * catalog boards, its cut table, and every cut priced for 3 links × 2 tiers. The tab's target is the chart and the 18
 * best-cut rows within 100 ms of opening it (e2e/split.spec.ts prints that figure as measured in the page).
 *   node bin/run-ts.mjs bench/split.ts
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import { importModel } from '../src/core/formats/import-model.ts'
import { cutTable } from '../src/core/formats/split/cuts.ts'
import { analyzeSplit } from '../src/core/pipelines/split/analyze-split.ts'
import { CATALOG_TARGETS } from '../src/core/targets/catalog.ts'
import { LINKS } from '../src/core/targets/links.ts'
import { TIERS } from '../src/core/targets/tiers.ts'
import { getLibrary } from '../src/core/vendors/registry.ts'

const MLPERF = new URL('../../shared/data/mlperf-tiny/', import.meta.url).pathname

export function printSplitBench(runs = 30): void {
  const doc = importModel(new Uint8Array(readFileSync(`${MLPERF}vww_96_int8.tflite`)), 'vww_96_int8.tflite').doc
  const library = getLibrary(doc.library)!
  const targets = CATALOG_TARGETS.slice(0, 3)
  const links = LINKS.filter((l) => ['ble-2m', 'wifi-esp32', 'lte-m'].includes(l.id))
  const tiers = TIERS.filter((t) => ['rpi4-cpu', 'cloud-cpu'].includes(t.id))
  const once = () => {
    const report = estimate(doc.graph, library, targets, { name: doc.name, analysis: analyzeGraph(doc.graph, library) })
    return analyzeSplit(report, cutTable(doc.graph, report, 'single'), links, tiers).combinations.length
  }
  const combinations = once()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    once()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  console.log(`\nsplit computing: VWW int8, ${targets.length} targets × ${links.length} links × ${tiers.length} tiers = ` +
    `${combinations} combinations: estimate + cut table + analysis ${times[Math.floor(runs / 2)].toFixed(1)} ms median, ` +
    `${times[Math.floor(runs * 0.9)].toFixed(1)} ms p90 (the tab's budget, drawing included: 100 ms)`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) printSplitBench()
