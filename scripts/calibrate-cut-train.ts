/**
 * Calibrates the cut-training cost model (pipelines/cut/train-cost.ts) on this machine, one thread: exports the
 * Fashion-MNIST MobileNet at widths 0.25, 0.5 and 0.75 with heads of both templates, times a training step of every layer
 * (tools/cut-train/measure_layers.py, batch 64) and fits overhead, dense and depthwise throughput and activation
 * bandwidth by least squares on the relative error. Prints the coefficients and the per-layer fit.
 * Run: npx tsx scripts/calibrate-cut-train.ts
 */
import { exportCutProject } from '../src/core/formats/cut/export-cut.ts'
import { layerFeatures } from '../src/core/pipelines/cut/train-cost.ts'
import type { LayerFeatures } from '../src/core/pipelines/cut/train-cost.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../src/core/testing/c-toolchain.ts'
import { fashionMobilenetDoc } from '../src/core/testing/cut-fixtures.ts'

const BATCH = 64
const widths = [0.25, 0.5, 0.75]
const dirs: string[] = []
const features = new Map<string, Map<string, LayerFeatures>>()
for (const width of widths) {
  const doc = fashionMobilenetDoc({ width })
  const p = exportCutProject(doc, [{ after: 'b1_pw', head: 'conv-pool-fc' }, { after: 'b4_pw', head: 'gap-fc' }])
  const dir = tempDir(`calib-${width}`)
  writeFiles(dir, p.project.files)
  dirs.push(dir)
  features.set(dir, layerFeatures(p.doc.graph))
}
const script = new URL('../tools/cut-train/measure_layers.py', import.meta.url).pathname
const r = run('env', ['OMP_NUM_THREADS=1', 'OMP_WAIT_POLICY=PASSIVE', '/usr/bin/python3', script, String(BATCH), ...dirs], '/tmp', 1_800_000)
if (r.code !== 0) throw new Error(r.output)
const measured = JSON.parse(r.stdout) as { projects: { project: string; rows: { nodes: string[]; seconds: number }[] }[] }
const sumFeatures = (fs: LayerFeatures[]): LayerFeatures & { layers: number } => ({ node: fs.map((f) => f.node).join('+'), op: fs.length === 1 ? fs[0].op : `block of ${fs.length}`,
  denseMacs: fs.reduce((s, f) => s + f.denseMacs, 0), depthwiseMacs: fs.reduce((s, f) => s + f.depthwiseMacs, 0),
  elements: fs.reduce((s, f) => s + f.elements, 0), params: fs.reduce((s, f) => s + f.params, 0), layers: fs.length })
const rows = measured.projects.flatMap((p) => p.rows.map((row) => {
  const f = sumFeatures(row.nodes.map((id) => features.get(p.project)!.get(id)!))
  return { node: f.node.slice(0, 40), op: f.op, seconds: row.seconds, f, weight: row.nodes.length > 1 ? 4 : 1 }
}))
const x = (f: LayerFeatures & { layers?: number }) => [f.layers ?? 1, BATCH * f.denseMacs, BATCH * f.depthwiseMacs, BATCH * 4 * f.elements, f.params]

function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r2 = c + 1; r2 < n; r2++) if (Math.abs(m[r2][c]) > Math.abs(m[p][c])) p = r2
    ;[m[c], m[p]] = [m[p], m[c]]
    for (let r2 = 0; r2 < n; r2++) {
      if (r2 === c) continue
      const k = m[r2][c] / m[c][c]
      for (let k2 = c; k2 <= n; k2++) m[r2][k2] -= k * m[c][k2]
    }
  }
  return m.map((row, i) => row[n] / row[i])
}

function fit(active: number[]): number[] {
  const ata = active.map(() => active.map(() => 0))
  const atb = active.map(() => 0)
  for (const row of rows) {
    const w = row.weight / row.seconds
    const xs = x(row.f)
    active.forEach((i, a) => {
      atb[a] += w * w * xs[i] * row.seconds
      active.forEach((j, b) => { ata[a][b] += w * w * xs[i] * xs[j] })
    })
  }
  const theta = [0, 0, 0, 0, 0]
  solve(ata, atb).forEach((v, a) => { theta[active[a]] = v })
  return theta
}

let active = [0, 1, 2, 3, 4]
let theta = fit(active)
while (theta.some((v, i) => active.includes(i) && v < 0)) {
  active = active.filter((i) => theta[i] >= 0)
  theta = fit(active)
}
const predict = (f: LayerFeatures) => x(f).reduce((s, v, i) => s + v * theta[i], 0)
const errors = rows.filter((row) => row.weight > 1).map((row) => (predict(row.f) - row.seconds) / row.seconds)
for (const row of rows.filter((r) => r.weight > 1)) {
  console.log(`${row.op.padEnd(18)} ${row.node.padEnd(14)} measured ${(row.seconds * 1000).toFixed(3)} ms  predicted ${(predict(row.f) * 1000).toFixed(3)} ms`)
}
const total = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((s, row) => s + pick(row), 0)
console.log(JSON.stringify({
  batch: BATCH, layers: rows.length,
  overheadUs: theta[0] * 1e6, gmacPerS: theta[1] > 0 ? 1e-9 / theta[1] : Infinity,
  depthwiseGmacPerS: theta[2] > 0 ? 1e-9 / theta[2] : Infinity, activationGBps: theta[3] > 0 ? 1e-9 / theta[3] : Infinity,
  updateMParamsPerS: theta[4] > 0 ? 1e-6 / theta[4] : Infinity,
  blockMeanAbsErrorPct: (100 * errors.reduce((s, e) => s + Math.abs(e), 0)) / errors.length,
  totalMeasuredMs: total((row) => row.seconds) * 1000, totalPredictedMs: total((row) => predict(row.f)) * 1000,
}, null, 1))
removeTempDirs()
