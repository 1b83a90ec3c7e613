/**
 * Measures what decoding palettized weights costs on QEMU and writes src/core/estimate/weight-decode-cost.json, the
 * estimator's decode coefficients (estimate/decode-cost.ts), with the figures docs/compression.md quotes.
 *
 *   npx tsx scripts/measure-weight-decoding.ts        (about a minute; needs arm-none-eabi-gcc, qemu-system-arm, make)
 *
 * MLPerf VWW int8 (MobileNetV1-0.25) is exported dense and palettized — clustered to 4, 8, 16 and 64 clusters (2, 3, 4
 * and 6-bit indices) and 256 (8-bit; every layer has fewer codes, so they are stored as they are) — and each package's one inference is counted per node with the
 * insn-segments plugin (bench/c-package-build.ts) on Cortex-M4 (the portable DSP path) and Cortex-M3 (plain C). Per
 * path, one least-squares fit over every weighted layer of every width:
 *   decoding − dense instructions = perWeight[bits] × weights + perRebuild × im2col elements rebuilt
 * (decode-cost.ts `decodeWork`); errorPct = Σ|fit − measured| / Σ measured over those layers, in percent of the extra.
 * Sparse weights (magnitude pruning, sparse format, 50 / 80 / 90 %): per path and op kind, a line through the layers'
 * sparse ÷ dense instructions against their density (nnz / N), `sparse[path][kind] = { alpha, beta }`, and `pooled`
 * over every kind; errorPct = Σ dense·|fit − ratio| / Σ dense·ratio.
 * `vww` records, per width (and sparsity) and core, the instructions of the weighted layers (Conv2D, DepthwiseConv2D, FullyConnected)
 * decoding vs dense, the whole inference, and each package's bit-exact verdict.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ArmBoard, InstructionCount } from '../bench/c-package-build.ts'
import { ARM_BOARDS, countInstructions, writePackage } from '../bench/c-package-build.ts'
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { decodeWork } from '../src/core/estimate/decode-cost.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { kernelSite } from '../src/core/kernels/registry.ts'
import { clusterWeights } from '../src/core/pipelines/compress/cluster.ts'
import { magnitudePrune } from '../src/core/pipelines/compress/magnitude-prune.ts'
import { nonZeroCount } from '../src/core/quant/weight-encoding.ts'
import { storedEncoding } from '../src/core/quant/weight-encoding.ts'
import { mlperfGraph } from '../src/core/testing/c-fixtures.ts'
import { C_DIR, removeTempDirs } from '../src/core/testing/c-toolchain.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'

const OUT = join(C_DIR, '../../estimate/weight-decode-cost.json')
const WEIGHTED = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected'])
const dense = mlperfGraph('vww_96_int8.tflite')

const VARIANTS: [number, () => Graph][] = [
  [2, () => clusterWeights(dense, CMSIS_NN, { clusters: 4 }).graph],
  [3, () => clusterWeights(dense, CMSIS_NN, { clusters: 8 }).graph],
  [4, () => clusterWeights(dense, CMSIS_NN, { clusters: 16 }).graph],
  [6, () => clusterWeights(dense, CMSIS_NN, { clusters: 64 }).graph],
  [8, () => clusterWeights(dense, CMSIS_NN, { clusters: 256 }).graph],
]

/** Per weighted node: its decode work (from its site) — the fit's features. */
function features(g: Graph) {
  const a = analyzeGraph(g, CMSIS_NN)
  const out = new Map<string, { bits: number; weights: number; rebuild: number }>()
  for (const n of g.nodes) {
    const info = a.nodes.get(n.id)!
    const e = storedEncoding(n.weights?.weights)
    if (!WEIGHTED.has(n.op) || !e) continue
    const site = kernelSite(n.op, 's8', info.attrs, info.inputs, info.output!)!
    const w = decodeWork({ ...site, encoding: e })
    if (w?.kind === 'palette') out.set(n.id, w)
  }
  return out
}

const weightedInstructions = (c: InstructionCount, g: Graph) => {
  const ops = new Map(g.nodes.map((n) => [n.id, n.op]))
  return c.nodes.filter((n) => WEIGHTED.has(ops.get(n.node) ?? '')).reduce((s, n) => s + n.instructions, 0)
}

