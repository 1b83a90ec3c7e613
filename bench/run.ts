/**
 * `npm run bench`: how long the estimator takes (it runs on every edit), and the memory planners behind it.
 *   1. estimate() for the VWW MobileNetV1-0.25 template on 20 targets (the 18 catalog boards + 2 custom boards), with
 *      the editor's GraphAnalysis passed in (as the UI does) and with the analysis included; target: < 5 ms median;
 *   2. the same for a generated 500-node graph (bench/synthetic-graph.ts);
 *   3. planner timings: greedy-by-size, the optimizing planner as the estimator runs it, and with the planner's own
 *      default exact-search budget; plus a hard 12-buffer case where the exact search runs to its budget.
 * Each figure is the median (and 90th percentile) of repeated runs after a warm-up, in Node (single thread).
 * Then the split-computing analysis of VWW over 3 targets × 3 links × 2 tiers (bench/split.ts), inference throughput (bench/inference.ts: the WebAssembly int8 engine vs onnxruntime-web vs the TypeScript
 * engines), quantize & validate of 1,000 VWW inputs through the Quantization tab's job (bench/validation.ts), and the
 * C package's built sizes and instruction counts on a Cortex-M4 under QEMU against the estimator's prediction
 * (bench/c-package.ts; skipped without the Arm toolchain). Last, training throughput of the digits template:
 * TensorFlow.js in Chromium on each backend (the built app's Train tab) beside PyTorch on the CPU (bench/train.ts).
 */
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import { AUTO_OPTIMIZING_MAX_NODES, EXACT_SEARCH_BUDGET } from '../src/core/estimate/memory-report.ts'
import { mulberry32 } from '../src/core/ir/seeded-init.ts'
import type { Graph } from '../src/core/ir/types.ts'
import type { BufferRequest } from '../src/core/plan/memory-planner.ts'
import { livenessLowerBound } from '../src/core/plan/liveness.ts'
import { optimizeOffsets } from '../src/core/plan/optimizing-planner.ts'
import { planGraphMemory } from '../src/core/plan/plan-graph.ts'
import { CATALOG_TARGETS } from '../src/core/targets/catalog.ts'
import { printExploreBench } from './explore.ts'
import { parseTargetFile } from '../src/core/targets/target-file.ts'
import { templateById } from '../src/core/templates/index.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'
import { printCPackageBench } from './c-package.ts'
import { printInferenceBench } from './inference.ts'
import { printSplitBench } from './split.ts'
import { printTrainBench } from './train.ts'
import { printValidationBench } from './validation.ts'
import { syntheticGraph } from './synthetic-graph.ts'

interface Timing { median: number; p90: number; runs: number }

function time(fn: () => unknown, runs: number, warmup = Math.min(50, runs)): Timing {
  for (let i = 0; i < warmup; i++) fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[Math.floor(runs / 2)], p90: samples[Math.floor(runs * 0.9)], runs }
}

const ms = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(2))

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n')
}

const custom = [
  parseTargetFile(JSON.stringify({ id: 'custom-m55', name: 'Custom Cortex-M55', core: 'cortex-m55', clockMHz: 400, sramBytes: 2 << 20,
    flashBytes: 4 << 20, activePowerMw: 60 }), 'custom-m55.json'),
  parseTargetFile(JSON.stringify({ id: 'custom-m3', name: 'Custom Cortex-M3', core: 'cortex-m3', clockMHz: 72, sramBytes: 20 << 10,
    flashBytes: 128 << 10 }), 'custom-m3.json'),
]
const targets = [...CATALOG_TARGETS, ...custom]

function checkedGraph(graph: Graph, what: string): Graph {
  const analysis = analyzeGraph(graph, CMSIS_NN)
  if (!analysis.ok) throw new Error(`${what} has errors: ${analysis.diagnostics.map((d) => d.message).join('; ')}`)
  return graph
}

const graphs: [string, Graph][] = [
  ['VWW MobileNetV1-0.25 (32 nodes)', checkedGraph(templateById('vww-mobilenet')!.build().graph, 'VWW')],
  ['synthetic 500 nodes', checkedGraph(syntheticGraph(500), 'the synthetic graph')],
]

console.log(`TinyForge estimator benchmark — Node ${process.version}, ${targets.length} targets (${CATALOG_TARGETS.length} catalog + ${custom.length} custom)\n`)

