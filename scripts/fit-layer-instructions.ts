/**
 * Fits the per-layer instruction model of the C package's kernels (src/core/estimate/layer-instructions.ts) and writes
 * src/core/estimate/layer-instructions.fitted.json (coefficients + errors) and tools/layer-instructions/rows.json (every
 * measured row, so `layer-instructions.test.ts` can refit without QEMU):
 *
 *   npx tsx scripts/fit-layer-instructions.ts [--cmsis-nn /tmp/cmsis-nn/v7.0.0 --cmsis-label v7.0.0] [--quick]
 *
 * About 6 minutes on the 2-core development machine with --cmsis-nn (about 3 without). Needs arm-none-eabi-gcc,
 * qemu-system-arm, make and a host cc.
 * 1. Designed packages (s8, seeded weights, PTQ on synthetic samples): one Input each (H×W×Cin from 28×28×1 to 4×4×64,
 *    Cin 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32, 64) and branches of every modelled kernel: Conv2D 3×3 / 1×1 / 5×5, stride
 *    1 and 2, 'same' and 'valid'; DepthwiseConv2D 3×3 and 5×5; MaxPool2D / AvgPool2D 2×2/2, 3×3/2, 3×3/1 'same';
 *    GlobalAveragePool; Add; Flatten → FullyConnected → Softmax; FullyConnected → Exit (margin and softmax rules,
 *    threshold 256 so that every node runs). Output channels and units cycle through fixed lists.
 * 2. Each package runs `make test-qemu-<core>` under the insn-segments plugin (bench/c-package-build.ts): instructions per
 *    node of one inference, for the portable runtime on the Cortex-M4 (DSP path) and the Cortex-M3 (plain C path), and
 *    with --cmsis-nn the CMSIS-NN build on both.
 * 3. Per build and layer key: NNLS on relative error (tools/layer-instructions/fit.ts) over the packages marked `fit`;
 *    the designed packages marked `held-out` and real networks (the Early-exit CNN and Digits templates, the exit test
 *    network, MLPerf Tiny KWS and AD) are predicted by that fit: per-layer errors and, for the exit networks, the shares
 *    of the full run before each exit (what exit-costs.ts uses).
 * Prints the tables of docs/cost-model.md ("Instructions per layer").
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ArmBoard } from '../bench/c-package-build.ts'
import { ARM_BOARDS, countInstructions, writePackage } from '../bench/c-package-build.ts'
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { exitSites } from '../src/core/estimate/exit-costs.ts'
import type { InstructionBuild } from '../src/core/estimate/layer-instructions.ts'
import { KEY_FEATURES, instructionFeatures, layerShapeOf, predictWith } from '../src/core/estimate/layer-instructions.ts'
import type { Edge, Graph, GraphNode } from '../src/core/ir/types.ts'
import { mlperfGraph, quantized, templateGraph } from '../src/core/testing/c-fixtures.ts'
import { removeTempDirs, tempDir } from '../src/core/testing/c-toolchain.ts'
import { EXIT_NET } from '../src/core/testing/fixture-graphs.ts'
import { getLibrary } from '../src/core/vendors/registry.ts'
import type { FittedKey, MeasuredLayer } from '../tools/layer-instructions/fit.ts'
import { errorPct, fitBuild, round1 } from '../tools/layer-instructions/fit.ts'
import { median } from '../tools/cost-model/cost-model-fit.ts'

const args = process.argv.slice(2)
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
const cmsisNn = flag('--cmsis-nn')
const cmsisLabel = flag('--cmsis-label') ?? cmsisNn
const quick = args.includes('--quick')
const ROOT = new URL('..', import.meta.url).pathname
const log = (s: string) => process.stdout.write(`${s}\n`)
const started = Date.now()

const node = (id: string, op: string, attrs: GraphNode['attrs']): GraphNode => ({ id, op, name: id, attrs, position: { x: 0, y: 0 } })
const edge = (source: string, target: string, targetPort = 0): Edge => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort })

const INPUTS: [number, number, number][] = [
  [28, 28, 1], [16, 16, 1], [20, 12, 3], [32, 32, 3], [9, 9, 2], [14, 14, 8], [10, 10, 4], [12, 12, 5], [8, 8, 16],
  [7, 7, 16], [6, 6, 32], [5, 5, 7], [24, 24, 6], [4, 4, 64], [11, 11, 12], [3, 3, 24], [13, 9, 1], [18, 18, 3],
]
/** Designed packages predicted by the fit of the others (chosen before any fit: every fifth from the third). */
const HELD_OUT = new Set([2, 7, 12, 17])
const COUTS = [4, 8, 16, 6, 3, 12, 32, 5, 10, 24, 2, 7, 1, 9, 20, 11]
const UNITS = [10, 7, 16, 3, 32, 5, 12, 2, 20, 9, 64, 4]

