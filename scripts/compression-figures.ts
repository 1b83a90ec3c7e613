/**
 * Prints the palettization and sparsity figures of docs/compression.md: MLPerf VWW int8 dense, clustered to 64, 16, 8
 * and 4 clusters per layer, and magnitude-pruned to 80 % zeros (dense kernels; sparse format) — weight storage (packed indices + codebooks) against the int8 weights, estimate() (portable
 * runtime, NUCLEO-F446RE's Cortex-M4) against the built package (make size-m4: model image − board image), and the
 * package's bit-exact run on qemu mps2-an386 with its instructions per inference (insn-segments plugin).
 *   npx tsx scripts/compression-figures.ts          (about a minute; arm-none-eabi-gcc, qemu-system-arm, make)
 */
import { ARM_BOARDS, countInstructions, writePackage } from '../bench/c-package-build.ts'
import { M4_TARGET, compareSizes } from '../bench/c-package.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import { clusterWeights } from '../src/core/pipelines/compress/cluster.ts'
import { magnitudePrune } from '../src/core/pipelines/compress/magnitude-prune.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { mlperfGraph } from '../src/core/testing/c-fixtures.ts'
import { removeTempDirs } from '../src/core/testing/c-toolchain.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'

const vww = mlperfGraph('vww_96_int8.tflite')
const rows: string[][] = [['weights', 'weights B', 'of int8', 'predicted flash', 'built flash', 'Δ', 'predicted RAM', 'built RAM',
  'predicted ms', 'instructions', 'vs dense', 'QEMU M4']]
let denseInstr = 0
const dense = clusterWeights(vww, CMSIS_NN, { clusters: 16 }).layers.reduce((s, l) => s + l.denseBytes, 0)
const variants: [string, () => { graph: Graph; stored: number }][] = [
  ['dense int8', () => ({ graph: vww, stored: dense })],
  ...[64, 16, 8, 4].map((k) => [`${k} clusters`, () => {
    const r = clusterWeights(vww, CMSIS_NN, { clusters: k })
    return { graph: r.graph, stored: r.layers.reduce((s, l) => s + l.packedBytes, 0) }
  }] as [string, () => { graph: Graph; stored: number }]),
  ...(['dense', 'sparse'] as const).map((format) => [`80 % zeros, ${format} format`, () => {
    const r = magnitudePrune(vww, CMSIS_NN, { sparsity: 0.8, format })
    return { graph: r.graph, stored: r.layers.reduce((s, l) => s + l.bytesAfter, 0) }
  }] as [string, () => { graph: Graph; stored: number }]),
]
for (const [label, make] of variants) {
  const { graph: g, stored } = make()
  const k = label === 'dense int8' ? 0 : 1
  const pkg = writePackage(g, CMSIS_NN, `vww_${label.replace(/\W+/g, '_')}`)
  const s = compareSizes(pkg, ARM_BOARDS.m4, M4_TARGET)
  const count = countInstructions(pkg, ARM_BOARDS.m4)
  if (k === 0) denseInstr = count.perInference
  const t = estimate(g, CMSIS_NN, [M4_TARGET], { runtime: 'portable' }).targets[0]
  rows.push([label, String(stored), `${((100 * stored) / dense).toFixed(1)} %`, String(s.predictedFlash), String(s.builtFlash),
    `${((100 * (s.predictedFlash - s.builtFlash)) / s.builtFlash).toFixed(2)} %`, String(s.predictedRam), String(s.builtRam),
    t.latencyMs!.toFixed(1), String(count.perInference), `×${(count.perInference / denseInstr).toFixed(3)}`, count.verdict.replace(/^\S+ /, '')])
  console.log(rows[rows.length - 1].join(' | '))
}
console.log(`\n| ${rows[0].join(' | ')} |\n|${rows[0].map(() => '---').join('|')}|\n${rows.slice(1).map((r) => `| ${r.join(' | ')} |`).join('\n')}`)
removeTempDirs()
