/**
 * The early-exit run of docs/early-exit.md, reproducible end to end (about 10 minutes on 2 CPU cores):
 *
 *   npx tsx scripts/early-exit-fashion.ts [work-dir] [--epochs 8] [--qat-epochs 2] [--max-loss 1] [--qemu 200] [--exit2-head gap-fc]
 *                                         [--reuse-training]   (keep the work dir's trained.npz: skips step 1's training)
 *
 * 1. The Early-exit CNN template (two exits) exported as a PyTorch project, trained jointly (train.py: main path +
 *    0.5 × each exit's cross-entropy) on Fashion-MNIST train[0:54000], int8 accuracy on t10k by the integer forward.
 * 2. import-weights → the quantized project; thresholds calibrated on the held-out train[54000:60000] (6,000 samples)
 *    for at most --max-loss points of accuracy loss (pipelines/exits).
 * 3. On t10k (10,000, held out): exit rates, accuracy per exit and overall, expected latency/energy per target.
 * 4. The C package: every t10k sample through `make test` on the host (exit index and output bytes against the
 *    TypeScript int8 engine's early-exit run), and the first --qemu samples on qemu mps2-an386 (Cortex-M4) with their
 *    instruction counts per exit against the estimator's share of the full network (portable runtime, Cortex-M4).
 * 5. Per layer: QEMU instructions of a full run (thresholds 256) against the per-layer instruction model that splits the
 *    estimator's latency (layer-instructions.ts) and against the cost model's own per-layer cycles.
 * Prints the tables of docs/early-exit.md and writes <work-dir>/early-exit-results.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { expectedOutputs, testVectorsHeader } from '../src/core/codegen/c/example-source.ts'
import type { TestVector } from '../src/core/codegen/c/example-source.ts'
import { generateCPackage } from '../src/core/codegen/c/generate-package.ts'
import { buildPackageModel } from '../src/core/codegen/c/package-model.ts'
import { createInt8Engine } from '../src/core/engine/create-int8-engine.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import { exitSites, exitTargetCosts } from '../src/core/estimate/exit-costs.ts'
import { layerShapeOf, predictInstructions } from '../src/core/estimate/layer-instructions.ts'
import { exportPytorchProject } from '../src/core/formats/pytorch/export-pytorch.ts'
import { serializeProject } from '../src/core/formats/project/index.ts'
import { decodeNpy } from '../src/core/formats/pytorch/npz.ts'
import { applyChanges } from '../src/core/ir/changes.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { calibrateExits, exitReport } from '../src/core/pipelines/exits/exit-report.ts'
import type { ExitReport } from '../src/core/pipelines/exits/exit-report.ts'
import { collectExitSamples } from '../src/core/pipelines/exits/exit-samples.ts'
import { importWeights } from '../src/core/pipelines/import-weights.ts'
import { CATALOG_TARGETS } from '../src/core/targets/catalog.ts'
import { buildEarlyExitCnn } from '../src/core/templates/early-exit-cnn.ts'
import type { ExitHeadId } from '../src/core/templates/exit-heads.ts'
import { ARM_BOARDS, countInstructions, writePackage } from '../bench/c-package-build.ts'
import { run, writeFiles } from '../src/core/testing/c-toolchain.ts'
import { fashionNpy } from '../src/core/testing/pytorch/fashion.ts'
import { getLibrary } from '../src/core/vendors/registry.ts'

const args = process.argv.slice(2)
const flag = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt }
const work = args[0] && !args[0].startsWith('--') ? args[0] : '/tmp/tinyforge-early-exit'
const EPOCHS = flag('--epochs', 8)
const QAT = flag('--qat-epochs', 2)
const MAX_LOSS = flag('--max-loss', 1)
const QEMU = flag('--qemu', 200)
const headAt = args.indexOf('--exit2-head')
const EXIT2_HEAD = (headAt >= 0 ? args[headAt + 1] : 'conv-gap-fc') as ExitHeadId
const TARGETS = ['nrf52840-dk', 'nucleo-l4r5zi', 'nucleo-u575zi-q', 'nucleo-h7a3zi-q'].map((id) => CATALOG_TARGETS.find((t) => t.id === id)!)
const library = getLibrary('cmsis-nn')!
const log = (s: string) => process.stdout.write(`${s}\n`)
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(2)} %`)

mkdirSync(work, { recursive: true })
const py = join(work, 'pytorch')
const doc0 = buildEarlyExitCnn(EXIT2_HEAD)
writeFiles(py, exportPytorchProject(doc0).files)
const train = fashionNpy(py, 'train', 0, 54000, 'train-')
const val = fashionNpy(py, 'train', 54000, 6000, 'val-')
const test = fashionNpy(py, 'test', 0, 10000, 'test-')

// 1. joint training (--reuse-training: keep <work-dir>/pytorch/trained.npz of an earlier run with the same options)
const started = Date.now()
if (args.includes('--reuse-training') && existsSync(join(py, 'trained.npz'))) {
  log(`training: reused ${join(py, 'trained.npz')}`)
} else {
  const t = run('env', ['SOURCE_DATE_EPOCH=1764806400', '/usr/bin/python3', 'train.py', '--data', train.x, '--labels', train.y,
    '--test-data', test.x, '--test-labels', test.y, '--val-split', '0', '--epochs', String(EPOCHS), '--qat-epochs', String(QAT),
    '--threads', '2', '--progress-every', '0', '--out', 'trained.npz'], py, 3_600_000)
  if (t.code !== 0) throw new Error(`train.py failed: ${t.stderr}`)
  log(t.stdout.trim())
  log(`training: ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

// 2. import, calibrate on the held-out validation slice
const { doc } = importWeights(doc0, new Uint8Array(readFileSync(join(py, 'trained.npz'))), 'trained.npz')
const samplesOf = (p: { x: string; y: string }) => {
  const x = decodeNpy(new Uint8Array(readFileSync(p.x)), p.x)
  const y = decodeNpy(new Uint8Array(readFileSync(p.y)), p.y)
  const n = x.shape[0]
  return { raw: Array.from({ length: n }, (_, i) => Float32Array.from((x.data as Uint8Array).subarray(i * 784, (i + 1) * 784))),
    labels: Array.from(y.data as BigInt64Array, Number) }
}
const engine = await createInt8Engine('wasm')
const valData = samplesOf(val)
const ctx0 = { graph: doc.graph, library, targets: TARGETS }
const valSamples = collectExitSamples(doc.graph, 's8', engine, valData.raw, valData.labels)
const calibrated = calibrateExits(ctx0, valSamples, MAX_LOSS)
const graph: Graph = applyChanges(doc.graph, calibrated.changes).graph
writeFileSync(join(work, 'early-exit.tinyforge.json'), serializeProject({ ...doc, graph }))

// 3. the held-out test set at the calibrated thresholds
const testData = samplesOf(test)
const testSamples = collectExitSamples(graph, 's8', engine, testData.raw, testData.labels)
const report: ExitReport = exitReport({ graph, library, targets: TARGETS }, testSamples)
const solo = testSamples.correct.map((c) => c.reduce((a, b) => a + b, 0) / testSamples.count)

log('\n| exit | head | rule | threshold (calibrated on train[54000:60000]) | exit rate (t10k) | accuracy of the samples it decided | accuracy if it decided every sample |')
log('|---|---|---|---|---|---|---|')
const headOf = ['strided conv 3×3/2 → global pool → FC', EXIT2_HEAD === 'gap-fc' ? 'global pool → FC' : 'strided conv 3×3/2 → global pool → FC']
report.exits.forEach((e, k) => log(`| ${e.name} | ${headOf[k]} | ${e.rule} | ${e.threshold} | ${pct(e.rate)} | ${pct(e.accuracy)} | ${pct(solo[k])} |`))
log(`| main path | — | — | — | ${pct(report.main.rate)} | ${pct(report.main.accuracy)} | ${pct(report.mainAccuracy)} |`)
log(`\nint8 accuracy on t10k: ${pct(report.accuracy)} with exits, ${pct(report.mainAccuracy)} main path alone (validation: ${pct(calibrated.report.accuracy)} vs ${pct(calibrated.report.mainAccuracy)})`)
log('\n| target | no exits | expected with exits | saving | energy no exits → expected | no exit fires (heads included) | net-loss exits |')
log('|---|---|---|---|---|---|---|')
for (const r of report.targets) {
  log(`| ${r.name} | ${r.mainLatencyMs.toFixed(3)} ms | ${r.latencyMs.toFixed(3)} ms | ${pct(r.saving)} | ${r.mainEnergyUj.toFixed(1)} → ${r.energyUj.toFixed(1)} µJ | ` +
    `${r.fullLatencyMs.toFixed(3)} ms | ${r.exits.map((e, k) => (e.netLoss ? report.exits[k].name : '')).filter(Boolean).join(', ') || 'none'} |`)
}

// 4. the C package: host on all of t10k, QEMU M4 on the first samples
const model = buildPackageModel(graph, library)
const ts = (await createInt8Engine('ts')).prepare(graph, 's8')
const vectors: TestVector[] = testData.raw.map((raw) => {
  const input = ts.preprocess({ [model.inputs[0].nodeId]: raw })
  return { input: input[model.inputs[0].nodeId], ...expectedOutputs(graph, model, input) }
})
const files = generateCPackage(graph, { prefix: 'ee', library, model })
let hostOk = 0
const CHUNK = 2000
for (let from = 0; from < vectors.length; from += CHUNK) {
  const dir = join(work, `c-host-${from}`)
  const part = vectors.slice(from, from + CHUNK)
  writeFiles(dir, new Map([...files, ['examples/test_vectors.h', testVectorsHeader('ee', part, 'scripts/early-exit-fashion.ts: t10k')]]))
  const r = run('make', ['-s', 'test'], dir, 1_800_000)
  const m = r.stdout.match(/ee: (\d+)\/(\d+) vectors bit-exact/)
  if (!m || r.code !== 0) throw new Error(`host run failed: ${r.output.slice(-2000)}`)
  hostOk += Number(m[1])
}
log(`\nC package on the host: ${hostOk}/${vectors.length} t10k samples with the int8 engine's exit and output bytes`)
const qdir = join(work, 'c-qemu')
writeFiles(qdir, new Map([...files, ['examples/test_vectors.h', testVectorsHeader('ee', vectors.slice(0, QEMU), 'scripts/early-exit-fashion.ts: t10k')]]))
const q = run('make', ['-s', 'test-qemu-m4'], qdir, 3_600_000)
const qm = q.stderr.match(/ee: (\d+)\/(\d+) vectors bit-exact/)
if (!qm || q.code !== 0) throw new Error(`QEMU run failed: ${q.output.slice(-2000)}`)
const lastNs = Number(q.stderr.match(/last invoke (\d+) ns/)![1])
const ticks = [...q.stderr.matchAll(/vector (\d+): ok, (\d+) ticks, exit (\d)/g)].map((m) => ({ v: Number(m[1]), ticks: Number(m[2]), exit: Number(m[3]) }))
const nsPerTick = lastNs / ticks[ticks.length - 1].ticks
const byExit = [0, 1, 2].map((k) => ticks.filter((x) => x.exit === k).map((x) => x.ticks * nsPerTick))
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const m4 = CATALOG_TARGETS.find((x) => x.id === 'nucleo-l4r5zi')!
const analysis = analyzeGraph(graph, library)
const portable = exitTargetCosts(estimate(graph, library, [m4], { analysis, runtime: 'portable' }), graph, exitSites(graph, analysis), analysis)[0]
const full = mean(byExit[2])
log(`\nQEMU mps2-an386 (Cortex-M4, portable kernels): ${qm[1]}/${qm[2]} t10k samples with the int8 engine's exit and bytes`)
log('\n| stops at | samples | instructions per inference (mean, QEMU) | share of a full run, QEMU | estimator\'s share (portable, Cortex-M4) | difference |')
log('|---|---|---|---|---|---|')
const shares: { name: string; qemu: number; estimate: number }[] = []
byExit.forEach((xs, k) => {
  if (xs.length === 0) return
  const name = k < 2 ? report.exits[k].name : 'main path'
  const est = k < 2 ? portable.prefixMs[k] / portable.fullMs : 1
  const share = mean(xs) / full
  shares.push({ name, qemu: share, estimate: est })
  log(`| ${name} | ${xs.length} | ${Math.round(mean(xs)).toLocaleString('en-US')} | ${pct(share)} | ${pct(est)} | ${((100 * (est - share)) / share).toFixed(1)} % |`)
})

// 5. per layer: one full run (no exit fires) on QEMU, instructions by node, against the estimator's cycles
const never: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.op === 'Exit' ? { ...n, attrs: { ...n.attrs, threshold: 256 } } : n)) }
const counted = countInstructions(writePackage(never, library, 'eefull'), ARM_BOARDS.m4)
const est = estimate(never, library, [m4], { runtime: 'portable' }).targets[0]
const cycles = new Map(est.layers.map((l) => [l.node, l.cycles]))
const totalInsn = counted.nodes.reduce((a, n) => a + n.instructions, 0)
const totalCycles = est.layers.reduce((a, l) => a + l.cycles, 0)
const neverAnalysis = analyzeGraph(never, library)
const modelled = new Map(counted.nodes.map((n) => {
  const shape = layerShapeOf(n.op, neverAnalysis.nodes.get(n.node))
  return [n.node, (shape && predictInstructions('portable/s8/dsp', shape)) ?? cycles.get(n.node) ?? 0]
}))
const totalModel = [...modelled.values()].reduce((a, b) => a + b, 0)
log('\n| layer | op | MACs | QEMU instructions | share | instruction model | share | model ÷ QEMU | cost-model cycles (portable, M4) | share | cycles ÷ QEMU |')
log('|---|---|---|---|---|---|---|---|---|---|---|')
const layers = counted.nodes.filter((n) => n.instructions > 0).map((n) => {
  const c = cycles.get(n.node) ?? 0
  const m = modelled.get(n.node) ?? 0
  log(`| ${n.name} | ${n.op} | ${n.macs.toLocaleString('en-US')} | ${n.instructions.toLocaleString('en-US')} | ${pct(n.instructions / totalInsn)} | ` +
    `${Math.round(m).toLocaleString('en-US')} | ${pct(m / totalModel)} | ${(m / n.instructions).toFixed(2)} | ` +
    `${Math.round(c).toLocaleString('en-US')} | ${pct(c / totalCycles)} | ${(c / n.instructions).toFixed(2)} |`)
  return { node: n.name, op: n.op, macs: n.macs, instructions: n.instructions, model: m, cycles: c }
})
writeFileSync(join(work, 'early-exit-results.json'), JSON.stringify({ epochs: EPOCHS, qatEpochs: QAT, maxLossPct: MAX_LOSS, exit2Head: EXIT2_HEAD,
  validation: calibrated.report, test: report, soloAccuracy: solo, host: { exact: hostOk, samples: vectors.length },
  qemu: { exact: Number(qm[1]), samples: Number(qm[2]), shares }, layers }, null, 2))
log(`\nwrote ${join(work, 'early-exit-results.json')}`)