/** One designed package: an Input and one branch per modelled kernel that fits the input. */
function designed(i: number): Graph {
  const [h, w, c] = INPUTS[i]
  const co = (k: number) => COUTS[(i * 5 + k) % COUTS.length]
  const un = (k: number) => UNITS[(i * 3 + k) % UNITS.length]
  const act = (k: number) => ((i + k) % 2 === 0 ? 'relu' : 'none')
  const nodes: GraphNode[] = [node('in', 'Input', { shape: [h, w, c], mean: [0], scale: 1 / 64 })]
  const edges: Edge[] = []
  const add = (id: string, op: string, attrs: GraphNode['attrs'], from = 'in') => { nodes.push(node(id, op, attrs)); edges.push(edge(from, id)) }
  const conv = (id: string, k: number, s: number, padding: string, filters: number, a: string) =>
    add(id, 'Conv2D', { filters, kernelH: k, kernelW: k, strideH: s, strideW: s, padding, activation: a })
  conv('conv3', 3, 1, 'same', co(0), act(0))
  conv('conv3s2', 3, 2, 'same', co(1), act(1))
  conv('conv1x1', 1, 1, 'valid', co(2), act(0))
  if (h >= 5 && w >= 5) conv('conv5', 5, 1, 'valid', co(3), act(1))
  conv('conv5s2', 5, 2, 'same', co(4), act(0))
  if (h >= 3 && w >= 3) conv('conv3v', 3, 1, 'valid', co(5), act(1))
  conv('conv1x1s2', 1, 2, 'valid', co(6), act(1))
  const dw = (id: string, k: number, s: number, padding: string) =>
    add(id, 'DepthwiseConv2D', { kernelH: k, kernelW: k, strideH: s, strideW: s, padding, activation: act(2) })
  dw('dw3', 3, 1, 'same')
  dw('dw3s2', 3, 2, 'same')
  if (h >= 5 && w >= 5) dw('dw5', 5, 1, 'valid')
  const pool = (id: string, op: string, k: number, s: number, padding = 'valid') =>
    add(id, op, { poolH: k, poolW: k, strideH: s, strideW: s, padding, activation: 'none' })
  pool('max2', 'MaxPool2D', 2, 2)
  if (h >= 3 && w >= 3) pool('max3', 'MaxPool2D', 3, 2)
  pool('avg2', 'AvgPool2D', 2, 2)
  pool('avg3', 'AvgPool2D', 3, 1, 'same')
  pool('max3s', 'MaxPool2D', 3, 1, 'same')
  add('gap', 'GlobalAveragePool', {})
  // Add(input, conv3 brought back to Cin channels by a 1×1 convolution).
  add('back', 'Conv2D', { filters: c, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, padding: 'valid', activation: 'none' }, 'conv3')
  nodes.push(node('sum', 'Add', { activation: act(3) }))
  edges.push(edge('in', 'sum', 0), edge('back', 'sum', 1))
  add('flat', 'Flatten', {})
  add('fc', 'FullyConnected', { units: un(0), activation: 'none' }, 'flat')
  add('prob', 'Softmax', { beta: 1 }, 'fc')
  add('fc_m', 'FullyConnected', { units: Math.max(2, un(1)), activation: act(4) }, 'flat')
  add('exit_m', 'Exit', { rule: 'margin', threshold: 256 }, 'fc_m')
  add('flat2', 'Flatten', {}, 'max2')
  add('fc_s', 'FullyConnected', { units: Math.max(2, un(2)), activation: 'none' }, 'flat2')
  add('exit_s', 'Exit', { rule: 'softmax', threshold: 256 }, 'fc_s')
  return { seed: 100 + i, nodes, edges }
}

const never = (g: Graph): Graph => ({ ...g, nodes: g.nodes.map((n) => (n.op === 'Exit' ? { ...n, attrs: { ...n.attrs, threshold: 256 } } : n)) })