/** Solves A x = b (small, dense) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length
  const m = A.map((row, i) => [...row, b[i]])
  for (let c = 0; c < n; c++) {
    const p = m.slice(c).reduce((best, row, i) => (Math.abs(row[c]) > Math.abs(m[best][c]) ? c + i : best), c)
    ;[m[c], m[p]] = [m[p], m[c]]
    for (let r = 0; r < n; r++) {
      if (r === c || m[c][c] === 0) continue
      const f = m[r][c] / m[c][c]
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k]
    }
  }
  return m.map((row, i) => row[n] / row[i])
}

const BITS = VARIANTS.map(([b]) => b)
const SPARSITIES = [0.5, 0.8, 0.9]
const sparse: Record<string, unknown> = {}
const palette: Record<string, unknown> = {}
const vww: Record<string, unknown> = {}
for (const [path, board] of [['dsp', ARM_BOARDS.m4], ['c', ARM_BOARDS.m3]] as [string, ArmBoard][]) {
  const base = countInstructions(writePackage(dense, CMSIS_NN, 'vww'), board)
  const baseBy = new Map(base.nodes.map((n) => [n.node, n.instructions]))
  const rows: { bits: number; weights: number; rebuild: number; extra: number }[] = []
  const perBits: Record<string, unknown> = {}
  for (const [bits, make] of VARIANTS) {
    const g = make()
    const count = countInstructions(writePackage(g, CMSIS_NN, `vww_pal${bits}`), board)
    for (const [id, f] of features(g)) rows.push({ ...f, extra: count.nodes.find((n) => n.node === id)!.instructions - baseBy.get(id)! })
    const weighted = weightedInstructions(count, g)
    const denseWeighted = weightedInstructions(base, dense)
    perBits[String(bits)] = { weightedLayers: weighted, denseWeightedLayers: denseWeighted, ratio: Math.round((weighted / denseWeighted) * 1000) / 1000,
      perInference: count.perInference, densePerInference: base.perInference, verdict: count.verdict }
    console.log(`${board.core} ${bits}-bit: weighted layers ${weighted} vs ${denseWeighted} (×${(weighted / denseWeighted).toFixed(3)}), ` +
      `inference ${count.perInference} vs ${base.perInference}; ${count.verdict}`)
  }
  // Unknowns: perWeight[b] for each width, then perRebuild.
  const n = BITS.length + 1
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  const y = new Array<number>(n).fill(0)
  for (const r of rows) {
    const x = new Array<number>(n).fill(0)
    x[BITS.indexOf(r.bits)] = r.weights
    x[n - 1] = r.rebuild
    for (let i = 0; i < n; i++) {
      y[i] += x[i] * r.extra
      for (let j = 0; j < n; j++) A[i][j] += x[i] * x[j]
    }
  }
  const coef = solve(A, y)
  const fit = (r: (typeof rows)[number]) => coef[BITS.indexOf(r.bits)] * r.weights + coef[n - 1] * r.rebuild
  const errorPct = (100 * rows.reduce((s, r) => s + Math.abs(fit(r) - r.extra), 0)) / rows.reduce((s, r) => s + Math.abs(r.extra), 0)
  const round = (x: number) => Math.round(x * 1000) / 1000
  palette[path] = { perWeight: Object.fromEntries(BITS.map((b, i) => [String(b), round(coef[i])])), perRebuild: round(coef[n - 1]),
    errorPct: Math.round(errorPct * 10) / 10, layers: rows.length, measuredOn: board.core }
  console.log(`${path}: ${JSON.stringify(palette[path])}`)

  // Sparse: sparse ÷ dense per layer against density, a line per op kind.
  const points: { kind: string; density: number; ratio: number; dense: number }[] = []
  for (const s of SPARSITIES) {
    const g = magnitudePrune(dense, CMSIS_NN, { sparsity: s, format: 'sparse' }).graph
    const count = countInstructions(writePackage(g, CMSIS_NN, `vww_sparse${Math.round(s * 100)}`), board)
    const byId = new Map(g.nodes.map((x) => [x.id, x]))
    for (const n of count.nodes) {
      const node = byId.get(n.node)!
      if (!WEIGHTED.has(node.op)) continue
      const w = node.weights!.weights.data
      points.push({ kind: n.kind, density: nonZeroCount(w) / w.length, ratio: n.instructions / baseBy.get(n.node)!, dense: baseBy.get(n.node)! })
    }
    const weighted = weightedInstructions(count, g)
    const denseWeighted = weightedInstructions(base, dense)
    perBits[`sparse-${s}`] = { weightedLayers: weighted, denseWeightedLayers: denseWeighted, ratio: Math.round((weighted / denseWeighted) * 1000) / 1000,
      perInference: count.perInference, densePerInference: base.perInference, verdict: count.verdict }
    console.log(`${board.core} sparse ${s}: weighted layers ${weighted} vs ${denseWeighted} (×${(weighted / denseWeighted).toFixed(3)}); ${count.verdict}`)
  }
  const line = (ps: typeof points) => {
    const w = ps.map((p) => p.dense)
    const sw = w.reduce((a, b) => a + b, 0)
    const mx = ps.reduce((s, p, i) => s + w[i] * p.density, 0) / sw
    const my = ps.reduce((s, p, i) => s + w[i] * p.ratio, 0) / sw
    const sxx = ps.reduce((s, p, i) => s + w[i] * (p.density - mx) ** 2, 0)
    const sxy = ps.reduce((s, p, i) => s + w[i] * (p.density - mx) * (p.ratio - my), 0)
    const beta = sxx > 0 ? sxy / sxx : 0
    const alpha = my - beta * mx
    const err = ps.reduce((s, p, i) => s + w[i] * Math.abs(alpha + beta * p.density - p.ratio), 0) / ps.reduce((s, p, i) => s + w[i] * p.ratio, 0)
    const round = (x: number) => Math.round(x * 1000) / 1000
    return { alpha: round(alpha), beta: round(beta), errorPct: Math.round(err * 1000) / 10, layers: ps.length }
  }
  const kinds = [...new Set(points.map((p) => p.kind))]
  sparse[path] = { ...Object.fromEntries(kinds.map((k) => [k, line(points.filter((p) => p.kind === k))])), pooled: line(points) }
  console.log(`${path} sparse: ${JSON.stringify(sparse[path])}`)
  vww[board.core] = perBits
}

const report = {
  generator: 'scripts/measure-weight-decoding.ts',
  method: 'least squares over MLPerf VWW int8 layers palettized at 2, 3, 4, 6 and 8 bits, and pruned to 50/80/90 % sparse, vs dense; QEMU insn-segments counts',
  note: 'Generated file: do not edit.',
  palette,
  sparse,
  vww,
}
writeFileSync(OUT, `${JSON.stringify(report, null, 1)}\n`)
console.log(`wrote ${OUT}`)
removeTempDirs()