const estimateRows = [['graph', 'analysis given: median ms', 'p90 ms', 'incl. analysis: median ms', 'p90 ms', 'analysis alone: median ms', 'runs']]
for (const [name, graph] of graphs) {
  const analysis = analyzeGraph(graph, CMSIS_NN)
  const runs = graph.nodes.length > 100 ? 60 : 300
  const given = time(() => estimate(graph, CMSIS_NN, targets, { analysis }), runs)
  const full = time(() => estimate(graph, CMSIS_NN, targets), runs)
  const alone = time(() => analyzeGraph(graph, CMSIS_NN), runs)
  estimateRows.push([name, ms(given.median), ms(given.p90), ms(full.median), ms(full.p90), ms(alone.median), String(runs)])
}
console.log('estimate(graph, cmsis-nn, 20 targets)')
console.log(table(estimateRows))

const planRows = [['graph', 'buffers', 'greedy ms', `optimizing, exact ${EXACT_SEARCH_BUDGET / 1000}k ms`, 'optimizing, exact 200k ms',
  'greedy B', 'optimizing B', 'bound B']]
for (const [name, graph] of [...graphs, ['KWS DS-CNN (14 nodes)', templateById('kws-ds-cnn')!.build().graph] as [string, Graph]]) {
  const analysis = analyzeGraph(graph, CMSIS_NN)
  const runs = graph.nodes.length > 100 ? 60 : 300
  const greedy = planGraphMemory(graph, CMSIS_NN, { analysis, planner: 'greedy' })
  const best = planGraphMemory(graph, CMSIS_NN, { analysis, nodeBudget: EXACT_SEARCH_BUDGET })
  planRows.push([name, String(new Set(best.buffers.map((b) => b.aliasOf ?? b.nodeId)).size),
    ms(time(() => planGraphMemory(graph, CMSIS_NN, { analysis, planner: 'greedy' }), runs).median),
    ms(time(() => planGraphMemory(graph, CMSIS_NN, { analysis, nodeBudget: EXACT_SEARCH_BUDGET }), runs).median),
    ms(time(() => planGraphMemory(graph, CMSIS_NN, { analysis }), runs).median),
    String(greedy.arenaBytes), String(best.arenaBytes), String(best.lowerBoundBytes)])
}
console.log(`\nmemory planners (planGraphMemory, 16-byte alignment; the estimator uses the optimizing planner up to ` +
  `${AUTO_OPTIMIZING_MAX_NODES} nodes, greedy-by-size above)`)
console.log(table(planRows))

/** A 12-buffer set whose best ordering heuristic stays above the liveness bound, so the exact search runs. */
function hardCase(): BufferRequest[] {
  for (let seed = 1; seed < 10_000; seed++) {
    const random = mulberry32(seed)
    const buffers = Array.from({ length: 12 }, () => {
      const first = Math.floor(random() * 10)
      return { size: 16 * (1 + Math.floor(random() * 8)), firstUse: first, lastUse: first + Math.floor(random() * 4) }
    })
    const heuristic = optimizeOffsets(buffers, { exactLimit: 0 })
    const exact = optimizeOffsets(buffers, { nodeBudget: 1_000_000 })
    if (heuristic.peak > livenessLowerBound(buffers) && exact.peak < heuristic.peak) return buffers
  }
  throw new Error('no hard case found')
}
const hard = hardCase()
const exactRows = [['exact-search budget (placements)', 'median ms', 'p90 ms', 'peak B', 'proven optimal']]
for (const budget of [0, 1_000, EXACT_SEARCH_BUDGET, 20_000, 200_000]) {
  const outcome = budget === 0 ? optimizeOffsets(hard, { exactLimit: 0 }) : optimizeOffsets(hard, { nodeBudget: budget })
  const t = time(() => (budget === 0 ? optimizeOffsets(hard, { exactLimit: 0 }) : optimizeOffsets(hard, { nodeBudget: budget })), 30, 5)
  exactRows.push([budget === 0 ? 'heuristics only' : String(budget), ms(t.median), ms(t.p90), String(outcome.peak), String(outcome.optimal)])
}
console.log(`\nexact search on a hard 12-buffer case (liveness bound ${livenessLowerBound(hard)} B)`)
console.log(table(exactRows))

printExploreBench(targets)
printSplitBench()
await printInferenceBench()
await printValidationBench({ count: 1000 })
printCPackageBench()
await printTrainBench({ build: true })