interface Pkg { id: string; graph: Graph; role: 'fit' | 'held-out' | 'network' }
const designedCount = quick ? 4 : INPUTS.length
const packages: Pkg[] = [
  ...Array.from({ length: designedCount }, (_, i) => ({ id: `d${i}`, graph: quantized(designed(i), 's8'), role: HELD_OUT.has(i) ? 'held-out' as const : 'fit' as const })),
  { id: 'early_exit_cnn', graph: never(templateGraph('early-exit-cnn', 's8')), role: 'network' },
  { id: 'exit_net', graph: never(quantized(EXIT_NET, 's8')), role: 'network' },
  ...(quick ? [] : [
    { id: 'digits_cnn', graph: templateGraph('digits-cnn', 's8'), role: 'network' as const },
    { id: 'kws', graph: mlperfGraph('kws_ref_model.tflite'), role: 'network' as const },
    { id: 'ad01', graph: mlperfGraph('ad01_int8.tflite'), role: 'network' as const },
  ]),
]

interface Build { id: InstructionBuild; board: ArmBoard; cmsis: boolean }
const BUILDS: Build[] = [
  { id: 'portable/s8/dsp', board: ARM_BOARDS.m4, cmsis: false },
  { id: 'portable/s8/c', board: ARM_BOARDS.m3, cmsis: false },
  ...(cmsisNn ? [{ id: 'cmsis-nn/s8/dsp' as const, board: ARM_BOARDS.m4, cmsis: true }, { id: 'cmsis-nn/s8/c' as const, board: ARM_BOARDS.m3, cmsis: true }] : []),
]

const library = getLibrary('cmsis-nn')!
const cmsisBuild = tempDir('cmsis-objs')
const rows: (MeasuredLayer & { role: Pkg['role'] })[] = []
/** Per build and package: the schedule's own instructions and the total of one inference. */
const totals: Record<string, Record<string, { perInference: number; scheduleOwn: number }>> = {}
for (const p of packages) {
  const analysis = analyzeGraph(p.graph, library)
  const pkg = writePackage(p.graph, library, p.id)
  for (const b of BUILDS) {
    const t0 = Date.now()
    const count = countInstructions(pkg, b.board, b.cmsis ? { cmsisNn, cmsisBuild } : {})
    ;(totals[b.id] ??= {})[p.id] = { perInference: count.perInference, scheduleOwn: count.scheduleOwn }
    for (const n of count.nodes) {
      const shape = layerShapeOf(n.op, analysis.nodes.get(n.node))
      const f = shape && instructionFeatures(shape)
      if (!f || n.instructions === 0) continue
      rows.push({ build: b.id, package: p.id, node: n.node, key: f.key, x: f.x, measured: n.instructions, role: p.role })
    }
    log(`${p.id} ${b.id}: ${count.perInference} instructions, ${count.nodes.length} nodes (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  }
}

// Fit on the 'fit' packages; everything else is predicted.
const fits: Record<string, Record<string, FittedKey>> = {}
for (const b of BUILDS) fits[b.id] = fitBuild(rows.filter((r) => r.build === b.id && r.role === 'fit'))
const predict = (r: MeasuredLayer) => {
  const m = fits[r.build][r.key]
  return m ? predictWith(m, r.x) : null
}

const heldOut: Record<string, { layers: number; medianErrorPct: number; maxErrorPct: number; weightedErrorPct: number }> = {}
const sharesOut: Record<string, Record<string, { exit: string; measured: number; predicted: number; differencePct: number }[]>> = {}
for (const b of BUILDS) {
  log(`\n### ${b.id} (${b.board.core}${b.cmsis ? `, CMSIS-NN ${cmsisLabel}` : ''})\n`)
  log('| key | features (coefficient) | fit rows | median \\|error\\| in fit | max | held-out rows | median \\|error\\| held out | max |')
  log('|---|---|---|---|---|---|---|---|')
  for (const [key, m] of Object.entries(fits[b.id])) {
    const ho = rows.filter((r) => r.build === b.id && r.role !== 'fit' && r.key === key).map((r) => Math.abs(errorPct(predict(r)!, r.measured)))
    const terms = m.features.map((f, i) => [f, m.coefficients[i]] as const).filter(([, c]) => c > 0).map(([f, c]) => `${f} ${c}`).join(', ')
    log(`| ${key} | ${terms} | ${m.rows} | ${m.medianErrorPct} % | ${m.maxErrorPct} % | ${ho.length} | ${ho.length ? `${round1(median(ho))} %` : '–'} | ${ho.length ? `${round1(Math.max(...ho))} %` : '–'} |`)
  }
  for (const role of ['held-out', 'network'] as const) {
    const rs = rows.filter((r) => r.build === b.id && r.role === role && predict(r) !== null)
    const errs = rs.map((r) => Math.abs(errorPct(predict(r)!, r.measured)))
    const weighted = (100 * rs.reduce((s, r) => s + Math.abs(predict(r)! - r.measured), 0)) / rs.reduce((s, r) => s + r.measured, 0)
    heldOut[`${b.id} ${role}`] = { layers: rs.length, medianErrorPct: round1(median(errs)), maxErrorPct: round1(Math.max(...errs)), weightedErrorPct: round1(weighted) }
    log(`\n${role} layers: ${rs.length}, median |error| ${round1(median(errs))} %, max ${round1(Math.max(...errs))} %, instruction-weighted ${round1(weighted)} %`)
  }
  // Per network: the share of a full run before each exit decides, measured (per-node counts) and predicted.
  for (const p of packages.filter((q) => q.graph.nodes.some((n) => n.op === 'Exit') && q.role === 'network')) {
    const analysis = analyzeGraph(p.graph, library)
    const byNode = new Map(rows.filter((r) => r.build === b.id && r.package === p.id).map((r) => [r.node, r]))
    const measuredOf = (ids: readonly string[]) => ids.reduce((s, id) => s + (byNode.get(id)?.measured ?? 0), 0)
    const predictedOf = (ids: readonly string[]) => ids.reduce((s, id) => { const r = byNode.get(id); return s + (r ? predict(r) ?? 0 : 0) }, 0)
    const all = p.graph.nodes.map((n) => n.id)
    const list = exitSites(p.graph, analysis).map((s) => {
      const measured = measuredOf(s.prefix) / measuredOf(all)
      const predicted = predictedOf(s.prefix) / predictedOf(all)
      return { exit: s.name, measured: Number(measured.toFixed(4)), predicted: Number(predicted.toFixed(4)), differencePct: round1(errorPct(predicted, measured)) }
    })
    ;(sharesOut[b.id] ??= {})[p.id] = list
    if (p.id === 'early_exit_cnn' && b.id === 'portable/s8/dsp') {
      log('\n| layer | op | MACs | QEMU instructions | model | error |')
      log('|---|---|---|---|---|---|')
      for (const id of analysis.order) {
        const r = byNode.get(id)
        if (r) log(`| ${id} | ${r.key} | ${(analysis.nodes.get(id)?.macs ?? 0).toLocaleString('en-US')} | ${r.measured.toLocaleString('en-US')} | ` +
          `${Math.round(predict(r) ?? 0).toLocaleString('en-US')} | ${errorPct(predict(r)!, r.measured).toFixed(1)} % |`)
      }
    }
    log(`${p.id}: ${list.map((s) => `${s.exit} measured ${(100 * s.measured).toFixed(2)} % predicted ${(100 * s.predicted).toFixed(2)} % (${s.differencePct} %)`).join('; ')}`)
  }
}

const version = (cmd: string, a: string[]) => execFileSync(cmd, a, { encoding: 'utf8' }).split('\n')[0].trim()
const json = {
  generator: 'scripts/fit-layer-instructions.ts',
  note: 'Generated file: do not edit. Instructions per kernel call = Σ coefficient · feature (layer-instructions.ts); NNLS on relative error.',
  toolchain: `${version('arm-none-eabi-gcc', ['--version'])}; the package Makefile's -O2 flags`,
  qemu: version('qemu-system-arm', ['--version']),
  cmsisNn: cmsisNn ? `CMSIS-NN ${cmsisLabel}` : null,
  builds: Object.fromEntries(BUILDS.map((b) => [b.id, { cpu: b.board.core, keys: fits[b.id] }])),
  heldOut, shares: sharesOut,
}
if (!quick) {
  writeFileSync(join(ROOT, 'src/core/estimate/layer-instructions.fitted.json'), `${JSON.stringify(json, null, 1)}\n`)
  mkdirSync(join(ROOT, 'tools/layer-instructions'), { recursive: true })
  // Compact: per row [build, package, node, key, role, measured, ...the key's features in KEY_FEATURES order].
  writeFileSync(join(ROOT, 'tools/layer-instructions/rows.json'), `${JSON.stringify({ generator: json.generator, totals,
    columns: ['build', 'package', 'node', 'key', 'role', 'measured', 'features (KEY_FEATURES[key] order)'],
    rows: rows.map((r) => [r.build, r.package, r.node, r.key, r.role, r.measured, ...KEY_FEATURES[r.key].map((f) => r.x[f] ?? 0)]) })
    .replace(/\],\[/g, '],\n[')}\n`)
}
log(`\n${rows.length} measured layers, ${packages.length} packages × ${BUILDS.length} builds in ${((Date.now() - started) / 1000).toFixed(0)} s`)
removeTempDirs()
